package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/checkout"
	"shop/internal/sandbox"
	"shop/internal/web/webtest"
)

// TestAdminSettlesALostRegistration: Frotel registers an order but its answer is garbled, so the shop cannot know
// the outcome and marks it for a person. The order page shows the history with the evidence; the person finds the
// order in Frotel's panel by the reference at the start of the buyer's note and attaches its factor.
func TestAdminSettlesALostRegistration(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	for m := 1; m <= 3; m++ {
		s.Frotel.SetFault(m, sandbox.Fault{Malformed: true, Methods: []string{"registerOrder"}})
	}
	shopper := webtest.ShopperWithBasket(t, s.URL, "lahijan-tea-500")
	r := shopper.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "sefareshi", "pay": "cod"}))
	s.Frotel.ClearFaults()
	if r.Status != http.StatusSeeOther {
		t.Fatalf("place: status %d\n%s", r.Status, r.Body)
	}
	o, err := s.Store.OrderByToken(context.Background(), strings.TrimPrefix(r.Location, "/orders/"))
	if err != nil || o.State != checkout.StateNeedsReconciliation {
		t.Fatalf("placed order: %+v %v", o, err)
	}
	var factor string
	for _, snap := range s.Frotel.Orders() {
		if strings.HasPrefix(snap.Message, o.Reference()) {
			factor = snap.Factor
		}
	}
	if factor == "" {
		t.Fatalf("Frotel's panel has no order whose note starts with %s", o.Reference())
	}

	c := signedIn(t, s)
	path := fmt.Sprintf("/admin/orders/%d", o.ID)
	p := c.Get(path)
	if !p.Has("settle") || !p.Has("event-reconcile") || !strings.Contains(p.Body, o.Reference()) {
		t.Fatalf("the order page offers no way to settle it, or shows no history:\n%s", p.Body)
	}
	if r := c.Submit(path, path+"/resend", url.Values{}); r.Status != http.StatusBadRequest {
		t.Errorf("resend without confirming: status %d", r.Status)
	}
	if r := c.Submit(path, path+"/attach-factor", url.Values{"factor": {"99999"}}); r.Status != http.StatusBadRequest ||
		!strings.Contains(r.Body, "فروتل این شماره‌ی فاکتور را نمی‌شناسد") {
		t.Errorf("a factor Frotel does not know: status %d", r.Status)
	}
	r = c.Submit(path, path+"/attach-factor", url.Values{"factor": {factor}})
	if r.Status != http.StatusSeeOther || r.Location != path+"?done=factor-attached" {
		t.Fatalf("attach: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	got, _ := s.Store.OrderByID(context.Background(), o.ID)
	if got.State != checkout.StateRegistered || got.FactorID != factor {
		t.Errorf("after attaching: %s factor %q", got.State, got.FactorID)
	}
	p = c.Get(path)
	if !p.Has("event-settle") || p.Has("settle") {
		t.Error("the history does not show who attached the factor, or the settle forms are still offered")
	}
	if n := len(s.Frotel.Orders()); n != 1 {
		t.Errorf("Frotel holds %d orders, want 1", n)
	}
}
