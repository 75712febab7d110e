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

const (
	adminEmail    = "owner@shop.test"
	adminPassword = "a long test password"
)

// signedIn is a browser signed in to the dashboard as a new owner.
func signedIn(t *testing.T, s *fullShop) *webtest.Client {
	t.Helper()
	if _, err := s.Accounts.SaveAccount(context.Background(), adminEmail, adminPassword, admin.Owner); err != nil {
		t.Fatal(err)
	}
	c := webtest.NewClient(t, s.URL)
	r := c.Post("/admin/login", url.Values{"email": {adminEmail}, "password": {adminPassword}})
	if r.Status != http.StatusSeeOther || r.Location != "/admin" {
		t.Fatalf("sign in: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	return c
}

// TestAdminGuardOnEveryRoute walks echo's route list: every path under /admin but the sign-in page, with every
// method it is routed for (and GET and POST for the group's catch-all), must send a visitor without a session to
// the sign-in page, never answer with data. POSTs carry no CSRF token: there is no session to bind one to, and
// it is the guard that answers, before the token is looked at.
func TestAdminGuardOnEveryRoute(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := webtest.NewClient(t, s.URL)
	if login := c.Get("/admin/login"); login.Status != http.StatusOK {
		t.Fatalf("sign-in page: status %d", login.Status)
	}
	// A made-up session cookie is no session either.
	u, _ := url.Parse(s.URL + "/admin")
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "shop_admin", Value: "forged-token", Path: "/admin"}})

	checked := 0
	for _, r := range s.Server.Routes() {
		if !strings.HasPrefix(r.Path, "/admin") || r.Path == "/admin/login" {
			continue
		}
		path := strings.NewReplacer(":id", "1", "*", "anything/else").Replace(r.Path)
		methods := []string{r.Method}
		if r.Method != http.MethodGet && r.Method != http.MethodPost { // the group's catch-all (echo_route_not_found)
			methods = []string{http.MethodGet, http.MethodPost}
		}
		for _, m := range methods {
			t.Run(m+" "+r.Path, func(t *testing.T) {
				var p webtest.Page
				if m == http.MethodGet {
					p = c.Get(path)
				} else {
					p = c.Post(path, nil)
				}
				loc, _ := url.Parse(p.Location)
				if p.Status != http.StatusSeeOther || loc == nil || loc.Path != "/admin/login" {
					t.Fatalf("%s %s: status %d location %q, want a redirect to /admin/login\n%s", m, path, p.Status, p.Location, p.Body)
				}
				if strings.Contains(p.Body, "سارا") || strings.Contains(p.Body, "SH-") {
					t.Fatalf("%s %s: the redirect carries order data", m, path)
				}
			})
			checked++
		}
	}
	if checked < 9 {
		t.Fatalf("only %d admin routes checked; the route list lost the dashboard", checked)
	}
}

func TestAdminSignInAndOut(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	if _, err := s.Accounts.SaveAccount(context.Background(), adminEmail, adminPassword, admin.Owner); err != nil {
		t.Fatal(err)
	}
	c := webtest.NewClient(t, s.URL)
	p := c.Get("/admin/login")
	form := p.Find("login-form")
	if form == nil || webtest.Attr(form, "action") != "/admin/login" || !strings.EqualFold(webtest.Attr(form, "method"), "post") {
		t.Fatalf("no sign-in form posting to /admin/login\n%s", p.Body)
	}
	names := map[string]bool{}
	for _, in := range webtest.Elements(form, "input") {
		names[webtest.Attr(in, "name")] = true
	}
	for _, n := range []string{"email", "password", "next"} {
		if !names[n] {
			t.Errorf("the sign-in form has no %q field", n)
		}
	}
	// No admin session yet, so no token to bind: the cross-origin check guards this form (csrf_test.go).
	if names["_csrf"] {
		t.Error("the sign-in form carries a CSRF token that nothing checks")
	}

	wrong := c.Post("/admin/login", url.Values{"email": {adminEmail}, "password": {"not the password"}})
	if msg, _ := wrong.Text("login-error"); wrong.Status != http.StatusUnauthorized || !persianLetters.MatchString(msg) {
		t.Fatalf("wrong password: status %d, message %q", wrong.Status, msg)
	}

	// A session id planted before sign-in must not become the signed-in one.
	u, _ := url.Parse(s.URL + "/admin")
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "shop_admin", Value: "planted", Path: "/admin"}})
	r := c.Post("/admin/login", url.Values{"email": {" Owner@Shop.test"}, "password": {adminPassword}, "next": {"/admin/orders"}})
	if r.Status != http.StatusSeeOther || r.Location != "/admin/orders" {
		t.Fatalf("sign in: status %d location %q", r.Status, r.Location)
	}
	cookie := adminCookie(t, c, s.URL)
	if cookie == "" || cookie == "planted" {
		t.Fatalf("session cookie %q: want a new token", cookie)
	}
	if home := c.Get("/admin"); home.Status != http.StatusOK || !home.Has("overview-stats") {
		t.Fatalf("dashboard: status %d", home.Status)
	}
	if c.Get("/admin/login").Status != http.StatusSeeOther {
		t.Error("the sign-in page should send a signed-in browser to the dashboard")
	}
	out := c.Submit("/admin", "/admin/logout", nil)
	if out.Status != http.StatusSeeOther || out.Location != "/admin/login" {
		t.Fatalf("sign out: status %d location %q", out.Status, out.Location)
	}
	// The old token is dead even if a copy of the cookie is replayed.
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "shop_admin", Value: cookie, Path: "/admin"}})
	if p := c.Get("/admin"); p.Status != http.StatusSeeOther {
		t.Fatalf("after sign-out: status %d, want a redirect to sign in", p.Status)
	}
	// An open redirect through next is refused.
	evil := webtest.NewClient(t, s.URL)
	r = evil.Post("/admin/login", url.Values{"email": {adminEmail}, "password": {adminPassword}, "next": {"//evil.example/admin"}})
	if r.Location != "/admin" {
		t.Errorf("next=//evil.example: location %q, want /admin", r.Location)
	}
}

