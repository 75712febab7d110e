package httpkit

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"

	"shop/internal/logctx"
)

// IPExtractor decides which address is the shopper's. X-Forwarded-For and X-Real-IP are anyone's to write, so
// they count only when the connection comes from one of the trusted proxies (none by default): then the address
// is the first untrusted one reading X-Forwarded-For from the right (what the proxies themselves appended), or
// X-Real-IP when there is no X-Forwarded-For. Loopback and private networks are not trusted implicitly: a proxy on
// them must be listed like any other.
func IPExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	xff, realIP := echo.ExtractIPFromXFFHeader(opts...), echo.ExtractIPFromRealIPHeader(opts...)
	return func(r *http.Request) string {
		if len(r.Header.Values(echo.HeaderXForwardedFor)) > 0 {
			return xff(r)
		}
		return realIP(r)
	}
}

// unknownIP stands in when the peer's address cannot be read (never over TCP; a test or a unix socket): Frotel
// requires an IP for download orders and rejects anything that is not one.
const unknownIP = "0.0.0.0"

// ClientIP is the shopper's address as sent upstream: always a valid IP, in canonical form.
func ClientIP(c echo.Context) string {
	if ip := net.ParseIP(c.RealIP()); ip != nil {
		return ip.String()
	}
	return unknownIP
}

// requestIDPattern bounds a request id handed over by a trusted proxy: short, and nothing that could forge a log
// line or a page.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)

// RequestIDs gives every request an id, shown on error pages and in every log line. The shop makes its own; it
// keeps an X-Request-ID only when a trusted proxy sent it and it fits requestIDPattern, so one id can follow a
// request through the proxy's logs and ours. A client's own X-Request-ID is never used.
func RequestIDs(trusted []*net.IPNet) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			id := r.Header.Get(echo.HeaderXRequestID)
			// The peer is checked first: most requests come from no trusted proxy, and theirs is never read.
			if id == "" || !fromTrustedProxy(r, trusted) || !requestIDPattern.MatchString(id) {
				id = newRequestID()
			}
			// Handlers and the error page read the id back from here, never from the request.
			c.Response().Header().Set(echo.HeaderXRequestID, id)
			r.Header.Set(echo.HeaderXRequestID, id)
			// Every log line written with the request's context carries the id (logctx.Handler).
			c.SetRequest(r.WithContext(logctx.WithRequestID(r.Context(), id)))
			return next(c)
		}
	}
}

func fromTrustedProxy(r *http.Request, trusted []*net.IPNet) bool {
	if len(trusted) == 0 {
		return false
	}
	ip := net.ParseIP(echo.ExtractIPDirect()(r))
	if ip == nil {
		return false
	}
	for _, n := range trusted {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
