package webtest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// What a shopper and a seller do, for tests that need a signed-in dashboard or orders to look at.

// SignIn is a browser signed in to the dashboard of the shop at base with an account that exists.
func SignIn(t testing.TB, base, email, password string) *Client {
	t.Helper()
	c := NewClient(t, base)
	r := c.Post("/admin/login", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d location %q\n%s", email, r.Status, r.Location, r.Body)
	}
	return c
}

// Buyer is a valid checkout form for a Tehran address, with extra fields set over it.
func Buyer(extra map[string]string) url.Values {
	v := url.Values{"first_name": {"سارا"}, "last_name": {"محمدی"}, "mobile": {"۰۹۱۲۱۲۳۴۵۶۷"}, "gender": {"female"},
		"address": {"تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲، واحد ۳"}, "postal_code": {"1434567891"},
		"province": {"1"}, "city": {"1"}, "note": {"سپاس"}}
	for k, x := range extra {
		v.Set(k, x)
	}
	return v
}

// ShopperWithBasket is a fresh shopper of the shop at base who has put the products in the basket.
func ShopperWithBasket(t testing.TB, base string, codes ...string) *Client {
	t.Helper()
	c := NewClient(t, base)
	for _, code := range codes {
		if r := c.Submit("/", "/cart/add", url.Values{"code": {code}}); r.Status != http.StatusSeeOther {
			t.Fatalf("add %s: status %d\n%s", code, r.Status, r.Body)
		}
	}
	return c
}

// PlaceOnlineOrder places the basket with post (pishtaz) and online payment, and returns the order's token.
func PlaceOnlineOrder(t testing.TB, c *Client) string {
	t.Helper()
	r := c.Submit("/checkout", "/checkout", Buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online"}))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
		t.Fatalf("place: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	return strings.TrimPrefix(r.Location, "/orders/")
}

// BankReturnURL pays the order at the sandbox bank as a browser would (the shop's redirect form, then the bank's
// pay button) and returns where the bank sends the shopper back: the callback URL with _i and sb.
func BankReturnURL(t testing.TB, c *Client, token string) *url.URL {
	t.Helper()
	orderPath := "/orders/" + token
	pay := c.Follow(c.Submit(orderPath, orderPath+"/pay", url.Values{"bank": {"1"}}))
	form := pay.Find("bank-redirect-form")
	if pay.Status != http.StatusOK || form == nil {
		t.Fatalf("pay: status %d\n%s", pay.Status, pay.Body)
	}
	fields := url.Values{}
	for _, in := range Elements(form, "input") {
		if Attr(in, "type") == "hidden" {
			fields.Add(Attr(in, "name"), Attr(in, "value"))
		}
	}
	fields.Set("action", "pay")
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.PostForm(Attr(form, "action"), fields)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || err != nil {
		t.Fatalf("bank pay: status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if loc.Path != "/payment/callback/"+token || loc.Query().Get("_i") == "" || loc.Query().Get("sb") == "" {
		t.Fatalf("bank returned to %s, want the order's callback with _i and sb", loc)
	}
	return loc
}

// TextOf is the whitespace-collapsed text under n.
func TextOf(n *html.Node) string { return strings.Join(strings.Fields(textOf(n)), " ") }
