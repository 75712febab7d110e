package checkout_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/store/storetest"
)

// placeOnline places a file order (paid online) on the fake and returns it.
func placeOnline(t *testing.T, svc *checkout.Service) *checkout.Order {
	t.Helper()
	p, err := svc.Place(context.Background(), checkout.PlaceRequest{Cart: basket(t, "ebook-cooking", 1), Buyer: tehranBuyer()})
	if err != nil {
		t.Fatal(err)
	}
	o, err := svc.Order(context.Background(), p.Orders[0].Token)
	if err != nil || o.State != checkout.StateAwaitingPayment {
		t.Fatalf("placed order: %+v, %v", o, err)
	}
	return o
}

func TestForgedCallbacksNeverBlockTheGenuineOne(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		forged []checkout.CallbackRequest
	}{
		{"the next payment id with a made-up reference", []checkout.CallbackRequest{{PaymentID: "501", Ref: "made-up"}}},
		{"the genuine payment id with a made-up reference", []checkout.CallbackRequest{{PaymentID: "500", Ref: "made-up"}}},
		{"many made-up pairs", func() []checkout.CallbackRequest {
			var out []checkout.CallbackRequest
			for i := range 8 {
				out = append(out, checkout.CallbackRequest{PaymentID: fmt.Sprint(490 + i), Ref: fmt.Sprint("x", i)})
			}
			return out
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc, f, _ := newFakeEnvOn(t, storetest.Backends()[len(storetest.Backends())-1], checkout.Settings{})
			o := placeOnline(t, svc)
			f.verify["500|genuine"] = true
			for _, cb := range tc.forged {
				// Frotel answers a made-up pair with an error code, which is no verdict: the pair waits for
				// reconciliation, and the order is untouched.
				got, err := svc.HandleCallback(context.Background(), o.Token, cb)
				if !errors.Is(err, checkout.ErrVerifyUnavailable) {
					t.Fatalf("forged %+v: %v", cb, err)
				}
				if got.State != checkout.StateAwaitingPayment || got.Paid() {
					t.Fatalf("a forged callback moved the order to %s", got.State)
				}
			}
			paid, err := svc.HandleCallback(context.Background(), o.Token, checkout.CallbackRequest{PaymentID: "500", Ref: "genuine"})
			if err != nil || paid.State != checkout.StatePaid {
				t.Fatalf("genuine callback after forged ones: %+v, %v", paid, err)
			}
			if n := f.Calls("verify"); n != 3*len(tc.forged)+1 {
				t.Errorf("%d checkPay calls, want three per erroring pair and one for the genuine (%d)", n, 3*len(tc.forged)+1)
			}
			// Replays of any pair, and fresh pairs on a paid order, cost nothing more.
			for _, cb := range append(tc.forged, checkout.CallbackRequest{PaymentID: "500", Ref: "genuine"},
				checkout.CallbackRequest{PaymentID: "777", Ref: "new"}) {
				if got, err := svc.HandleCallback(context.Background(), o.Token, cb); err != nil || !got.Paid() {
					t.Fatalf("replay %+v: %+v, %v", cb, got, err)
				}
			}
			if n := f.Calls("verify"); n != 3*len(tc.forged)+1 {
				t.Errorf("%d checkPay calls after replays, want still %d", n, 3*len(tc.forged)+1)
			}
		})
	}
}

func TestChecksPerOrderAreBounded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		svc, f, _ := newFakeEnvOn(t, db, checkout.Settings{Limits: checkout.Limits{ChecksPerOrder: 3, CallbacksPerOrder: 5}})
		o := placeOnline(t, svc)
		f.verify["9|genuine"] = true
		for i := range 10 {
			_, err := svc.HandleCallback(context.Background(), o.Token, checkout.CallbackRequest{PaymentID: fmt.Sprint(i), Ref: "forged"})
			if i < 3 && !errors.Is(err, checkout.ErrVerifyUnavailable) || i >= 3 && !errors.Is(err, checkout.ErrVerifyDeferred) {
				t.Fatalf("callback %d: %v", i, err)
			}
		}
		if n := f.Calls("verify"); n != 9 {
			t.Fatalf("%d checkPay calls for 10 forged callbacks, want the bound (3 pairs, each asked 3 times)", n)
		}
		// The genuine return, past the bound, is kept for reconciliation, which checks it without a new callback.
		if _, err := svc.HandleCallback(context.Background(), o.Token, checkout.CallbackRequest{PaymentID: "9", Ref: "genuine"}); !errors.Is(err, checkout.ErrVerifyDeferred) {
			t.Fatalf("genuine past the bound: %v", err)
		}
		rep, err := svc.Reconcile(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got, _ := svc.Order(context.Background(), o.Token)
		if !got.Paid() || rep.Paid != 1 || f.Calls("verify") != 10 {
			t.Errorf("after reconciliation: %s, report %+v, %d checkPay calls (want 10)", got.State, rep, f.Calls("verify"))
		}
		h, _ := svc.PaymentHistory(context.Background(), o.ID)
		if len(h.Callbacks) != 5 {
			t.Errorf("%d callback rows stored, want the bound (5)", len(h.Callbacks))
		}
		if _, err := svc.Reconcile(context.Background()); err != nil || f.Calls("verify") != 10 {
			t.Errorf("a second run on a paid order called checkPay: %d, %v", f.Calls("verify"), err)
		}
	})
}

