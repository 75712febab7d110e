package web

import (
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
// The dashboard keeps a token bound to the admin session on every form as well (defence in depth: it changes
// orders, products and accounts), which it checks itself (internal/web/dashboard/csrf.go).

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
