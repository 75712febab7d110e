package checkout_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shop/internal/checkout"
	"shop/internal/geo"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// interleavingStore is the real store with a hook that runs just before an order is written: a test puts another
// writer's whole request there, so it lands between this writer's read and its write, every time.
type interleavingStore struct {
	*store.Store
	mu     sync.Mutex
	before func(o *checkout.Order) // run once, then cleared
}

func (s *interleavingStore) UpdateOrder(ctx context.Context, o *checkout.Order, from checkout.State) error {
	s.mu.Lock()
	hook := s.before
	s.before = nil
	s.mu.Unlock()
	if hook != nil {
		hook(o)
	}
	return s.Store.UpdateOrder(ctx, o, from)
}

func (s *interleavingStore) interleave(f func(o *checkout.Order)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.before = f
}

func newInterleavingEnv(t *testing.T) (*checkout.Service, *fakeFulfilment, *interleavingStore) {
	t.Helper()
	st := &interleavingStore{Store: storetest.Backends()[0].Open(t)}
	f := newFake()
	svc, err := checkout.NewService(st, f, geo.Default(), checkout.Settings{PublicURL: shopURL}, time.Now, slog.New(slog.DiscardHandler),
		checkout.VerifyWait(5*time.Second), checkout.VerifyRetryPauses(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return svc, f, st
}

var testLinks = []checkout.Download{{Name: "cooking.pdf", Size: "2 MB", URL: "https://files.example/1"}}

// A paid file order's links arrive (the shopper's "links" button) while the dashboard's refresh of tracking has
// read the order and not yet written it: the refresh must not write the order back without its links.
func TestLinksSurviveAConcurrentTrackingRefresh(t *testing.T) {
	t.Parallel()
	svc, f, st := newInterleavingEnv(t)
	ctx := context.Background()
	f.noLinks = true
	f.verify["pay-1|ref-1"] = true
	f.track = checkout.Tracking{StatusLabel: "در حال آماده‌سازی"}
	o := placeVirtual(t, svc)
	if _, err := svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: "pay-1", Ref: "ref-1", Method: "POST"}); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.noLinks, f.links = false, testLinks
	f.mu.Unlock()

	st.interleave(func(*checkout.Order) {
		if _, err := svc.RefreshLinks(ctx, o.Token); err != nil {
			t.Errorf("RefreshLinks: %v", err)
		}
	})
	if _, err := svc.RefreshTracking(ctx, o.Token); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Order(ctx, o.Token)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Downloads) != 1 || got.LinksError != "" || got.TrackingStatus != f.track.StatusLabel {
		t.Errorf("downloads %v, links error %q, tracking %q: a writer's fields were lost", got.Downloads, got.LinksError, got.TrackingStatus)
	}
}

// "Pay again" lands between a callback's read and its write: the callback must not write retrying=false back.
func TestPayAgainSurvivesAConcurrentCallback(t *testing.T) {
	t.Parallel()
	svc, f, st := newInterleavingEnv(t)
	ctx := context.Background()
	f.status = checkout.PaymentStatus{CanContinue: true, Banks: []checkout.Bank{{ID: "1", Name: "ملت"}}, Label: "پرداخت نشده"}
	o := placeVirtual(t, svc)
	f.verify["made-up-1|x"], f.verify["made-up-2|y"] = false, false // Frotel: code 0, verify 0 (not paid)
	// A bank return Frotel does not confirm: the order stays payable, "pay again" is offered.
	if _, err := svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: "made-up-1", Ref: "x", Method: "GET"}); err != nil {
		t.Fatal(err)
	}
	st.interleave(func(*checkout.Order) {
		if _, err := svc.Retry(ctx, o.Token); err != nil {
			t.Errorf("Retry: %v", err)
		}
	})
	if _, err := svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: "made-up-2", Ref: "y", Method: "GET"}); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Order(ctx, o.Token)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Retrying {
		t.Error("retrying was lost: the next payment would go through pay instead of continuePay")
	}
	if !got.PaymentUnconfirmed {
		t.Error("the second callback's outcome was lost")
	}
}

func placeVirtual(t *testing.T, svc *checkout.Service) *checkout.Order {
	t.Helper()
	p, err := svc.Place(context.Background(), checkout.PlaceRequest{Cart: basket(t, "ebook-cooking", 1), Buyer: tehranBuyer()})
	if err != nil || len(p.Orders) != 1 || p.Orders[0].State != checkout.StateAwaitingPayment {
		t.Fatalf("place: %+v, %v", p, err)
	}
	return p.Orders[0]
}

