package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/checkout"
	"shop/internal/web/webtest"
)

// A mobile's third unsettled cash-on-delivery order is held: the shopper's page says the seller will confirm it,
// the dashboard lists it first with the two presses, and sending it makes the one registration at Frotel.
func TestAdminHeldCashOnDeliveryOrder(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	var loc string
	for _, code := range []string{"lahijan-tea-500", "notebook-leather", "saffron-1m"} {
		shopper := webtest.ShopperWithBasket(t, s.URL, code)
		r := shopper.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "sefareshi", "pay": "cod"}))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("place %s: status %d\n%s", code, r.Status, r.Body)
		}
		loc = r.Location
	}
	o, err := s.Store.OrderByToken(context.Background(), strings.TrimPrefix(loc, "/orders/"))
	if err != nil || o.State != checkout.StateAwaitingSeller {
		t.Fatalf("third order: %+v %v", o, err)
	}
	if p := webtest.NewClient(t, s.URL).Get(loc); !p.Has("held-for-seller") {
		t.Error("the shopper's page does not say the order waits for the seller")
	}
	if n := len(s.Frotel.Orders()); n != 2 {
		t.Fatalf("Frotel holds %d orders, want 2 (the third held)", n)
	}
	c := signedIn(t, s)
	list := c.Get("/admin/orders")
	if n := strings.Count(list.Body, `data-testid="order-row"`); n != 3 || list.Attr("order-row", "data-state") != string(checkout.StateAwaitingSeller) {
		t.Fatalf("%d rows, the first %q: the held order is not listed first", n, list.Attr("order-row", "data-state"))
	}
	path := fmt.Sprintf("/admin/orders/%d", o.ID)
	if p := c.Get(path); !p.Has("held") || !p.Has("release") || !p.Has("cancel-held") {
		t.Fatalf("the order page offers no presses:\n%s", p.Body)
	}
	r := c.Submit(path, path+"/release", url.Values{})
	if r.Status != http.StatusSeeOther || r.Location != path+"?done=released" {
		t.Fatalf("release: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	got, _ := s.Store.OrderByID(context.Background(), o.ID)
	if got.State != checkout.StateRegistered || got.FactorID == "" || len(s.Frotel.Orders()) != 3 {
		t.Errorf("after release: %s factor %q, Frotel holds %d", got.State, got.FactorID, len(s.Frotel.Orders()))
	}
	if p := c.Get(path); p.Has("held") {
		t.Error("the presses are still offered after release")
	}
}

// The overview lists recent failed sign-ins: who was tried and from where.
func TestAdminOverviewListsFailedSignIns(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	stranger := webtest.NewClient(t, s.URL)
	if r := stranger.Submit("/admin/login", "/admin/login", url.Values{"email": {adminEmail}, "password": {"a wrong guess"}}); r.Status != http.StatusUnauthorized {
		t.Fatalf("wrong password: status %d", r.Status)
	}
	c := signedIn(t, s)
	p := c.Get("/admin")
	if got, _ := p.Text("failed-sign-in"); strings.Count(p.Body, `data-testid="failed-sign-in"`) != 1 || !strings.Contains(got, adminEmail) {
		t.Errorf("failed sign-ins on the overview: %q", got)
	}
}
