package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"shop/internal/admin"
	"shop/internal/web/webtest"
)

// signedInAs signs a new browser in with an account that already exists.
func signedInAs(t *testing.T, s *fullShop, email, password string) *webtest.Client {
	t.Helper()
	c := webtest.NewClient(t, s.URL)
	r := c.Post("/admin/login", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("sign in %s: status %d\n%s", email, r.Status, r.Body)
	}
	return c
}

func TestAdminAccountsOwner(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	page := c.Get("/admin/accounts")
	if page.Status != http.StatusOK || !page.Has("staff-form") || !page.Has("nav-accounts") {
		t.Fatalf("accounts page: status %d", page.Status)
	}

	bad := c.Submit("/admin/accounts", "/admin/accounts", url.Values{"email": {"not-an-address"}})
	if msg, _ := bad.Text("error-email"); bad.Status != http.StatusUnprocessableEntity || !persianLetters.MatchString(msg) {
		t.Fatalf("bad e-mail: status %d, message %q", bad.Status, msg)
	}
	dup := c.Submit("/admin/accounts", "/admin/accounts", url.Values{"email": {adminEmail}})
	if msg, _ := dup.Text("error-email"); dup.Status != http.StatusUnprocessableEntity || !persianLetters.MatchString(msg) {
		t.Fatalf("existing e-mail: status %d, message %q", dup.Status, msg)
	}

	added := c.Submit("/admin/accounts", "/admin/accounts", url.Values{"email": {"clerk@shop.test"}})
	password := added.Attr("new-password-value", "value")
	if added.Status != http.StatusOK || len(password) < admin.MinPasswordLength {
		t.Fatalf("add staff: status %d, password %q", added.Status, password)
	}
	clerk := signedInAs(t, s, "clerk@shop.test", password)
	if again := c.Get("/admin/accounts"); again.Has("new-password") {
		t.Fatal("the password is shown more than once")
	}

	a, err := s.Store.AccountByEmail(context.Background(), "clerk@shop.test")
	if err != nil {
		t.Fatal(err)
	}
	id := "/admin/accounts/" + itoa(a.ID)
	reset := c.Submit("/admin/accounts", id+"/password", nil)
	newPassword := reset.Attr("new-password-value", "value")
	if reset.Status != http.StatusOK || newPassword == "" || newPassword == password {
		t.Fatalf("reset: status %d, password %q", reset.Status, newPassword)
	}
	if p := clerk.Get("/admin"); p.Status != http.StatusSeeOther {
		t.Fatalf("the clerk's old session survived the reset: status %d", p.Status)
	}
	clerk = signedInAs(t, s, "clerk@shop.test", newPassword)

	confirm := c.Get(id + "/remove")
	if confirm.Status != http.StatusOK || !confirm.Has("confirm-yes") {
		t.Fatalf("remove asks first: status %d", confirm.Status)
	}
	if r := c.Submit(id+"/remove", id+"/remove", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("remove: status %d\n%s", r.Status, r.Body)
	}
	if p := clerk.Get("/admin"); p.Status != http.StatusSeeOther {
		t.Fatalf("a removed clerk is still signed in: status %d", p.Status)
	}
	if list := c.Get("/admin/accounts"); strings.Contains(list.Body, "clerk@shop.test") {
		t.Fatal("the removed account is still listed")
	}

	owner, _ := s.Store.AccountByEmail(context.Background(), adminEmail)
	ownerPath := "/admin/accounts/" + itoa(owner.ID)
	for _, path := range []string{ownerPath + "/remove", ownerPath + "/password"} {
		if r := c.Submit("/admin/accounts", path, nil); r.Status != http.StatusForbidden {
			t.Errorf("POST %s on the owner: status %d, want 403", path, r.Status)
		}
	}
}

func TestAdminAccountsStaffRefused(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	owner := signedIn(t, s)
	if _, err := s.Accounts.SaveAccount(context.Background(), "clerk@shop.test", "a clerk's long password", admin.Staff); err != nil {
		t.Fatal(err)
	}
	clerk := signedInAs(t, s, "clerk@shop.test", "a clerk's long password")
	home := clerk.Get("/admin")
	if home.Has("nav-accounts") || home.Has("nav-settings") {
		t.Error("staff see the owner's sections in the navigation")
	}
	tok := home.CSRF()
	clerkAccount, _ := s.Store.AccountByEmail(context.Background(), "clerk@shop.test")
	for _, tc := range []struct{ method, path string }{
		{"GET", "/admin/accounts"},
		{"POST", "/admin/accounts"},
		{"POST", "/admin/accounts/" + itoa(clerkAccount.ID) + "/password"},
		{"GET", "/admin/accounts/" + itoa(clerkAccount.ID) + "/remove"},
		{"POST", "/admin/accounts/" + itoa(clerkAccount.ID) + "/remove"},
	} {
		var p webtest.Page
		if tc.method == "GET" {
			p = clerk.Get(tc.path)
		} else {
			p = clerk.Post(tc.path, url.Values{"_csrf": {tok}, "email": {"sneaky@shop.test"}})
		}
		if p.Status != http.StatusForbidden || !strings.Contains(p.Body, "مالک") {
			t.Errorf("%s %s as staff: status %d, want the Persian 403 page", tc.method, tc.path, p.Status)
		}
	}
	if _, err := s.Store.AccountByEmail(context.Background(), "sneaky@shop.test"); err == nil {
		t.Fatal("staff added an account")
	}
	if p := owner.Get("/admin/accounts"); !strings.Contains(p.Body, "clerk@shop.test") {
		t.Fatal("the clerk's account was changed by its own request")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
