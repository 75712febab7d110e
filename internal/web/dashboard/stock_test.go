package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/web/webtest"
)

// The seller counts a product on its form (field stock; empty is unlimited), sees it in the list, finds it on
// the overview once it runs low, and reads its history with their own name on the edit.
func TestAdminStock(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	ctx := context.Background()
	stockOf := func() *int64 {
		m, err := s.Store.ProductsByCode(ctx, []string{"rose-water-1l"})
		if err != nil {
			t.Fatal(err)
		}
		return m["rose-water-1l"].Stock
	}

	for _, tc := range []struct{ value, field string }{{"-1", "stock"}, {"پنج", "stock"}, {"2000000000", "stock"}} {
		form := validProduct()
		form.Set("stock", tc.value)
		if p := submitProduct(c, "/admin/products/new", "/admin/products", form); p.Status != http.StatusUnprocessableEntity || !p.Has("error-stock") {
			t.Fatalf("stock %q: status %d, message %v", tc.value, p.Status, p.Has("error-stock"))
		}
	}
	form := validProduct()
	form.Set("stock", "۵")
	if r := submitProduct(c, "/admin/products/new", "/admin/products", form); r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.Status, r.Body)
	}
	if n := stockOf(); n == nil || *n != 5 {
		t.Fatalf("stored stock %v, want 5", n)
	}
	edit := c.Get("/admin/products/rose-water-1l")
	if edit.Attr("p-stock", "value") != "5" {
		t.Fatalf("form shows stock %q", edit.Attr("p-stock", "value"))
	}

	// An order takes two while the form is open; saving the form with the stock untouched keeps the three.
	m, _ := s.Store.ProductsByCode(ctx, []string{"rose-water-1l"})
	o := m["rose-water-1l"]
	o.Stock = catalog.Quantity(3)
	if err := s.Store.SaveProduct(ctx, o); err != nil {
		t.Fatal(err)
	}
	form = validProduct()
	form.Set("stock", "5")
	form.Set("stock_was", "5")
	form.Set("name", "گلاب قمصر")
	if r := submitProduct(c, "/admin/products/rose-water-1l", "/admin/products/rose-water-1l", form); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.Status)
	}
	if n := stockOf(); n == nil || *n != 3 {
		t.Fatalf("an untouched stock field wrote back %v, want 3", n)
	}
	// Typed down to two: written, and the overview lists it with a link to its form.
	form.Set("stock", "2")
	form.Set("stock_was", "3")
	if r := submitProduct(c, "/admin/products/rose-water-1l", "/admin/products/rose-water-1l", form); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.Status)
	}
	if n := stockOf(); n == nil || *n != 2 {
		t.Fatalf("stock %v, want 2", n)
	}
	listed := false
	for _, row := range c.Get("/admin").FindAll("low-stock-row") {
		if webtest.Attr(row, "data-code") == "rose-water-1l" {
			listed = strings.Contains(webtest.TextOf(row), "۲ عدد") && strings.Contains(webtest.TextOf(row), "گلاب")
		}
		if webtest.Attr(row, "data-code") == "saffron-1m" {
			t.Error("an unlimited product is listed as low")
		}
	}
	if !listed {
		t.Fatal("the overview does not list the product running low")
	}
	list := c.Get("/admin/products")
	found := false
	for _, r := range list.FindAll("product-row") {
		if webtest.Attr(r, "data-code") == "rose-water-1l" {
			found = strings.Contains(webtest.TextOf(r), "موجودی: ۲ عدد")
		}
		if webtest.Attr(r, "data-code") == "saffron-1m" && !strings.Contains(webtest.TextOf(r), "نامحدود") {
			t.Errorf("an uncounted product's row: %s", webtest.TextOf(r))
		}
	}
	if !found {
		t.Error("the products list does not show the stock")
	}

	history := c.Get("/admin/products/rose-water-1l").FindAll("stock-move")
	if len(history) != 3 {
		t.Fatalf("%d stock moves, want 3 (created, import set, seller edit)", len(history))
	}
	if got := webtest.TextOf(history[0]); !strings.Contains(got, "ویرایش فروشنده") || !strings.Contains(got, "−۱") || !strings.Contains(got, "owner@") {
		t.Errorf("newest move %q, want the seller's edit by name", got)
	}

	// Emptied: unlimited again.
	form.Set("stock", "")
	form.Set("stock_was", "2")
	submitProduct(c, "/admin/products/rose-water-1l", "/admin/products/rose-water-1l", form)
	if n := stockOf(); n != nil {
		t.Fatalf("an empty stock field stored %v, want unlimited", *n)
	}
}

