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
