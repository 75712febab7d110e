package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/web/webtest"
)

func buyer(extra map[string]string) url.Values {
	v := url.Values{"first_name": {"سارا"}, "last_name": {"محمدی"}, "mobile": {"۰۹۱۲۱۲۳۴۵۶۷"}, "gender": {"female"},
		"address": {"تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲، واحد ۳"}, "postal_code": {"1434567891"},
		"province": {"1"}, "city": {"1"}, "note": {"سپاس"}}
	for k, x := range extra {
		v.Set(k, x)
	}
	return v
}

func TestCheckoutPhysicalOnlineThroughBank(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := webtest.NewClient(t, s.URL)
	c.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}})

	r := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "quote"}))
	if r.Status != http.StatusOK || !r.Has("quote-table") {
		t.Fatalf("quote: status %d\n%s", r.Status, r.Body)
	}
	r = c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online"}))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
		t.Fatalf("place: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	order := c.Follow(r)
	if got := order.Attr("order-state", "data-state"); got != "awaiting_payment" {
		t.Fatalf("state %q\n%s", got, order.Body)
	}
	if got, _ := c.Get("/cart").Text("cart-count"); got != "۰" {
		t.Errorf("basket not emptied after registration: %q", got)
	}
	pay := c.Submit(r.Location, r.Location+"/pay", url.Values{"bank": {"1"}})
	if pay.Status != http.StatusOK || !pay.Has("bank-redirect-form") {
		t.Fatalf("pay: %d\n%s", pay.Status, pay.Body)
	}
	if strings.Contains(pay.Body, "<script>") && !strings.Contains(pay.Body, "/static/js/") {
		t.Error("upstream script leaked into the page")
	}
	t.Logf("bank form action %s", pay.Attr("bank-redirect-form", "action"))
}