// A shopper pays after the hold on the last rug ran out and another shopper bought it: the payment is verified,
// and the order is on the overview and its own page for a person to settle.
func TestAdminStockShortAfterLatePayment(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	ctx := context.Background()
	const code = "kashan-rug-1x15" // the demo has two
	late := webtest.NewClient(t, s.URL)
	late.Submit("/", "/cart/add", url.Values{"code": {code}, "count": {"2"}})
	token := webtest.PlaceOnlineOrder(t, late)
	back := webtest.BankReturnURL(t, late, token) // at the bank, not yet back

	if n, err := s.Store.ReleaseStockHolds(ctx, time.Now().Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("release: %d, %v", n, err)
	}
	s.Products.Invalidate()
	other := webtest.NewClient(t, s.URL)
	other.Submit("/", "/cart/add", url.Values{"code": {code}, "count": {"2"}})
	webtest.PlaceOnlineOrder(t, other)

	if r := late.Get(back.RequestURI()); r.Status >= 400 {
		t.Fatalf("callback: status %d", r.Status)
	}
	o, err := s.Store.OrderByToken(ctx, token)
	if err != nil || o.State != checkout.StatePaid {
		t.Fatalf("the late payment was refused: %+v %v", o, err)
	}
	c := signedIn(t, s)
	short := c.Get("/admin").Find("stock-short")
	if short == nil || !strings.Contains(webtest.TextOf(short), o.Reference()) {
		t.Fatal("the overview does not list the paid order without stock")
	}
	if page := c.Get(fmt.Sprintf("/admin/orders/%d", o.ID)); !strings.Contains(page.Body, "موجودی این کالاها دیگر نبود") {
		t.Error("the order page does not tell a person")
	}
}

// The seller gives a product variants on its form, one a line; wrong lines come back with a Persian message, the
// saved ones are shown again as typed, and a save that leaves them alone keeps what orders did to their stock.
func TestAdminProductVariants(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	ctx := context.Background()
	for _, tc := range []struct{ name, lines string }{
		{"no options", "rose-small | | 3 | 0"},
		{"bad code", "rose small | حجم: کوچک | 3 |"},
		{"different options", "rose-s | حجم: کوچک | 3 |\nrose-l | رنگ: سرخ | 3 |"},
		{"repeated combination", "rose-s | حجم: کوچک | 3 |\nrose-t | حجم: کوچک | 3 |"},
		{"the product's own code", "rose-water-1l | حجم: کوچک | 3 |"},
		{"another product's code", "saffron-1m | حجم: کوچک | 3 |"},
		{"a price that goes below zero", "rose-s | حجم: کوچک | 3 | -500000"},
		{"negative stock", "rose-s | حجم: کوچک | -3 |"},
		{"five parts", "rose-s | حجم: کوچک | 3 | 0 | x"},
	} {
		form := validProduct()
		form.Set("variants", tc.lines)
		p := submitProduct(c, "/admin/products/new", "/admin/products", form)
		if msg, _ := p.Text("error-variants"); p.Status != http.StatusUnprocessableEntity || !persianLetters.MatchString(msg) {
			t.Errorf("%s: status %d, message %q", tc.name, p.Status, msg)
		}
	}
	form := validProduct()
	lines := "rose-500 | حجم: نیم لیتر | 4 | -200000\nrose-1000 | حجم: یک لیتر |  | "
	form.Set("variants", lines)
	if r := submitProduct(c, "/admin/products/new", "/admin/products", form); r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.Status, r.Body)
	}
	m, _ := s.Store.ProductsByCode(ctx, []string{"rose-water-1l"})
	vs := m["rose-water-1l"].Variants
	if len(vs) != 2 || vs[0].Code != "rose-500" || *vs[0].Stock != 4 || vs[0].PriceDelta != -2_000_000 || vs[1].Stock != nil ||
		vs[0].Label() != "حجم: نیم لیتر" {
		t.Fatalf("stored variants %+v", vs)
	}
	shown := c.Get("/admin/products/rose-water-1l")
	text, _ := shown.Text("p-variants")
	if !strings.Contains(text, "rose-500 | حجم: نیم لیتر | 4 | -200000") {
		t.Fatalf("the form shows %q", text)
	}
	// An order takes one meanwhile; the form saved with the lines untouched keeps the three left.
	p := m["rose-water-1l"]
	p.Variants[0].Stock = catalog.Quantity(3)
	if err := s.Store.SaveProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	s.Products.Invalidate()
	// What a browser posts back: the textarea's lines and the hidden copy, as the page rendered them.
	again := "rose-500 | حجم: نیم لیتر | 4 | -200000\nrose-1000 | حجم: یک لیتر |  | "
	form.Set("variants", strings.ReplaceAll(again, "\n", "\r\n"))
	form.Set("variants_was", webtest.Attr(shown.Find("p-variants-was"), "value"))
	if r := submitProduct(c, "/admin/products/rose-water-1l", "/admin/products/rose-water-1l", form); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", r.Status, webtest.TextOf(r.Find("error-variants")))
	}
	m, _ = s.Store.ProductsByCode(ctx, []string{"rose-water-1l"})
	if vs := m["rose-water-1l"].Variants; len(vs) != 2 || *vs[0].Stock != 3 {
		t.Fatalf("untouched lines wrote back %+v", vs)
	}
	if got := c.Get("/p/rose-water-1l"); !got.Has("variant-rose-500") {
		t.Error("the shop's product page offers no choice")
	}
}
