package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/admin"
	"shop/internal/web/webtest"
)

// TestCrossOriginPostsAreRefused sends the shopper's and the dashboard's forms as a browser would from another
// site (Sec-Fetch-Site, or only a foreign Origin) and from the shop itself: the first are refused with the Persian
// 403 page and change nothing, the second are accepted. The bank's callback is the one route other sites may post
// to. Shopper forms carry no token; the dashboard's carry one as well, and a cross-origin post is refused even with
// the right token.
func TestCrossOriginPostsAreRefused(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	if _, err := s.Accounts.SaveAccount(context.Background(), "owner@shop.test", "a long test password", admin.Owner); err != nil {
		t.Fatal(err)
	}
	staff := webtest.SignIn(t, s.URL, "owner@shop.test", "a long test password")
	tests := []struct {
		name    string
		headers map[string]string
		refused bool
	}{
		{"Sec-Fetch-Site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, true},
		{"Sec-Fetch-Site same-site (a sibling subdomain)", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "https://evil.shop.example"}, true},
		{"a foreign Origin, no Sec-Fetch-Site (an older browser)", map[string]string{"Origin": "https://evil.example"}, true},
		{"Sec-Fetch-Site same-origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": s.URL}, false},
		{"the shop's own Origin, no Sec-Fetch-Site", map[string]string{"Origin": s.URL}, false},
		{"no browser headers at all (not a browser)", nil, false},
	}
	post := func(c *webtest.Client, path string, form url.Values, headers map[string]string) webtest.Page {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := c.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return webtest.Read(t, resp)
	}
	for _, tt := range tests {
		t.Run("basket: "+tt.name, func(t *testing.T) {
			c := webtest.NewClient(t, s.URL)
			r := post(c, "/cart/add", url.Values{"code": {"saffron-1m"}}, tt.headers)
			count, _ := c.Get("/cart").Text("cart-count")
			if tt.refused {
				if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "درخواست پذیرفته نشد") {
					t.Fatalf("status %d, want 403 with the Persian page", r.Status)
				}
				if count != "۰" {
					t.Errorf("basket changed by a refused post: %q", count)
				}
				return
			}
			if r.Status != http.StatusSeeOther || count != "۱" {
				t.Fatalf("status %d, basket %q: want the product added", r.Status, count)
			}
		})
		t.Run("placing an order: "+tt.name, func(t *testing.T) {
			c := shopperWithBasket(t, s, "saffron-1m")
			before := s.Frotel.Calls("registerOrder")
			r := post(c, "/checkout", buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online"}), tt.headers)
			sent := s.Frotel.Calls("registerOrder") - before
			if tt.refused {
				if r.Status != http.StatusForbidden || !r.Has("error-page") || sent != 0 {
					t.Fatalf("status %d, %d registerOrder calls: want the 403 page and none", r.Status, sent)
				}
				return
			}
			if r.Status != http.StatusSeeOther || sent == 0 {
				t.Fatalf("status %d, %d registerOrder calls: want the order placed", r.Status, sent)
			}
		})
		t.Run("dashboard, with its token: "+tt.name, func(t *testing.T) {
			tok := staff.Get("/admin/products").CSRF()
			r := post(staff, "/admin/products/saffron-1m/hide", url.Values{"_csrf": {tok}}, tt.headers)
			if tt.refused {
				if r.Status != http.StatusForbidden {
					t.Fatalf("status %d, want 403", r.Status)
				}
				if staff.Get("/p/saffron-1m").Status != http.StatusOK {
					t.Error("a refused post hid the product")
				}
				return
			}
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d, want the product hidden", r.Status)
			}
			if r := post(staff, "/admin/products/saffron-1m/show", url.Values{"_csrf": {tok}}, nil); r.Status != http.StatusSeeOther {
				t.Fatalf("show again: status %d", r.Status)
			}
		})
	}
	t.Run("the bank's callback from the bank's site", func(t *testing.T) {
		r := post(webtest.NewClient(t, s.URL), "/payment/callback/no-such-order", url.Values{"_i": {"1"}, "sb": {"x"}},
			map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://bank.example"})
		if r.Status == http.StatusForbidden {
			t.Fatalf("the callback was refused by the cross-origin check: %d", r.Status)
		}
	})
}
