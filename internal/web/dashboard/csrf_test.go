package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/admin"
	"shop/internal/web/webtest"
)

// TestDashboardCSRFIsBoundToTheAdminSession posts the same state-changing form (hide a product), from the shop's
// own origin, with every token but the right one: the dashboard's token belongs to the admin session and is read
// from the body, so none, a made-up one, the shopper's, another account's, the one from before signing in again
// and the right one in the query string are all refused with the Persian 403 page, and the product stays in the
// catalog.
func TestDashboardCSRFIsBoundToTheAdminSession(t *testing.T) {
	const hide = "/admin/products/saffron-1m/hide"
	for _, tc := range []struct {
		name  string
		token func(t *testing.T, s *fullShop, c *webtest.Client) string
		want  int
	}{
		{"no token", func(*testing.T, *fullShop, *webtest.Client) string { return "" }, http.StatusForbidden},
		{"a token that is not one", func(*testing.T, *fullShop, *webtest.Client) string { return "forged" }, http.StatusForbidden},
		{"the shopper session's token", func(t *testing.T, _ *fullShop, c *webtest.Client) string {
			c.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}}) // the browser has a shopper session too
			return c.Get("/cart").CSRF()
		}, http.StatusForbidden},
		{"another account's token", func(t *testing.T, s *fullShop, _ *webtest.Client) string {
			if _, err := s.Accounts.SaveAccount(context.Background(), "other@shop.test", adminPassword, admin.Owner); err != nil {
				t.Fatal(err)
			}
			other := webtest.NewClient(t, s.URL)
			if r := other.Post("/admin/login", url.Values{"email": {"other@shop.test"}, "password": {adminPassword}}); r.Status != http.StatusSeeOther {
				t.Fatalf("other sign-in: status %d", r.Status)
			}
			return other.Get("/admin/products").CSRF()
		}, http.StatusForbidden},
		{"the token of the session before signing in again", func(t *testing.T, _ *fullShop, c *webtest.Client) string {
			old := c.Get("/admin/products").CSRF()
			if r := c.Submit("/admin", "/admin/logout", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("sign out: status %d", r.Status)
			}
			if r := c.Post("/admin/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}); r.Status != http.StatusSeeOther {
				t.Fatalf("sign in again: status %d", r.Status)
			}
			return old
		}, http.StatusForbidden},
		{"this session's token, but in the query string", func(t *testing.T, _ *fullShop, c *webtest.Client) string {
			return "query:" + c.Get("/admin/products").CSRF()
		}, http.StatusForbidden},
		{"this session's token", func(t *testing.T, _ *fullShop, c *webtest.Client) string {
			return c.Get("/admin/products").CSRF()
		}, http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newFullShop(t, shopOptions{})
			c := signedIn(t, s)
			tok := tc.token(t, s, c)
			form, path := url.Values{}, hide
			if q, ok := strings.CutPrefix(tok, "query:"); ok {
				path += "?_csrf=" + url.QueryEscape(q) // the token is read from the body only
			} else if tok != "" {
				form.Set("_csrf", tok)
			}
			r := c.Post(path, form)
			if r.Status != tc.want {
				t.Fatalf("POST %s: status %d, want %d\n%s", path, r.Status, tc.want, r.Body)
			}
			hidden := !c.Get("/").Has("product-saffron-1m")
			if hidden != (tc.want == http.StatusSeeOther) {
				t.Fatalf("after status %d the product is hidden=%v", r.Status, hidden)
			}
			if tc.want == http.StatusForbidden && !strings.Contains(r.Body, "درخواست پذیرفته نشد") {
				t.Errorf("a refused form gets the Persian 403 page\n%s", r.Body)
			}
		})
	}
}

// TestDashboardTokensDifferOnEveryPage: the token is masked afresh on each page, so a compressed page never
// repeats its bytes, and every mask of it is accepted.
func TestDashboardTokensDifferOnEveryPage(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	a, b := c.Get("/admin/products").CSRF(), c.Get("/admin/products").CSRF()
	if a == "" || a == b {
		t.Fatalf("tokens %q and %q: want two different masks", a, b)
	}
	if r := c.Post("/admin/products/saffron-1m/hide", url.Values{"_csrf": {a}}); r.Status != http.StatusSeeOther {
		t.Fatalf("the first page's token: status %d", r.Status)
	}
}
