package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"shop/internal/web/webtest"
)

// everyLimit sets every limit to two requests a minute.
// everyLimit allows two requests a minute on every limited route.
var everyLimit = map[string]string{"SHOP_RATE_CALLBACK": "2/1m", "SHOP_RATE_TRACK": "2/1m", "SHOP_RATE_CHECKOUT": "2/1m", "SHOP_RATE_ORDER": "2/1m"}

// TestRateLimitedRoutes sends each limited route one request more than its allowance: the last one is refused with
// 429, the Persian page and a Retry-After header.
func TestRateLimitedRoutes(t *testing.T) {
	get := func(path string) func(c *webtest.Client) webtest.Page {
		return func(c *webtest.Client) webtest.Page { return c.Get(path) }
	}
	post := func(path string) func(c *webtest.Client) webtest.Page {
		return func(c *webtest.Client) webtest.Page { return c.Submit("/cart", path, url.Values{}) }
	}
	tests := []struct {
		name     string
		requests []func(c *webtest.Client) webtest.Page
	}{
		{"bank callback GET", []func(*webtest.Client) webtest.Page{
			get("/payment/callback/nope?_i=1&sb=A"), get("/payment/callback/nope?_i=2&sb=A"), get("/payment/callback/nope?_i=3&sb=A")}},
		{"bank callback GET and POST share one allowance", []func(*webtest.Client) webtest.Page{
			get("/payment/callback/nope?_i=1&sb=A"), get("/payment/callback/nope?_i=2&sb=A"),
			func(c *webtest.Client) webtest.Page {
				return c.Post("/payment/callback/nope", url.Values{"_i": {"3"}, "sb": {"A"}})
			}}},
		{"track look-ups", []func(*webtest.Client) webtest.Page{
			get("/track?factor=1&mobile=09121234567"), get("/track?factor=2&mobile=09121234567"), get("/track?factor=3&mobile=09121234567")}},
		{"track look-ups posted, as the form does, share the allowance", []func(*webtest.Client) webtest.Page{
			get("/track?factor=1&mobile=09121234567"),
			func(c *webtest.Client) webtest.Page {
				return c.Post("/track", url.Values{"factor": {"2"}, "mobile": {"09121234567"}})
			},
			func(c *webtest.Client) webtest.Page {
				return c.Post("/track", url.Values{"factor": {"3"}, "mobile": {"09121234567"}})
			}}},
		{"checkout's own action routes share the checkout allowance", []func(*webtest.Client) webtest.Page{
			func(c *webtest.Client) webtest.Page { return c.Submit("/checkout", "/checkout/cities", buyer(nil)) },
			func(c *webtest.Client) webtest.Page { return c.Submit("/checkout", "/checkout/quote", buyer(nil)) },
			func(c *webtest.Client) webtest.Page { return c.Submit("/checkout", "/checkout/place", buyer(nil)) }}},
		{"checkout posts", []func(*webtest.Client) webtest.Page{
			func(c *webtest.Client) webtest.Page {
				return c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "cities"}))
			},
			func(c *webtest.Client) webtest.Page {
				return c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "quote"}))
			},
			func(c *webtest.Client) webtest.Page {
				return c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "loyalty"}))
			}}},
		{"order buttons share one allowance", []func(*webtest.Client) webtest.Page{
			post("/orders/nope/links"), post("/orders/nope/verify"), post("/orders/nope/pay")}},
		{"links refresh", []func(*webtest.Client) webtest.Page{
			post("/orders/nope/links"), post("/orders/nope/links"), post("/orders/nope/links")}},
		{"retry", []func(*webtest.Client) webtest.Page{
			post("/orders/nope/retry"), post("/orders/nope/retry"), post("/orders/nope/retry")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFullShop(t, shopOptions{env: everyLimit})
			c := shopperWithBasket(t, s, "saffron-1m")
			last := len(tt.requests) - 1
			for i, do := range tt.requests[:last] {
				if p := do(c); p.Status == http.StatusTooManyRequests {
					t.Fatalf("request %d of the allowance refused", i+1)
				}
			}
			resp := tt.requests[last](c)
			assertTooMany(t, resp)
		})
	}
}

func assertTooMany(t *testing.T, p webtest.Page) {
	t.Helper()
	if p.Status != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", p.Status)
	}
	if !p.Has("error-page") || !strings.Contains(p.Body, "درخواست‌ها بیش از حد") || !strings.Contains(p.Body, `dir="rtl"`) {
		t.Errorf("429 is not the Persian error page:\n%s", p.Body)
	}
}

// TestRateLimitRetryAfterAndScope checks the Retry-After header, and what the limit does not touch: other
// addresses, other settings, cheap pages.
func TestRateLimitRetryAfterAndScope(t *testing.T) {
	s := newFullShop(t, shopOptions{env: withEnv(everyLimit, trustLoopback)})
	from := func(ip, path string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
		req.Header.Set("X-Forwarded-For", ip)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for range 2 {
		from("5.6.7.8", "/track?factor=1&mobile=09121234567")
	}
	resp := from("5.6.7.8", "/track?factor=1&mobile=09121234567")
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("third look-up: status %d", resp.StatusCode)
	}
	// Two a minute: the next token comes within 30 seconds.
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || secs < 1 || secs > 30 {
		t.Errorf("Retry-After %q, want 1..30 seconds", resp.Header.Get("Retry-After"))
	}
	for _, tc := range []struct{ ip, path string }{
		{"9.9.9.9", "/track?factor=1&mobile=09121234567"}, // another address has its own allowance
		{"5.6.7.8", "/track"},                             // the empty form costs nothing
		{"5.6.7.8", "/payment/callback/nope?_i=1&sb=A"},   // another setting
		{"5.6.7.8", "/"},
	} {
		if r := from(tc.ip, tc.path); r.StatusCode == http.StatusTooManyRequests {
			t.Errorf("%s from %s: 429", tc.path, tc.ip)
		}
	}
}
