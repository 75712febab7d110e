package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestSecurityHeaders: the fixed headers on every answer; HSTS only on a shop whose base URL is https, whatever a
// request's X-Forwarded-Proto says; a handler's own change to one header touches no other answer.
func TestSecurityHeaders(t *testing.T) {
	for _, tc := range []struct {
		name      string
		https     bool
		forwarded string
		wantHSTS  bool
	}{
		{"https shop", true, "", true},
		{"http shop", false, "", false},
		{"http shop, a request claiming https", false, "https", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := echo.New()
			mw := securityHeaders(tc.https)
			h := mw(func(c echo.Context) error {
				c.Response().Header().Set("X-Frame-Options", "SAMEORIGIN") // one handler's own choice
				return c.NoContent(http.StatusNoContent)
			})
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tc.forwarded != "" {
				req.Header.Set("X-Forwarded-Proto", tc.forwarded)
			}
			rec := httptest.NewRecorder()
			if err := h(e.NewContext(req, rec)); err != nil {
				t.Fatal(err)
			}
			if got := rec.Header().Get("Strict-Transport-Security") != ""; got != tc.wantHSTS {
				t.Errorf("HSTS sent: %v, want %v", got, tc.wantHSTS)
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Content-Security-Policy") != contentSecurityPolicy {
				t.Errorf("headers %v", rec.Header())
			}
			// The next answer still has the shared value.
			rec2 := httptest.NewRecorder()
			_ = mw(func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })(e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec2))
			if got := rec2.Header().Get("X-Frame-Options"); got != "DENY" {
				t.Errorf("X-Frame-Options on the next answer: %q", got)
			}
		})
	}
}
