package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// A file order goes through without gender or a message to the seller: the shop sends Frotel's required values.
func TestCheckoutVirtualWithoutGenderOrNote(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "ebook-cooking")
	r := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place", "note": "", "gender": ""}))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
		t.Fatalf("place: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	if got := c.Follow(r).Attr("order-state", "data-state"); got != "awaiting_payment" {
		t.Errorf("state %q", got)
	}
}

// Without JavaScript every step of the checkout comes back to its own section (an anchor), the optional fields
// and the loyalty box are folded, and the basket's total is at the top for phones.
func TestCheckoutShortOnPhones(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	page := c.Get("/checkout")
	for id, want := range map[string]string{"get-quote": "/checkout/quote#shipping", "show-cities": "/checkout/cities#address",
		"loyalty-check": "/checkout/loyalty#loyalty"} {
		if got := page.Attr(id, "formaction"); got != want {
			t.Errorf("%s goes to %q, want %q", id, got, want)
		}
	}
	for _, id := range []string{"more-fields", "note-box", "loyalty-box"} {
		n := page.Find(id)
		if n == nil || n.Data != "details" || hasAttr(n, "open") {
			t.Errorf("%s is not folded", id)
		}
	}
	if !page.Has("mini-summary") || !strings.Contains(page.Body, `id="mini-summary"`) {
		t.Error("no compact summary at the top")
	}
	if strings.Index(page.Body, `data-testid="loyalty-box"`) < strings.Index(page.Body, `data-testid="field-address"`) {
		t.Error("the loyalty box comes before the address")
	}
	// A quote without JavaScript comes back at the shipping section with the table.
	r := c.Submit("/checkout", "/checkout#shipping", buyer(map[string]string{"action": "quote"}))
	if r.Status != http.StatusOK || !r.Has("quote-table") {
		t.Fatalf("quote: status %d", r.Status)
	}
}