// Writers of every kind run at once on one order — bank callbacks (made-up and genuine), the dashboard's
// tracking refresh, the status sync, the links button, pay again and reconciliation — and every change a writer
// reported as made is in the stored order at the end. Run under -race.
func TestConcurrentWritersLoseNothing(t *testing.T) {
	t.Parallel()
	for round := range 3 {
		svc, f, st := newInterleavingEnv(t)
		ctx := context.Background()
		f.status = checkout.PaymentStatus{CanContinue: true, Banks: []checkout.Bank{{ID: "1", Name: "ملت"}}, Label: "پرداخت نشده"}
		f.track = checkout.Tracking{StatusLabel: "در حال آماده‌سازی"}
		f.verify["genuine|ref"] = true
		f.noLinks = true
		for _, id := range []string{"made-up-0", "made-up-a", "made-up-b", "made-up-c", "made-up-d", "made-up-e", "made-up-f", "late-a", "late-b", "late-c"} {
			f.verify[id+"|x"] = false // Frotel: code 0, verify 0 (not paid)
		}
		o := placeVirtual(t, svc)
		if _, err := svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: "made-up-0", Ref: "x", Method: "GET"}); err != nil {
			t.Fatal(err)
		}
		syncJob := &checkout.SyncJob{Service: svc, Orders: st.Store, Logger: slog.New(slog.DiscardHandler)}

		var retried, tracked, paid, linked atomic.Bool
		run := func(wg *sync.WaitGroup, n int, f func(i int)) {
			for i := range n {
				wg.Go(func() { f(i) })
			}
		}
		// Phase one: the order is unconfirmed and payable; everything that can write it races.
		var wg sync.WaitGroup
		run(&wg, 1, func(int) {
			// Retry answers without error and changes nothing when the genuine payment got there first.
			if got, err := svc.Retry(ctx, o.Token); err == nil && got.Retrying {
				retried.Store(true)
			}
		})
		run(&wg, 6, func(i int) {
			_, _ = svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: "made-up-" + string(rune('a'+i)), Ref: "x", Method: "GET"})
		})
		run(&wg, 4, func(int) {
			if _, err := svc.RefreshTracking(ctx, o.Token); err == nil {
				tracked.Store(true)
			}
		})
		run(&wg, 2, func(int) {
			if _, err := syncJob.Run(ctx); err != nil {
				t.Errorf("sync: %v", err)
			}
		})
		run(&wg, 2, func(int) {
			if _, err := svc.Reconcile(ctx); err != nil {
				t.Errorf("reconcile: %v", err)
			}
		})
		run(&wg, 1, func(int) {
			got, err := svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: "genuine", Ref: "ref", Method: "POST"})
			if err == nil && got.Paid() {
				paid.Store(true)
			}
		})
		wg.Wait()
		// Phase two: the order is paid with its links missing; the links button races the rest.
		f.mu.Lock()
		f.noLinks, f.links = false, testLinks
		f.mu.Unlock()
		run(&wg, 1, func(int) {
			if got, err := svc.RefreshLinks(ctx, o.Token); err == nil && len(got.Downloads) > 0 {
				linked.Store(true)
			}
		})
		run(&wg, 4, func(int) { _, _ = svc.RefreshTracking(ctx, o.Token) })
		run(&wg, 2, func(int) { _, _ = syncJob.Run(ctx) })
		run(&wg, 2, func(int) { _, _ = svc.Reconcile(ctx) })
		run(&wg, 3, func(i int) {
			_, _ = svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: "late-" + string(rune('a'+i)), Ref: "x", Method: "GET"})
		})
		wg.Wait()

		got, err := svc.Order(ctx, o.Token)
		if err != nil {
			t.Fatal(err)
		}
		if !paid.Load() || got.State != checkout.StatePaid || got.TrackingCode == "" {
			t.Errorf("round %d: genuine payment: reported %v, stored %s tracking %q", round, paid.Load(), got.State, got.TrackingCode)
		}
		if retried.Load() && !got.Retrying {
			t.Errorf("round %d: pay again reported done, retrying lost", round)
		}
		if tracked.Load() && got.TrackingStatus != f.track.StatusLabel {
			t.Errorf("round %d: tracking refresh reported done, label %q lost", round, got.TrackingStatus)
		}
		if !linked.Load() || len(got.Downloads) != 1 || got.LinksError != "" {
			t.Errorf("round %d: links reported %v, stored %v (error %q)", round, linked.Load(), got.Downloads, got.LinksError)
		}
		if got.Version == 0 {
			t.Errorf("round %d: version never moved", round)
		}
	}
}

// clockedStore saves new orders at the test clock's time, as a shop whose clock the test moves would.
type clockedStore struct {
	*store.Store
	now func() time.Time
}

