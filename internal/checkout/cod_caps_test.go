package checkout_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"shop/internal/checkout"
)

func codRequest(t *testing.T, mobile, ip string, count int) checkout.PlaceRequest {
	t.Helper()
	b := tehranBuyer()
	b.Mobile, b.IP = mobile, ip
	return checkout.PlaceRequest{Cart: basket(t, "saffron-1m", count), Buyer: b, Send: checkout.Pishtaz, Payment: checkout.CashOnDelivery}
}

// A hundred cash-on-delivery checkouts at once from one address, each with a new mobile: only the address's
// share reaches Frotel (each registerOrder is a parcel Frotel prepares and posts); the rest are saved and held
// for the seller, none dropped.
func TestCODSprayFromOneAddressIsHeld(t *testing.T) {
	t.Parallel()
	svc, f, _ := newFakeEnv(t, checkout.Settings{})
	ctx := context.Background()
	const tries = 100
	var wg sync.WaitGroup
	placed := make(chan *checkout.Order, tries)
	for i := range tries {
		wg.Go(func() {
			p, err := svc.Place(ctx, codRequest(t, fmt.Sprintf("0912%07d", i), "185.1.2.3", 1))
			if err != nil {
				t.Errorf("place %d: %v", i, err)
				return
			}
			placed <- p.Orders[0]
		})
	}
	wg.Wait()
	close(placed)
	held, sent := 0, 0
	for o := range placed {
		got, err := svc.Order(ctx, o.Token)
		if err != nil {
			t.Fatal(err)
		}
		switch got.State {
		case checkout.StateAwaitingSeller:
			held++
			if got.Problem == "" || got.FactorID != "" {
				t.Errorf("held order: problem %q factor %q", got.Problem, got.FactorID)
			}
		case checkout.StateRegistered:
			sent++
		default:
			t.Errorf("order in %s", got.State)
		}
	}
	want := svc.Settings().COD.PerAddress
	if n := f.Calls("register"); n != want || sent != want || held != tries-want {
		t.Errorf("%d of %d reached Frotel (%d registered, %d held); want %d sent, the rest held", n, tries, sent, held, want)
	}
	t.Logf("%d of %d parallel cash-on-delivery checkouts from one address reached registerOrder", f.Calls("register"), tries)
}

// One mobile's unsettled cash-on-delivery orders are capped, from any address: the third waits for the seller.
func TestCODUnsettledPerMobileIsHeld(t *testing.T) {
	t.Parallel()
	svc, f, _ := newFakeEnv(t, checkout.Settings{})
	ctx := context.Background()
	var last *checkout.Order
	for i := range 3 {
		p, err := svc.Place(ctx, codRequest(t, "09351112233", fmt.Sprintf("10.0.0.%d", i+1), i+1)) // other goods each time
		if err != nil {
			t.Fatal(err)
		}
		last = p.Orders[0]
	}
	if f.Calls("register") != 2 || last.State != checkout.StateAwaitingSeller {
		t.Fatalf("%d registered, third %s; want 2 and the third held", f.Calls("register"), last.State)
	}
	// Sending it needs the seller's press, once.
	got, err := svc.ReleaseHeld(ctx, last.ID, "owner@shop.test")
	if err != nil || got.State != checkout.StateRegistered || got.FactorID == "" || f.Calls("register") != 3 {
		t.Fatalf("release: %s %q, %v (%d registrations)", got.State, got.FactorID, err, f.Calls("register"))
	}
	if _, err := svc.ReleaseHeld(ctx, last.ID, "owner@shop.test"); !errors.Is(err, checkout.ErrNotHeld) || f.Calls("register") != 3 {
		t.Errorf("second release: %v, %d registrations", err, f.Calls("register"))
	}
	// Another held one is cancelled: nothing goes to Frotel.
	p, err := svc.Place(ctx, codRequest(t, "09351112233", "10.0.0.9", 7))
	if err != nil || p.Orders[0].State != checkout.StateAwaitingSeller {
		t.Fatalf("fourth: %v %v", p, err)
	}
	c, err := svc.CancelHeld(ctx, p.Orders[0].ID, "owner@shop.test")
	if err != nil || c.State != checkout.StateCancelled || f.Calls("register") != 3 {
		t.Errorf("cancel: %s, %v, %d registrations", c.State, err, f.Calls("register"))
	}
}

// An online order is never held, whatever the address placed before: the caps are for parcels paid at the door.
func TestCODCapsLeaveOnlineOrdersAlone(t *testing.T) {
	t.Parallel()
	svc, f, _ := newFakeEnv(t, checkout.Settings{COD: checkout.CODLimits{PerAddress: 1, UnsettledPerMobile: 1}})
	ctx := context.Background()
	for i := range 3 {
		req := codRequest(t, fmt.Sprintf("0912000000%d", i), "185.1.2.3", 1)
		req.Payment = checkout.Online
		p, err := svc.Place(ctx, req)
		if err != nil || p.Orders[0].State != checkout.StateAwaitingPayment {
			t.Fatalf("online %d: %v %v", i, p.Orders[0].State, err)
		}
	}
	if f.Calls("register") != 3 {
		t.Errorf("%d registrations, want 3", f.Calls("register"))
	}
}