func TestReconcileSettlesWhatACrashLeft(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		svc, f, st := newFakeEnvOn(t, db, checkout.Settings{ReconcileGrace: time.Nanosecond})
		ctx := context.Background()
		// Three orders as a killed process leaves them: saved and never sent; sent with no answer; paid at the bank
		// with the checkPay cut off. (Other buyers: an unsettled order holds back its buyer's same basket.)
		other := tehranBuyer()
		other.Mobile = "09351234567"
		never := &checkout.Order{Token: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2", Group: "g1", Kind: "virtual", State: checkout.StateRegistering,
			Buyer: other, Payment: checkout.Online, GoodsTotal: 1_500_000, Total: 1_500_000,
			Items: []checkout.Item{{Code: "ebook-cooking", Name: "کتاب", UnitPrice: 1_500_000, Count: 1, Total: 1_500_000}}}
		sent := &checkout.Order{Token: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2", Group: "g2", Kind: "virtual", State: checkout.StateRegistering,
			Buyer: other, Payment: checkout.Online, GoodsTotal: 1_500_000, Total: 1_500_000, RegisterSentAt: time.Now(),
			Items: []checkout.Item{{Code: "ebook-cooking", Name: "کتاب", UnitPrice: 1_500_000, Count: 1, Total: 1_500_000}}}
		if err := st.CreateOrders(ctx, []*checkout.Order{never, sent}); err != nil {
			t.Fatal(err)
		}
		paid := placeOnline(t, svc)
		f.verify["42|sb42"] = true
		if won, err := st.ClaimVerification(ctx, paid.ID, "42", "sb42", time.Now().Add(-time.Hour), time.Now().Add(-2*time.Hour)); err != nil || !won {
			t.Fatalf("claim: %v %v", won, err)
		}
		time.Sleep(time.Millisecond)

		rep, err := svc.Reconcile(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Registered != 1 || rep.ForPerson != 1 || rep.Paid != 1 {
			t.Errorf("report = %+v", rep)
		}
		for _, tc := range []struct {
			token string
			want  checkout.State
		}{{never.Token, checkout.StateAwaitingPayment}, {sent.Token, checkout.StateNeedsReconciliation}, {paid.Token, checkout.StatePaid}} {
			o, err := svc.Order(ctx, tc.token)
			if err != nil || o.State != tc.want {
				t.Errorf("order %s: %+v, %v; want %s", tc.token, o, err, tc.want)
				continue
			}
			es, _ := svc.Events(ctx, o.ID)
			if len(es) == 0 || es[0].Actor != "reconciliation" || es[0].Evidence == "" {
				t.Errorf("order %s history = %+v", tc.token, es)
			}
		}
		if n := f.Calls("register"); n != 2 { // placeOnline's and the never-sent order's: never the sent one
			t.Errorf("%d register calls, want 2", n)
		}
		// A second run decides nothing new.
		rep, err = svc.Reconcile(ctx)
		if err != nil || rep.Registered+rep.ForPerson+rep.Paid != 0 || f.Calls("register") != 2 {
			t.Errorf("second run: %+v, %v", rep, err)
		}
	})
}