func (s clockedStore) CreateOrders(ctx context.Context, orders []*checkout.Order) error {
	for _, o := range orders {
		o.CreatedAt, o.UpdatedAt = s.now(), s.now()
	}
	return s.Store.CreateOrders(ctx, orders)
}

func (s clockedStore) CreateOrdersGated(ctx context.Context, orders []*checkout.Order, g checkout.CODGate) error {
	for _, o := range orders {
		o.CreatedAt, o.UpdatedAt = s.now(), s.now()
	}
	return s.Store.CreateOrdersGated(ctx, orders, g)
}

// A mixed basket's third order waits behind two slow registrations until the grace period has passed, its
// register_sent_at still empty, and reconciliation runs meanwhile: whoever claims the send sends it, the other
// sends nothing, so Frotel gets exactly one registration per order.
func TestReconciliationAndCheckoutNeverBothSend(t *testing.T) {
	t.Parallel()
	c := &clock{now: time.Now().Add(-time.Hour)}
	st := clockedStore{Store: storetest.Backends()[0].Open(t), now: c.Now}
	f := newFake()
	svc, err := checkout.NewService(st, f, geo.Default(), checkout.Settings{PublicURL: shopURL, ReconcileGrace: time.Minute},
		c.Now, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var rep checkout.ReconcileReport
	reconcileSending, placed, reconciled := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var placedOnce sync.Once
	release := func() { placedOnce.Do(func() { close(placed) }) }
	f.onRegister = func(call int) {
		switch call {
		case 2:
			// The second registration is slow: the third order, saved with the others and not sent yet, passes
			// the grace, and reconciliation starts on it before the second answers.
			c.Add(time.Minute + time.Second)
			go func() {
				defer close(reconciled)
				var rerr error
				if rep, rerr = svc.Reconcile(ctx); rerr != nil {
					t.Errorf("reconcile: %v", rerr)
				}
			}()
			wait(t, reconcileSending, "reconciliation sending the third order")
		case 3:
			// Reconciliation's send of the third order is slow too: checkout reaches that order meanwhile.
			close(reconcileSending)
			wait(t, placed, "checkout done")
		default:
			// A fourth call is checkout sending the third order a second time: let reconciliation's go on.
			release()
		}
	}
	p, err := svc.Place(ctx, checkout.PlaceRequest{Cart: basket(t, "saffron-1m", 1, "ebook-cooking", 1, "decor-consult", 1),
		Buyer: tehranBuyer(), Send: checkout.Pishtaz, Payment: checkout.Online})
	release()
	wait(t, reconciled, "reconciliation done")
	if n := f.Calls("register"); n != 3 {
		t.Errorf("Frotel got %d registrations for 3 orders (reconciliation registered %d)", n, rep.Registered)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Orders) != 3 {
		t.Fatalf("%d orders", len(p.Orders))
	}
	for _, o := range p.Orders {
		got, err := svc.Order(ctx, o.Token)
		if err != nil {
			t.Fatal(err)
		}
		if got.FactorID == "" || got.State != checkout.StateAwaitingPayment {
			t.Errorf("%s order: state %s factor %q", got.Kind, got.State, got.FactorID)
		}
	}
}

// A hundred made-up pairs for one order at once: the bound is counted and claimed in one transaction, so at most
// ChecksPerOrder checkPay calls go out, and the deferred pairs stored for reconciliation stay within the order's
// share, like stored callbacks.
func TestConcurrentPairsKeepTheCheckBound(t *testing.T) {
	t.Parallel()
	svc, f, st := newInterleavingEnv(t)
	ctx := context.Background()
	o := placeVirtual(t, svc)
	for i := range 100 {
		f.verify[fmt.Sprintf("made-up-%d|x", i)] = false // Frotel: code 0, verify 0 (not paid): one checkPay each
	}
	lim := svc.Settings().Limits
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			_, _ = svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: fmt.Sprintf("made-up-%d", i), Ref: "x", Method: "GET"})
		})
	}
	wg.Wait()
	if n := f.Calls("verify"); n > lim.ChecksPerOrder {
		t.Errorf("%d checkPay calls, bound %d", n, lim.ChecksPerOrder)
	}
	vs, err := st.Verifications(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	deferred := 0
	for _, v := range vs {
		if v.Status == checkout.VerificationDeferred {
			deferred++
		}
	}
	if deferred > lim.CallbacksPerOrder {
		t.Errorf("%d deferred pairs stored, share %d", deferred, lim.CallbacksPerOrder)
	}
	t.Logf("%d checkPay calls, %d deferred rows", f.Calls("verify"), deferred)
}

// wait waits for ch to close, and fails the test instead of hanging when it does not within a while.
func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(20 * time.Second):
		t.Errorf("waited 20s for %s", what)
	}
}
