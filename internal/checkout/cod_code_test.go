package checkout_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"shop/internal/checkout"
	"shop/internal/store/storetest"
)

// With COD confirmed by code, a cash-on-delivery order of an unproven mobile is saved waiting for the code and
// nothing reaches Frotel; the caps no longer hold anyone (a code replaces them), and a proven mobile goes
// straight on.
func TestCODByCodeWaitsForTheCode(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			svc, f, _ := newFakeEnvOn(t, b, checkout.Settings{COD: checkout.CODLimits{PerAddress: 1, UnsettledPerMobile: 1}}, checkout.CODByCode(true))
			ctx := context.Background()
			p, err := svc.Place(ctx, codRequest(t, "09120000001", "185.1.2.3", 1))
			if err != nil {
				t.Fatal(err)
			}
			o := p.Orders[0]
			if o.State != checkout.StateAwaitingCode || f.Calls("register") != 0 || o.Problem == "" {
				t.Fatalf("unproven mobile: state %s, %d registers, problem %q", o.State, f.Calls("register"), o.Problem)
			}
			// Same address, another mobile proven by its sign-in: straight to Frotel, past the per-address cap.
			req := codRequest(t, "09120000002", "185.1.2.3", 1)
			req.MobileConfirmed = true
			p2, err := svc.Place(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if p2.Orders[0].State != checkout.StateRegistered || f.Calls("register") != 1 {
				t.Fatalf("proven mobile: state %s, %d registers", p2.Orders[0].State, f.Calls("register"))
			}
			// Placing the same basket again while the first waits for its code gives that order back, not a second.
			again, err := svc.Place(ctx, codRequest(t, "09120000001", "185.1.2.3", 1))
			if !errors.Is(err, checkout.ErrEarlierOrderUnsettled) || again.Orders[0].Token != o.Token {
				t.Fatalf("same basket again: %v, %+v", err, again.Orders)
			}
		})
	}
}

// The code releases the order once: of many concurrent confirmations exactly one registers it.
func TestReleaseConfirmedSendsOnce(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			svc, f, _ := newFakeEnvOn(t, b, checkout.Settings{}, checkout.CODByCode(true))
			ctx := context.Background()
			p, err := svc.Place(ctx, codRequest(t, "09120000003", "185.1.2.4", 1))
			if err != nil {
				t.Fatal(err)
			}
			token := p.Orders[0].Token
			var wg sync.WaitGroup
			var mu sync.Mutex
			ok, refused := 0, 0
			for range 8 {
				wg.Go(func() {
					_, err := svc.ReleaseConfirmed(ctx, token)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						ok++
					case errors.Is(err, checkout.ErrNotAwaitingCode), errors.Is(err, checkout.ErrStale):
						refused++
					default:
						t.Errorf("release: %v", err)
					}
				})
			}
			wg.Wait()
			got, err := svc.Order(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			if ok != 1 || f.Calls("register") != 1 || got.State != checkout.StateRegistered || got.Problem != "" {
				t.Fatalf("%d releases ok, %d refused, %d registers, state %s", ok, refused, f.Calls("register"), got.State)
			}
			if _, err := svc.ReleaseConfirmed(ctx, token); !errors.Is(err, checkout.ErrNotAwaitingCode) {
				t.Fatalf("release of a registered order: %v", err)
			}
		})
	}
}

// Without COD by code the caps still hold orders for the seller, as before.
func TestCODByCodeOffKeepsTheCaps(t *testing.T) {
	t.Parallel()
	svc, _, _ := newFakeEnv(t, checkout.Settings{COD: checkout.CODLimits{PerAddress: 1}})
	ctx := context.Background()
	if _, err := svc.Place(ctx, codRequest(t, "09120000004", "185.1.2.5", 1)); err != nil {
		t.Fatal(err)
	}
	req := codRequest(t, "09120000005", "185.1.2.5", 1)
	req.MobileConfirmed = true // ignored: codes are off
	p, err := svc.Place(ctx, req)
	if err != nil || p.Orders[0].State != checkout.StateAwaitingSeller {
		t.Fatalf("second COD order from one address: %v, %+v", err, p.Orders)
	}
}

// A cash-on-delivery order whose code never comes does not wait for ever: after CodeWait reconciliation cancels
// it (nothing was sent to Frotel), says why on the order, and a confirmation after that is refused.
func TestUnconfirmedCODIsCancelledByReconciliation(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			now := time.Now()
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			svc, f, _ := newFakeEnvAt(t, b, checkout.Settings{}, clock, checkout.CODByCode(true))
			ctx := context.Background()
			p, err := svc.Place(ctx, codRequest(t, "09120000009", "185.1.2.9", 1))
			if err != nil {
				t.Fatal(err)
			}
			token := p.Orders[0].Token
			rep, err := svc.Reconcile(ctx)
			if err != nil || rep.Unconfirmed != 0 {
				t.Fatalf("at once: %+v, %v", rep, err)
			}
			mu.Lock()
			now = now.Add(checkout.CodeWait + time.Minute)
			mu.Unlock()
			rep, err = svc.Reconcile(ctx)
			if err != nil || rep.Unconfirmed != 1 {
				t.Fatalf("after the wait: %+v, %v", rep, err)
			}
			o, err := svc.Order(ctx, token)
			if err != nil || o.State != checkout.StateCancelled || o.Problem == "" || f.Calls("register") != 0 {
				t.Fatalf("order %+v, %v, %d registers", o, err, f.Calls("register"))
			}
			if rep, _ := svc.Reconcile(ctx); rep.Unconfirmed != 0 {
				t.Errorf("cancelled twice: %+v", rep)
			}
		})
	}
}