// adminCookie reads the dashboard's cookie from the jar and checks how it was set.
func adminCookie(t *testing.T, c *webtest.Client, base string) string {
	t.Helper()
	u, _ := url.Parse(base + "/admin")
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "shop_admin" {
			return ck.Value
		}
	}
	return ""
}

func TestAdminCookieAttributes(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	if _, err := s.Accounts.SaveAccount(context.Background(), adminEmail, adminPassword, admin.Owner); err != nil {
		t.Fatal(err)
	}
	c := webtest.NewClient(t, s.URL)
	resp, err := c.HTTP.PostForm(s.URL+"/admin/login", url.Values{"email": {adminEmail}, "password": {adminPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var set *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "shop_admin" {
			set = ck
		}
	}
	if set == nil || !set.HttpOnly || set.SameSite != http.SameSiteStrictMode || set.Path != "/admin" || len(set.Value) < 40 {
		t.Fatalf("admin cookie = %+v; want HttpOnly, SameSite=Strict, Path=/admin and a long random token", set)
	}
	if resp.Header.Get("Set-Cookie") == "" || strings.Contains(resp.Header.Get("Set-Cookie"), adminPassword) {
		t.Fatal("the cookie must not carry the password")
	}
}

func TestAdminSignInLimit(t *testing.T) {
	t.Run("per account", func(t *testing.T) {
		s := newFullShop(t, shopOptions{})
		if _, err := s.Accounts.SaveAccount(context.Background(), adminEmail, adminPassword, admin.Owner); err != nil {
			t.Fatal(err)
		}
		c := webtest.NewClient(t, s.URL)
		for i := range admin.DefaultLimits.Account.Failures {
			if r := c.Post("/admin/login", url.Values{"email": {adminEmail}, "password": {"wrong"}}); r.Status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: status %d", i+1, r.Status)
			}
		}
		// Now even the right password waits.
		resp, err := c.HTTP.PostForm(s.URL+"/admin/login", url.Values{"email": {adminEmail}, "password": {adminPassword}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("over the limit: status %d, Retry-After %q; want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		r := c.Post("/admin/login", url.Values{"email": {adminEmail}, "password": {adminPassword}})
		msg, _ := r.Text("login-limited")
		if r.Status != http.StatusTooManyRequests || !persianLetters.MatchString(msg) || !strings.Contains(msg, "دقیقه") || !strings.Contains(msg, "ساعت") {
			t.Fatalf("429 page: status %d, message %q; want a Persian sentence with the minutes and the time to try again", r.Status, msg)
		}
		if adminCookie(t, c, s.URL) != "" {
			t.Fatal("a limited sign-in must not open a session")
		}
	})
	t.Run("per address", func(t *testing.T) {
		s := newFullShop(t, shopOptions{})
		c := webtest.NewClient(t, s.URL)
		var last webtest.Page
		for i := range admin.DefaultLimits.IP.Failures + 1 {
			last = c.Post("/admin/login", url.Values{"email": {"guess" + strings.Repeat("x", i) + "@shop.test"}, "password": {"wrong"}})
		}
		if last.Status != http.StatusTooManyRequests || !last.Has("login-limited") {
			t.Fatalf("after %d failures from one address with different e-mails: status %d", admin.DefaultLimits.IP.Failures+1, last.Status)
		}
	})
}
