package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// Cross-site request forgery is refused in two ways.
//
// Every state-changing request, the shopper's and the dashboard's, passes net/http's CrossOriginProtection: a
// browser says where a request comes from (Sec-Fetch-Site, or else Origin), and a form posted from another site is
// refused before any handler runs. The shopper's cookie is SameSite=Lax besides, so such a form would not even
// carry the basket. Shopper pages therefore carry no token at all: every shopper sees the same bytes of a page,
// which is what lets the catalog's pages be kept compressed once (pagecache.go).
//
// The dashboard keeps a session-bound token on every form as well (defence in depth: it changes orders, products
// and accounts), checked by csrfGuard.

// newCrossOriginGuard is the standard library's check with the only routes that other sites may post to: the bank's
// callback (verified with Frotel's checkPay instead) and the built-in sandbox, which stands in for other companies'
// servers. baseURL's origin is trusted besides the request's own host, for a proxy that rewrites the host.
func newCrossOriginGuard(baseURL string) (*http.CrossOriginProtection, error) {
	p := http.NewCrossOriginProtection()
	p.AddInsecureBypassPattern("/payment/callback/")
	p.AddInsecureBypassPattern("/sandbox/")
	if u, err := url.Parse(baseURL); err == nil && u.Scheme != "" && u.Host != "" {
		if err := p.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// crossOriginGuard refuses, with the Persian 403 page, what the cross-origin check refuses.
func (s *Server) crossOriginGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.crossOrigin.Check(c.Request()); err != nil {
			return echo.NewHTTPError(http.StatusForbidden, "cross-origin request").WithInternal(err)
		}
		return next(c)
	}
}

// csrfField is the form field the dashboard's forms carry their token in.
const csrfField = "_csrf"

const (
	keyCSRF   = "csrf"
	csrfBytes = 32
)

// csrfGuard, behind the dashboard's sign-in guard, refuses state-changing dashboard requests whose form body does not carry this session's token. The
// token lives in the session (signed and encrypted), so a cookie and a field an attacker plants together prove
// nothing, and it is read from the body only, so it never sits in a URL, a log or a Referer.
func (s *Server) csrfGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			return next(c)
		}
		want, _ := s.session(c).raw.Values[keyCSRF].([]byte)
		got, ok := unmaskToken(r.PostFormValue(csrfField))
		if len(want) != csrfBytes || !ok || subtle.ConstantTimeCompare(got, want) != 1 {
			if tooLarge, _ := c.Get(ctxBodyTooLarge).(bool); tooLarge {
				return echo.ErrStatusRequestEntityTooLarge // half a form has no token: say what really happened
			}
			// A missing and a wrong token are the same thing to a person: the form is stale or forged.
			return echo.NewHTTPError(http.StatusForbidden, "csrf")
		}
		return next(c)
	}
}

// csrfToken is the token for a dashboard page's forms: the session's secret, created on first use, under a fresh
// mask each time so that the page's bytes never repeat it (a compressed page cannot leak it by its length).
func (s *Server) csrfToken(c echo.Context) string {
	sess := s.session(c)
	tok, _ := sess.raw.Values[keyCSRF].([]byte)
	if len(tok) != csrfBytes {
		tok = make([]byte, csrfBytes)
		_, _ = rand.Read(tok) // crypto/rand.Read never fails (Go 1.24+)
		sess.set(keyCSRF, tok)
	}
	return maskToken(tok)
}

func maskToken(tok []byte) string {
	out := make([]byte, 2*len(tok))
	pad := out[:len(tok)]
	_, _ = rand.Read(pad)
	for i, b := range tok {
		out[len(tok)+i] = b ^ pad[i]
	}
	return base64.RawURLEncoding.EncodeToString(out)
}

func unmaskToken(s string) ([]byte, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) != 2*csrfBytes {
		return nil, false
	}
	tok := make([]byte, csrfBytes)
	for i := range tok {
		tok[i] = raw[i] ^ raw[csrfBytes+i]
	}
	return tok, true
}
