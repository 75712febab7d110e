package web

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// front is the handler in front of echo. It serves what must stay out of the session/CSRF chain (static files,
// /metrics) and answers HEAD wherever GET is answered: echo v4 routes HEAD only where it is registered, and
// monitors and link checkers send HEAD /, HEAD /healthz.
func (s *Server) front(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/static/"):
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		s.static.ServeHTTP(rec, r) // answers HEAD itself
		s.observe("/static/*", r.Method, rec.status, time.Since(start))
		return
	case r.URL.Path == "/metrics" && s.deps.Metrics != nil:
		if !s.metricsAllowed(r) {
			http.NotFound(w, r)
			return
		}
		s.deps.Metrics.Handler().ServeHTTP(w, r)
		return
	case strings.HasPrefix(r.URL.Path, "/debug/pprof/") && s.deps.Metrics != nil:
		// Profiles of the live process, behind the same guard as /metrics: how this shop's pages were made fast.
		if !s.metricsAllowed(r) {
			http.NotFound(w, r)
			return
		}
		profiles.ServeHTTP(w, r)
		return
	}
	if r.Method == http.MethodHead {
		get := r.WithContext(r.Context())
		get.Method = http.MethodGet
		r, w = get, headWriter{w}
	}
	s.e.ServeHTTP(w, r)
}

// profiles are net/http/pprof's handlers, on a mux of their own (the package's init registers them on
// http.DefaultServeMux, which the shop never serves).
var profiles = func() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	return mux
}()

// headWriter answers a HEAD with the GET's status and headers and drops the body (net/http drops it too on a
// real connection; this also covers other callers, such as tests with a recorder).
type headWriter struct{ http.ResponseWriter }

func (headWriter) Write(p []byte) (int, error)       { return len(p), nil }
func (h headWriter) Unwrap() http.ResponseWriter     { return h.ResponseWriter }
func (headWriter) WriteString(s string) (int, error) { return len(s), nil }

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int)        { r.status = code; r.ResponseWriter.WriteHeader(code) }
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// metricsAllowed keeps /metrics from shoppers. With SHOP_METRICS_TOKEN set, the scraper must send it as a bearer
// token. Without one, only a direct loopback request is served, and never when the shop is behind https: a TLS
// terminator on the same machine makes every shopper's request come from loopback.
func (s *Server) metricsAllowed(r *http.Request) bool {
	if tok := s.deps.MetricsToken; tok != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return ok && subtle.ConstantTimeCompare([]byte(got), []byte(tok)) == 1
	}
	if s.deps.SecureCookies {
		return false
	}
	for _, h := range []string{"X-Forwarded-For", "X-Real-Ip", "Forwarded"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	return err == nil && ip != nil && ip.IsLoopback()
}

// observeRequests records every request echo answers, by route pattern (c.Path()), never the raw path.
func (s *Server) observeRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		status := c.Response().Status
		if err != nil && !c.Response().Committed {
			// The error handler writes the status after this returns; take it from the error.
			status = http.StatusInternalServerError
			if he, ok := err.(*echo.HTTPError); ok {
				status = he.Code
			}
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		s.observe(route, c.Request().Method, status, time.Since(start))
		return err
	}
}

func (s *Server) observe(route, method string, status int, d time.Duration) {
	if s.deps.Metrics != nil {
		s.deps.Metrics.HTTPRequest(route, method, status, d)
	}
}
