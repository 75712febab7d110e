package dashboard

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/apperr"
)

// requireOwner guards the pages staff may not open (settings, accounts); the pages that use it arrive later.
func TestRequireOwner(t *testing.T) {
	d := &Dashboard{}
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	for _, tc := range []struct {
		name    string
		account *admin.Account
		want    int
	}{
		{"owner", &admin.Account{Role: admin.Owner}, http.StatusNoContent},
		{"staff", &admin.Account{Role: admin.Staff}, http.StatusForbidden},
		{"nobody", nil, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := echo.New()
			rec := httptest.NewRecorder()
			c := e.NewContext(httptest.NewRequest(http.MethodGet, "/admin/settings", nil), rec)
			if tc.account != nil {
				c.Set(ctxAdmin, tc.account)
			}
			err := d.requireOwner(ok)(c)
			got := rec.Code
			if err != nil && apperr.CodeOf(err) == apperr.Forbidden { // the shop's error handler answers 403
				got = http.StatusForbidden
			} else if err != nil {
				got = http.StatusInternalServerError
			}
			if got != tc.want {
				t.Errorf("status %d, want %d", got, tc.want)
			}
		})
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                      "/admin",
		"/admin":                "/admin",
		"/admin/orders?state=x": "/admin/orders?state=x",
		"/admin?done=1":         "/admin?done=1",
		"/administrator":        "/admin",
		"//evil.example/admin":  "/admin",
		"https://evil.example":  "/admin",
		"/admin\\@evil.example": "/admin",
		"/":                     "/admin",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
