package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/web/webtest"
)

// TestCSRFTokenIsBoundToTheSession tries what an attacker can do without the shopper's session: plant a cookie
// and a matching form field, move the token into the query string, or use a token of another session.
func TestCSRFTokenIsBoundToTheSession(t *testing.T) {
	ts, _ := newShop(t)
	attacker := webtest.NewClient(t, ts.URL)
	attackerToken := attacker.Get("/").CSRF()
	if attackerToken == "" {
		t.Fatal("no CSRF token on the catalog")
	}
	post := func(c *webtest.Client, path string, form url.Values, cookies ...*http.Cookie) webtest.Page {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		resp, err := c.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return webtest.Read(t, resp)
	}
	tests := []struct {
		name string
		send func(victim *webtest.Client, victimToken string) webtest.Page
	}{
		{"planted cookie and matching field", func(victim *webtest.Client, _ string) webtest.Page {
			// Exactly what echo's double-submit check compared: a cookie and a field the attacker both chose.
			fresh := webtest.NewClient(t, ts.URL)
			return post(fresh, "/cart/add", url.Values{"code": {"saffron-1m"}, "_csrf": {"planted-token"}},
				&http.Cookie{Name: "shop_csrf", Value: "planted-token"})
		}},
		{"the session's own token in the query string", func(victim *webtest.Client, tok string) webtest.Page {
			return post(victim, "/cart/add?_csrf="+url.QueryEscape(tok), url.Values{"code": {"saffron-1m"}})
		}},
		{"another session's token", func(victim *webtest.Client, _ string) webtest.Page {
			return post(victim, "/cart/add", url.Values{"code": {"saffron-1m"}, "_csrf": {attackerToken}})
		}},
		{"no session at all", func(*webtest.Client, string) webtest.Page {
			return post(webtest.NewClient(t, ts.URL), "/cart/add", url.Values{"code": {"saffron-1m"}, "_csrf": {attackerToken}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			victim := webtest.NewClient(t, ts.URL)
			tok := victim.Get("/").CSRF()
			r := tt.send(victim, tok)
			if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "درخواست پذیرفته نشد") {
				t.Fatalf("status %d, want 403 with the Persian page", r.Status)
			}
			if got, _ := victim.Get("/cart").Text("cart-count"); got != "۰" {
				t.Errorf("basket changed by a forged post: %q", got)
			}
			// The same session's token in the form body still works.
			if r := victim.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}}); r.Status != http.StatusSeeOther {
				t.Errorf("the real form: status %d", r.Status)
			}
		})
	}
}
