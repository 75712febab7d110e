package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/web/webtest"
)

// Adding to the basket returns to the page the shopper was on, with a confirmation and the header count; only
// pages of this shop are returned to.
func TestAddToBasketStaysOnThePage(t *testing.T) {
	tests := []struct {
		name, from, back, want string
	}{
		{"from the catalog", "/", "/", "/"},
		{"from the product page", "/p/saffron-1m", "/p/saffron-1m", "/p/saffron-1m"},
		{"no page named: the basket", "/", "", "/cart"},
		{"another host refused", "/", "//evil.example/", "/cart"},
		{"an absolute URL refused", "/", "https://evil.example/", "/cart"},
		{"a shop page that lists no products", "/", "/track", "/cart"},
		{"a raw tab refused", "/", "/search?q=a\tb", "/cart"},
		{"another control character refused", "/", "/p/saffron\x7f", "/cart"},
		{"invalid UTF-8 refused", "/", "/p/saffron\xff", "/cart"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, _ := newShop(t)
			c := webtest.NewClient(t, ts.URL)
			form := url.Values{"code": {"saffron-1m"}, "count": {"۲"}}
			if tt.back != "" {
				form.Set("back", tt.back)
			}
			r := c.Submit(tt.from, "/cart/add", form)
			if r.Status != http.StatusSeeOther || r.Location != tt.want {
				t.Fatalf("status %d location %q, want %q", r.Status, r.Location, tt.want)
			}
			page := c.Follow(r)
			if got, _ := page.Text("cart-count"); got != "۲" {
				t.Errorf("header count %q, want ۲", got)
			}
			if got, _ := page.Text("flash"); !persianLetters.MatchString(got) {
				t.Errorf("no confirmation: %q", got)
			}
			if tt.want != "/cart" && !page.Has("flash-cart") {
				t.Error("the confirmation has no link to the basket")
			}
		})
	}
}

// The basket's + and − change a count by one, and counts read in Persian digits.
func TestBasketPlusMinus(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)
	c.Submit("/", "/cart/add", url.Values{"code": {"lahijan-tea-500"}})
	steps := []struct {
		delta, want string
	}{{"1", "۲"}, {"1", "۳"}, {"-1", "۲"}, {"-1", "۱"}, {"-1", "۱"}}
	for _, st := range steps {
		c.Submit("/cart", "/cart/update", url.Values{"code": {"lahijan-tea-500"}, "count": {"۹"}, "delta": {st.delta}})
		page := c.Get("/cart")
		if got := page.Attr("count-lahijan-tea-500", "value"); got != st.want {
			t.Fatalf("after %s: count %q, want %q", st.delta, got, st.want)
		}
		if minus := page.Find("minus-lahijan-tea-500"); (st.want == "۱") != hasAttr(minus, "disabled") {
			t.Errorf("count %s: − disabled = %v", st.want, hasAttr(minus, "disabled"))
		}
	}
}

// A paid order tracks without an amber warning: Frotel's payment message reads as news when nothing is due, and
// the factor is shown grouped for reading.
func TestTrackPaidOrderReadsAsGood(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	token := placeOnlineOrder(t, c)
	back := bankReturnURL(t, c, token)
	if r := c.Get(back.RequestURI()); r.Status != http.StatusSeeOther && r.Status != http.StatusOK {
		t.Fatalf("callback: status %d", r.Status)
	}
	if got := orderStateOf(t, c, token); got != "paid" {
		t.Fatalf("state %q", got)
	}
	order := c.Get("/orders/" + token)
	shown, _ := order.Text("factor-id")
	if !strings.Contains(shown, "-") {
		t.Errorf("factor shown %q, want it grouped", shown)
	}
	// The shop's own number, which the seller's dashboard shows beside the factor, is on the shopper's page too.
	if ref, _ := order.Text("order-reference"); !strings.HasPrefix(ref, "SH-") {
		t.Errorf("order reference shown %q, want SH-…", ref)
	}
	if form := c.Get("/track").Find("track-form"); webtest.Attr(form, "method") != "post" {
		t.Errorf("the tracking form is sent by %q: the mobile would sit in the URL", webtest.Attr(form, "method"))
	}
	empty := c.Post("/track", url.Values{"factor": {""}, "mobile": {"  "}})
	for _, field := range []string{"factor", "mobile"} {
		if msg, ok := empty.Text("error-" + field); empty.Status != http.StatusUnprocessableEntity || !ok || msg == "" {
			t.Errorf("an empty %s: status %d, message %q", field, empty.Status, msg)
		}
	}
	if old := c.Get("/track?" + url.Values{"factor": {shown}, "mobile": {"09121234567"}}.Encode()); !old.Has("track-result") {
		t.Error("a link of an earlier release (GET with the factor and mobile) no longer tracks")
	}
	r := c.Post("/track", url.Values{"factor": {shown}, "mobile": {"09121234567"}})
	if !r.Has("track-result") {
		msg, _ := r.Text("track-error")
		t.Fatalf("the grouped factor as shown did not track: %s", msg)
	}
	if n := r.Find("track-pay-message"); n != nil && strings.Contains(webtest.Attr(n, "class"), "alert-warn") {
		t.Errorf("a paid order's payment message is a warning: %q", webtest.Attr(n, "class"))
	}
	if cls := webtest.Attr(r.Find("recent-state"), "class"); !strings.Contains(cls, "status-ok") {
		t.Errorf("recent order state class %q, want status-ok for a paid order", cls)
	}
}

// TestBasketSaysWhatItsTotalLeavesOut: a basket to ship says its total has no shipping in it yet and how much more
// makes shipping free; a basket of files only is the amount to pay. The product page shows no internal code.
func TestBasketSaysWhatItsTotalLeavesOut(t *testing.T) {
	s := newFullShop(t, shopOptions{env: map[string]string{"SHOP_FREE_SHIPPING_ABOVE": "20000000"}})
	c := shopperWithBasket(t, s, "saffron-1m")
	cart := c.Get("/cart")
	if label, _ := cart.Text("cart-total-label"); !strings.Contains(label, "بدون هزینه‌ی ارسال") {
		t.Errorf("the total of a parcel is labelled %q", label)
	}
	hint, ok := cart.Text("cart-free-shipping")
	if !ok || !strings.Contains(hint, "خرید بیشتر") {
		t.Fatalf("no free-shipping hint: %q", hint)
	}
	for range 20 {
		c.Submit("/cart", "/cart/add", url.Values{"code": {"saffron-1m"}})
	}
	if hint, _ := c.Get("/cart").Text("cart-free-shipping"); !strings.Contains(hint, "رایگان است") {
		t.Errorf("past the threshold: %q", hint)
	}
	files := shopperWithBasket(t, s, "ebook-cooking")
	page := files.Get("/cart")
	if label, _ := page.Text("cart-total-label"); label != "مبلغ قابل پرداخت" || page.Has("cart-free-shipping") {
		t.Errorf("a basket of files: label %q, free-shipping hint %v", label, page.Has("cart-free-shipping"))
	}
	if body := c.Get("/p/saffron-1m").Body; strings.Contains(body, "کد محصول") {
		t.Error("the product page shows the internal product code")
	}
}
