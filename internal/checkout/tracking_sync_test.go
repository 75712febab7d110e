package checkout_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/jobs"
	"shop/internal/store"
)

// savedOrder stores an order in a given state as if it had come that far, and returns its token.
func savedOrder(t *testing.T, st *store.Store, n int, state checkout.State, factor string, pay checkout.PaymentWay) string {
	t.Helper()
	token := strings.Repeat("a", 30) + string(rune('a'+n/26)) + string(rune('a'+n%26))
	o := &checkout.Order{Token: token, Group: token, Kind: catalog.Physical, State: state, Payment: pay,
		Send: checkout.Pishtaz, FactorID: factor, Total: 1_000_000, Buyer: tehranBuyer()}
	if err := st.CreateOrders(context.Background(), []*checkout.Order{o}); err != nil {
		t.Fatal(err)
	}
	return token
}

func TestRefreshTrackingMovesTheState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from     checkout.State
		shipment checkout.ShipmentState
		want     checkout.State
	}{
		{checkout.StateRegistered, checkout.ShipmentPending, checkout.StateRegistered},
		{checkout.StateRegistered, checkout.ShipmentPreparing, checkout.StateRegistered},
		{checkout.StateRegistered, checkout.ShipmentShipped, checkout.StateShipped},
		{checkout.StateRegistered, checkout.ShipmentCollected, checkout.StateDelivered},
		{checkout.StateRegistered, checkout.ShipmentCancelled, checkout.StateCancelled},
		{checkout.StatePaid, checkout.ShipmentShipped, checkout.StateShipped},
		{checkout.StatePaid, checkout.ShipmentDelivered, checkout.StateDelivered},
		{checkout.StatePaid, checkout.ShipmentUnknown, checkout.StatePaid},
		{checkout.StateShipped, checkout.ShipmentDelivered, checkout.StateDelivered},
		{checkout.StateShipped, checkout.ShipmentReturned, checkout.StateReturned},
		{checkout.StateDelivered, checkout.ShipmentShipped, checkout.StateDelivered},
		{checkout.StateDelivered, checkout.ShipmentReturned, checkout.StateReturned},
		// An unpaid online order is never taken for shipped; it may be cancelled.
		{checkout.StateAwaitingPayment, checkout.ShipmentShipped, checkout.StateAwaitingPayment},
		{checkout.StateAwaitingPayment, checkout.ShipmentCancelled, checkout.StateCancelled},
		{checkout.StatePaymentFailed, checkout.ShipmentCancelled, checkout.StateCancelled},
		{checkout.StateCancelled, checkout.ShipmentDelivered, checkout.StateCancelled},
	}
	for _, tc := range tests {
		t.Run(string(tc.from)+"+"+string(tc.shipment), func(t *testing.T) {
			t.Parallel()
			svc, f, st := newFakeEnv(t, checkout.Settings{})
			token := savedOrder(t, st, 1, tc.from, "22000000000000000001", checkout.CashOnDelivery)
			f.track = checkout.Tracking{StatusLabel: "برچسب " + string(tc.shipment), State: tc.shipment, Barcode: "123456789012345678901234"}
			before := time.Now().Add(-time.Second)
			o, err := svc.RefreshTracking(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			if o.State != tc.want {
				t.Errorf("state %s, want %s", o.State, tc.want)
			}
			again, _ := svc.Order(context.Background(), token)
			if again.State != tc.want || again.TrackingStatus != f.track.StatusLabel || again.Barcode != f.track.Barcode ||
				again.TrackedAt.Before(before) {
				t.Errorf("stored: state %s label %q barcode %q at %v", again.State, again.TrackingStatus, again.Barcode, again.TrackedAt)
			}
		})
	}
}

func TestRefreshTrackingNeedsAFactor(t *testing.T) {
	t.Parallel()
	svc, f, st := newFakeEnv(t, checkout.Settings{})
	token := savedOrder(t, st, 1, checkout.StateRegisterFailed, "", checkout.Online)
	if _, err := svc.RefreshTracking(context.Background(), token); !errors.Is(err, checkout.ErrNotRegistered) {
		t.Fatalf("err = %v, want ErrNotRegistered", err)
	}
	if f.Calls("track") != 0 {
		t.Error("tracking was asked about an order Frotel does not have")
	}
}

func TestSyncJobRefreshesOpenOrders(t *testing.T) {
	t.Parallel()
	svc, f, st := newFakeEnv(t, checkout.Settings{})
	open1 := savedOrder(t, st, 1, checkout.StateRegistered, "22000000000000000001", checkout.CashOnDelivery)
	open2 := savedOrder(t, st, 2, checkout.StatePaid, "22000000000000000002", checkout.Online)
	closed := savedOrder(t, st, 3, checkout.StateReturned, "22000000000000000003", checkout.CashOnDelivery)
	unregistered := savedOrder(t, st, 4, checkout.StateRegisterFailed, "", checkout.CashOnDelivery)
	f.track = checkout.Tracking{StatusLabel: "ارسال شده", State: checkout.ShipmentShipped, Barcode: "1"}
	job := &checkout.SyncJob{Service: svc, Orders: st}
	res, err := job.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsSeen != 2 || res.RowsNew != 2 || f.Calls("track") != 2 {
		t.Errorf("result %+v with %d tracking calls; want 2 seen, 2 moved", res, f.Calls("track"))
	}
	for token, want := range map[string]checkout.State{open1: checkout.StateShipped, open2: checkout.StateShipped,
		closed: checkout.StateReturned, unregistered: checkout.StateRegisterFailed} {
		if o, _ := svc.Order(context.Background(), token); o.State != want {
			t.Errorf("order %s: %s, want %s", o.Reference(), o.State, want)
		}
	}
	if j := job.Job(mustWindow(t), 4*time.Hour); j.Name != "sync-status" || j.Every != 4*time.Hour {
		t.Errorf("job = %+v", j)
	}
}

func mustWindow(t *testing.T) jobs.Window {
	t.Helper()
	w, err := jobs.ParseWindow("07:00-23:30")
	if err != nil {
		t.Fatal(err)
	}
	return w
}
