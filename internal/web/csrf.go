package web

import (
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/web/httpkit"
)

// csrfField is the form field every template's csrfField component writes.
const csrfField = "_csrf"

const (
	keyCSRF   = "csrf"
	csrfBytes = httpkit.TokenBytes
)

// csrfGuard refuses state-changing requests whose form body does not carry this session's token. The token lives
// in the session (signed and encrypted), so a cookie and a field an attacker plants together prove nothing, and
// it is read from the body only, so it never sits in a URL, a log or a Referer.
func (s *Server) csrfGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			return next(c)
		}
		if csrfExempt(c) || dashboardPath(r.URL.Path) {
			return next(c)
		}
		want, _ := s.session(c).raw.Values[keyCSRF].([]byte)
		got, ok := httpkit.UnmaskToken(r.PostFormValue(csrfField))
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

// dashboardPath reports whether a path is the dashboard's: it checks its own tokens, bound to the admin session
// (internal/web/dashboard), and never reads the shopper's session.
func dashboardPath(p string) bool { return p == "/admin" || strings.HasPrefix(p, "/admin/") }

// csrfToken is the token for this page's forms: the session's secret, created on first use, under a fresh mask
// each time so that the page's bytes never repeat it (a compressed page cannot leak it by its length).
func (s *Server) csrfToken(c echo.Context) string {
	sess := s.session(c)
	tok, _ := sess.raw.Values[keyCSRF].([]byte)
	if len(tok) != csrfBytes {
		tok = make([]byte, csrfBytes)
		_, _ = rand.Read(tok) // crypto/rand.Read never fails (Go 1.24+)
		sess.raw.Values[keyCSRF] = tok
		s.saveSession(c, sess)
	}
	return httpkit.MaskToken(tok)
}