func TestCheckingOutAgainDoesNotDuplicateAnUnsettledOrder(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		svc, f, _ := newFakeEnvOn(t, db, checkout.Settings{})
		f.register = fmt.Errorf("%w: timeout", checkout.ErrOutcomeUnknown)
		req := checkout.PlaceRequest{Cart: basket(t, "ebook-cooking", 1), Buyer: tehranBuyer()}
		first, err := svc.Place(context.Background(), req)
		if err != nil || first.Orders[0].State != checkout.StateNeedsReconciliation {
			t.Fatalf("first: %+v, %v", first, err)
		}
		f.register = nil
		for range 3 {
			again, err := svc.Place(context.Background(), req)
			if !errors.Is(err, checkout.ErrEarlierOrderUnsettled) || len(again.Orders) != 1 || again.Orders[0].Token != first.Orders[0].Token {
				t.Fatalf("again: %+v, %v", again, err)
			}
		}
		if n := f.Calls("register"); n != 1 {
			t.Errorf("Frotel got %d registrations for one checkout, want 1", n)
		}
		// Other goods, or another buyer, are not held back.
		other := req
		other.Buyer.Mobile = "09351234567"
		if _, err := svc.Place(context.Background(), other); err != nil {
			t.Errorf("another buyer: %v", err)
		}
		if m, _ := iran.NormalizeMobile(other.Buyer.Mobile); m == "" {
			t.Fatal("test mobile is not a mobile")
		}
	})
}

func TestLinkRefreshesAreBounded(t *testing.T) {
	t.Parallel()
	svc, f, _ := newFakeEnv(t, checkout.Settings{Limits: checkout.Limits{LinkRefreshes: 2}})
	ctx := context.Background()
	o := placeOnline(t, svc)
	if _, err := svc.RefreshLinks(ctx, o.Token); !errors.Is(err, checkout.ErrCannotPay) {
		t.Errorf("refresh on an unpaid order: %v", err)
	}
	f.verify["1|a"], f.noLinks = true, true
	if got, err := svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: "1", Ref: "a"}); err != nil || got.LinksError == "" {
		t.Fatalf("paid without links: %+v, %v", got, err)
	}
	before := f.Calls("verify")
	for i := range 2 {
		if _, err := svc.RefreshLinks(ctx, o.Token); err != nil {
			t.Fatalf("refresh %d: %v", i, err)
		}
	}
	if _, err := svc.RefreshLinks(ctx, o.Token); !errors.Is(err, checkout.ErrTooManyRefreshes) {
		t.Errorf("third refresh: %v, want ErrTooManyRefreshes", err)
	}
	if n := f.Calls("verify") - before; n != 2 {
		t.Errorf("%d checkPay calls for refreshes, want the bound (2)", n)
	}
	f.noLinks = false
	f.verify["1|a"] = true
}

// A checkPay cut off by a kill is taken for abandoned once the grace has passed, not a fixed two minutes later:
// a restarted shop settles the payment in its first reconciliation after the grace. The service's clock is the
// test's, so a slow machine cannot move the claim past the grace.
func TestReconcileChecksACutOffVerificationAfterTheGrace(t *testing.T) {
	t.Parallel()
	grace := 7 * time.Minute // not the default two minutes
	clk := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	svc, f, st := newFakeEnvAt(t, storetest.Backends()[0], checkout.Settings{ReconcileGrace: grace}, clk.Now)
	ctx := context.Background()
	paid := placeOnline(t, svc)
	f.verify["42|sb42"] = true
	claimed := clk.Now()
	if won, err := st.ClaimVerification(ctx, paid.ID, "42", "sb42", claimed, claimed.Add(-grace)); err != nil || !won {
		t.Fatalf("claim: %v %v", won, err)
	}
	for _, step := range []struct {
		name  string
		after time.Duration // since the claim
		paid  bool
	}{
		{"at once the claim may still be live", 0, false},
		{"a second before the grace ends it still may", grace - time.Second, false},
		{"a second after, it was cut off and is checked again", grace + time.Second, true},
		{"and never twice", grace + time.Hour, true},
	} {
		clk.Add(claimed.Add(step.after).Sub(clk.Now()))
		rep, err := svc.Reconcile(ctx)
		got, _ := svc.Order(ctx, paid.Token)
		calls := 0
		if step.paid {
			calls = 1
		}
		if err != nil || got.Paid() != step.paid || f.Calls("verify") != calls {
			t.Fatalf("%s: %+v, %v, state %s, %d checkPay calls", step.name, rep, err, got.State, f.Calls("verify"))
		}
	}
}
