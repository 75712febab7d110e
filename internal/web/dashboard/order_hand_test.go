package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/sandbox"
	"shop/internal/web/webtest"
)

// placeCOD places one cash-on-delivery order of the product for a mobile of its own and returns it as stored.
func placeCOD(t *testing.T, s *fullShop, code, mobile string) (*webtest.Client, *checkout.Order) {
	t.Helper()
	shopper := webtest.ShopperWithBasket(t, s.URL, code)
	r := shopper.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "sefareshi", "pay": "cod", "mobile": mobile}))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
		t.Fatalf("place: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	o, err := s.Store.OrderByToken(context.Background(), strings.TrimPrefix(r.Location, "/orders/"))
	if err != nil || o.State != checkout.StateRegistered {
		t.Fatalf("placed: %+v %v", o, err)
	}
	return shopper, o
}

func stateOf(t *testing.T, s *fullShop, id int64) *checkout.Order {
	t.Helper()
	o, err := s.Store.OrderByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestAdminCancelAsksFrotelAndConfirms(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	_, sent := placeCOD(t, s, "saffron-1m", "09121110001")
	_, open := placeCOD(t, s, "lahijan-tea-500", "09121110002")

	t.Run("refused when Frotel says sent", func(t *testing.T) {
		if err := s.Frotel.Advance(sent.FactorID, sandbox.StatusShipped); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/admin/orders/%d", sent.ID)
		if p := c.Get(path); !p.Has("cancel-order") {
			t.Fatalf("no cancel on a registered order:\n%s", p.Body)
		}
		r := c.Submit(path+"/cancel", path+"/cancel", url.Values{"confirm": {"yes"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "ارسال یا تحویل شده") {
			t.Fatalf("cancel of a sent parcel: status %d\n%s", r.Status, r.Body)
		}
		if got := stateOf(t, s, sent.ID); got.State != checkout.StateRegistered {
			t.Fatalf("state %s after a refused cancel", got.State)
		}
	})
	t.Run("without the confirm it asks again", func(t *testing.T) {
		path := fmt.Sprintf("/admin/orders/%d", open.ID)
		r := c.Submit(path, path+"/cancel", nil)
		if r.Status != http.StatusSeeOther || r.Location != path+"/cancel" {
			t.Fatalf("unconfirmed cancel: status %d location %q", r.Status, r.Location)
		}
		if p := c.Follow(r); !p.Has("confirm-yes") || stateOf(t, s, open.ID).State != checkout.StateRegistered {
			t.Fatalf("the confirm page:\n%s", p.Body)
		}
	})
	t.Run("cancelled after the confirm", func(t *testing.T) {
		path := fmt.Sprintf("/admin/orders/%d", open.ID)
		r := c.Submit(path+"/cancel", path+"/cancel", url.Values{"confirm": {"yes"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("cancel: status %d\n%s", r.Status, r.Body)
		}
		if got := stateOf(t, s, open.ID); got.State != checkout.StateCancelled {
			t.Fatalf("state %s", got.State)
		}
		p := c.Follow(r)
		hist, _ := p.Text("order-history")
		if !strings.Contains(hist, "فروشنده سفارش را لغو کرد") || !strings.Contains(hist, adminEmail) || p.Has("cancel-order") {
			t.Fatalf("history after cancel: %q", hist)
		}
	})
}

func TestAdminShipDeliverAndNote(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	shopper, o := placeCOD(t, s, "saffron-1m", "09121110003")
	path := fmt.Sprintf("/admin/orders/%d", o.ID)
	if p := c.Get(path); !p.Has("mark-shipped") || !p.Has("mark-delivered") || !p.Has("note-text") {
		t.Fatalf("the seller's hand is missing:\n%s", p.Body)
	}
	r := c.Submit(path, path+"/ship", url.Values{"barcode": {"PK-778899"}})
	if r.Status != http.StatusSeeOther || stateOf(t, s, o.ID).State != checkout.StateShipped {
		t.Fatalf("ship: status %d, state %s\n%s", r.Status, stateOf(t, s, o.ID).State, r.Body)
	}
	if p := c.Follow(r); !p.Has("admin-notice") || p.Has("mark-shipped") || !p.Has("mark-delivered") {
		t.Fatalf("the page after ship:\n%s", p.Body)
	}
	mine := shopper.Get("/orders/" + o.Token)
	if b, _ := mine.Text("postal-barcode"); mine.Attr("order-state", "data-state") != "shipped" || !strings.Contains(b, "PK-") {
		t.Fatalf("shopper's page after ship: %q %q", mine.Attr("order-state", "data-state"), b)
	}
	if r := c.Submit(path, path+"/deliver", nil); r.Status != http.StatusSeeOther || stateOf(t, s, o.ID).State != checkout.StateDelivered {
		t.Fatalf("deliver: status %d\n%s", r.Status, r.Body)
	}
	if r := c.Submit(path, path+"/ship", nil); r.Status != http.StatusConflict {
		t.Fatalf("ship a delivered order: status %d", r.Status)
	}

	const note = `<script>alert("x")</script> بسته را به همسایه دادیم`
	if r := c.Submit(path, path+"/note", url.Values{"note": {note}}); r.Status != http.StatusSeeOther {
		t.Fatalf("note: status %d\n%s", r.Status, r.Body)
	}
	if r := c.Submit(path, path+"/note", url.Values{"note": {"  "}}); r.Status != http.StatusBadRequest {
		t.Fatalf("empty note: status %d", r.Status)
	}
	mine = shopper.Get("/orders/" + o.Token)
	shown, _ := mine.Text("seller-note")
	if !strings.Contains(shown, note) || strings.Contains(mine.Body, "<script>alert") {
		t.Fatalf("the note on the shopper's page is %q (escaped: %v)", shown, !strings.Contains(mine.Body, "<script>alert"))
	}
	p := c.Get(path)
	if ev := p.Find("event-" + checkout.EventSellerNote); ev == nil || !strings.Contains(webtest.TextOf(ev), adminEmail) {
		t.Fatalf("the note is not in the dashboard's history with who wrote it:\n%s", p.Body)
	}
	hist, _ := p.Text("order-history")
	if !strings.Contains(hist, "ارسال‌شده") || !strings.Contains(hist, "PK-778899") || !strings.Contains(hist, "تحویل‌شده") {
		t.Fatalf("history: %q", hist)
	}
}

// Staff (not only the owner) may use the seller's hand, like every other order action.
func TestAdminStaffMayCancel(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	if _, err := s.Accounts.SaveAccount(context.Background(), "staff@shop.test", "another long password", admin.Staff); err != nil {
		t.Fatal(err)
	}
	c := webtest.SignIn(t, s.URL, "staff@shop.test", "another long password")
	_, o := placeCOD(t, s, "saffron-1m", "09121110004")
	path := fmt.Sprintf("/admin/orders/%d", o.ID)
	if r := c.Submit(path+"/cancel", path+"/cancel", url.Values{"confirm": {"yes"}}); r.Status != http.StatusSeeOther ||
		stateOf(t, s, o.ID).State != checkout.StateCancelled {
		t.Fatalf("staff cancel: status %d\n%s", r.Status, r.Body)
	}
}
