package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/admin"
	"shop/internal/app/apptest"
	"shop/internal/web/webtest"
)

// A shopper chooses the demo T-shirt's size and colour on its page (a plain select), puts two variants in the
// basket, each priced and counted on its own, and places the order: Frotel gets each line under its variant's
// code with the options in its name, the variant's stock goes down, and the dashboard's order page and CSV show it.
func TestVariantsFromPageToFrotel(t *testing.T) {
	t.Parallel()
	shop := apptest.New(t, apptest.Options{})
	const tee = "tshirt-persian"
	const lBlue, xlBlue, mWhite = tee + "-L-blue", tee + "-XL-blue", tee + "-M-white"
	c := webtest.NewClient(t, shop.URL)

	if card := c.Get("/"); !card.Has("choose-"+tee) || card.Has("add-"+tee) {
		t.Fatal("the catalog card of a product with variants should link to its page to choose one, not add it")
	}
	page := c.Get("/p/" + tee)
	sel := page.Find("variant")
	if sel == nil || webtest.Attr(sel, "name") != "variant" {
		t.Fatal("no variant select on the product page")
	}
	if o := page.Find("variant-" + mWhite); o == nil || !hasAttr(o, "disabled") || !strings.Contains(webtest.TextOf(o), "ناموجود") {
		t.Error("the sold-out variant can be chosen")
	}
	if o := page.Find("variant-" + lBlue); o == nil || !strings.Contains(webtest.TextOf(o), "فقط ۲ عدد باقی مانده") {
		t.Error("the variant with two left does not say so")
	}
	// 6,500,000 + 500,000 rials, +10% tax = 7,700,000 rials = 770,000 toman, in the option and for shop.js.
	if o := page.Find("variant-" + xlBlue); o == nil || webtest.Attr(o, "data-price") != "۷۷۰٬۰۰۰ تومان" || !strings.Contains(webtest.TextOf(o), "۷۷۰٬۰۰۰ تومان") {
		t.Errorf("XL's price: %q", webtest.TextOf(o))
	}
	if got, _ := page.Text("price"); got != "۷۱۵٬۰۰۰ تومان" {
		t.Errorf("the price tag shows %q, want the chosen (first available) variant's ۷۱۵٬۰۰۰ تومان", got)
	}

	add := func(variant, count string) string {
		t.Helper()
		r := c.Submit("/p/"+tee, "/cart/add", url.Values{"code": {tee}, "variant": {variant}, "count": {count}, "back": {"/p/" + tee}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("add %s: status %d", variant, r.Status)
		}
		msg, _ := c.Follow(r).Text("flash")
		return msg
	}
	for _, tc := range []struct{ variant, count, want string }{
		{"", "1", "انتخاب کنید"},
		{mWhite, "1", "ناموجود"},
		{"no-such-variant", "1", "گونه‌ی دیگری"},
		{lBlue, "3", "فقط ۲ عدد"},
		{lBlue, "2", "افزوده شد"},
		{xlBlue, "1", "افزوده شد"},
	} {
		if got := add(tc.variant, tc.count); !strings.Contains(got, tc.want) {
			t.Errorf("add %q × %s: flash %q, want %q", tc.variant, tc.count, got, tc.want)
		}
	}
	if r := c.Submit("/cart", "/cart/update", url.Values{"code": {tee}, "variant": {xlBlue}, "count": {"2"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("update: %d", r.Status)
	}
	basket := c.Get("/cart")
	l := basket.Find("line-" + tee + "/" + lBlue)
	if l == nil || !strings.Contains(webtest.TextOf(l), "سایز: L، رنگ: آبی") {
		t.Fatalf("the basket does not show the L blue line with its options")
	}
	if got, _ := basket.Text("line-total-" + tee + "/" + xlBlue); got != "۱٬۵۴۰٬۰۰۰ تومان" {
		t.Errorf("XL × 2 costs %q, want ۱٬۵۴۰٬۰۰۰ تومان (its own price)", got)
	}
	if got, _ := basket.Text("cart-total"); got != "۲٬۹۷۰٬۰۰۰ تومان" {
		t.Errorf("basket total %q", got)
	}

	r := c.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "cod"}))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
		t.Fatalf("place: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	orders := shop.Frotel.Orders()
	if len(orders) != 1 || len(orders[0].Items) != 2 {
		t.Fatalf("Frotel has %+v", orders)
	}
	for i, want := range []struct{ code, name string }{{lBlue, "سایز: L، رنگ: آبی"}, {xlBlue, "سایز: XL، رنگ: آبی"}} {
		it := orders[0].Items[i]
		if it.ProCode != want.code || !strings.Contains(it.Name, "تیشرت") || !strings.HasSuffix(it.Name, "— "+want.name) {
			t.Errorf("Frotel line %d: pro_code %q name %q, want %q with «%s»", i, it.ProCode, it.Name, want.code, want.name)
		}
	}
	if o := c.Get("/p/" + tee).Find("variant-" + lBlue); o == nil || !hasAttr(o, "disabled") {
		t.Error("the L blue sold out with this order but can still be chosen")
	}

	ctx := context.Background()
	if _, err := shop.Accounts.SaveAccount(ctx, "owner@shop.test", "a long test password", admin.Owner); err != nil {
		t.Fatal(err)
	}
	staff := webtest.SignIn(t, shop.URL, "owner@shop.test", "a long test password")
	o, err := shop.Store.OrderByToken(ctx, strings.TrimPrefix(r.Location, "/orders/"))
	if err != nil || o.Items[0].Variant != lBlue {
		t.Fatalf("stored order %+v, %v", o, err)
	}
	for _, path := range []string{fmt.Sprintf("/admin/orders/%d", o.ID), fmt.Sprintf("/admin/orders/%d/slip", o.ID), "/admin/orders.csv"} {
		body := staff.Get(path).Body
		if !strings.Contains(body, lBlue) || !strings.Contains(body, "سایز: XL، رنگ: آبی") {
			t.Errorf("%s does not show the variants", path)
		}
	}
	if csv := staff.Get("/admin/orders.csv").Body; !strings.Contains(csv, ",items") || !strings.Contains(csv, lBlue+" × 2 ") {
		t.Error("the CSV lacks the items column with the variant's code")
	}
}
