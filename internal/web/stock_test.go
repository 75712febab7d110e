package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/app/apptest"
	"shop/internal/catalog"
	"shop/internal/web/webtest"
)

// setStock counts a demo product at n, as the seller's form would.
func setStock(t *testing.T, shop *apptest.Shop, code string, n int64) {
	t.Helper()
	m, err := shop.Store.ProductsByCode(context.Background(), []string{code})
	if err != nil {
		t.Fatal(err)
	}
	p := m[code]
	p.Stock = catalog.Quantity(n)
	if err := shop.Store.SaveProduct(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	shop.Products.Invalidate()
}

// A shopper reads how many are left when few are, cannot put more than that in the basket, and once another
// shopper's order took the last ones sees «ناموجود» on the kept catalog and product pages, with no way to add.
func TestStockOnShopperPages(t *testing.T) {
	t.Parallel()
	shop := apptest.New(t, apptest.Options{})
	const code = "saffron-1m"
	setStock(t, shop, code, 2)
	c := webtest.NewClient(t, shop.URL)

	// Kept before the order, so the test sees that a stock change reaches kept pages.
	if got, _ := c.Get("/").Text("stock-low-" + code); got != "فقط ۲ عدد باقی مانده" {
		t.Fatalf("catalog card: %q", got)
	}
	if got, _ := c.Get("/p/" + code).Text("stock-low"); got != "فقط ۲ عدد باقی مانده" {
		t.Fatalf("product page: %q", got)
	}

	tests := []struct {
		name, path string
		form       url.Values
		wantFlash  string
	}{
		{"adding more than there is", "/cart/add", url.Values{"code": {code}, "count": {"۳"}, "back": {"/p/" + code}}, "فقط ۲ عدد باقی مانده"},
		{"adding what there is", "/cart/add", url.Values{"code": {code}, "count": {"۲"}}, "افزوده شد"},
		{"one more than there is", "/cart/add", url.Values{"code": {code}, "count": {"1"}}, "فقط ۲ عدد باقی مانده"},
		{"setting more than there is", "/cart/update", url.Values{"code": {code}, "count": {"3"}}, "فقط ۲ عدد باقی مانده"},
	}
	for _, tc := range tests {
		r := c.Submit("/p/"+code, tc.path, tc.form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("%s: status %d", tc.name, r.Status)
		}
		if got, _ := c.Follow(r).Text("flash"); !strings.Contains(got, tc.wantFlash) {
			t.Errorf("%s: flash %q, want %q", tc.name, got, tc.wantFlash)
		}
	}
	if basket := c.Get("/cart"); !hasAttr(basket.Find("plus-"+code), "disabled") {
		t.Error("the basket offers one more than there is")
	}

	// Another shopper buys both.
	other := webtest.NewClient(t, shop.URL)
	other.Submit("/", "/cart/add", url.Values{"code": {code}, "count": {"2"}})
	webtest.PlaceOnlineOrder(t, other)

	product := c.Get("/p/" + code)
	if got, _ := product.Text("availability"); !strings.Contains(got, "ناموجود") {
		t.Fatalf("product page after the last ones sold: %q", got)
	}
	if b := product.Find("add-to-cart"); b == nil || !hasAttr(b, "disabled") || webtest.Attr(b, "type") != "button" {
		t.Error("a sold-out product can still be added from its page")
	}
	if got, _ := c.Get("/").Text("sold-out-" + code); got != "ناموجود" {
		t.Fatalf("catalog card after the last ones sold: %q", got)
	}
	// The first shopper's basket still holds two: the basket says so, and placing it is refused with the product named.
	if got, _ := c.Get("/cart").Text("stock-note-" + code); !strings.Contains(got, "ناموجود") {
		t.Errorf("basket note %q", got)
	}
	r := c.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online", "mobile": "09351112233"}))
	if r.Status != http.StatusSeeOther || r.Location != "/cart" {
		t.Fatalf("placing a sold-out basket: status %d location %q", r.Status, r.Location)
	}
	if got, _ := c.Follow(r).Text("flash"); !strings.Contains(got, "زعفران") {
		t.Errorf("refusal %q does not name the product", got)
	}
	r = other.Submit("/p/"+code, "/cart/add", url.Values{"code": {code}, "back": {"/p/" + code}})
	if got, _ := other.Follow(r).Text("flash"); !strings.Contains(got, "ناموجود") {
		t.Errorf("adding a sold-out product: flash %q", got)
	}
}
