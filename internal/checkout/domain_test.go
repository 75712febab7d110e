package checkout_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"shop/internal/apperr"
	"shop/internal/checkout"
	"shop/internal/geo"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// These tests run the domain against the in-memory fake: what checkout decides from each kind of answer.

func TestQuoteAddsEveryPartOfThePrice(t *testing.T) {
	t.Parallel()
	svc, f, _ := newFakeEnv(t, checkout.Settings{SendMethods: []checkout.SendMethod{checkout.Pishtaz}})
	c := basket(t, "saffron-1m", 1)
	q, err := svc.Quote(context.Background(), c, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pay  checkout.PaymentWay
		want int64
	}{{checkout.Online, 347_000}, {checkout.CashOnDelivery, 461_000}} {
		if o, ok := q.Find(checkout.Pishtaz, tc.pay); !ok || o.Cost != tc.want {
			t.Errorf("%s: %+v, %v; want %d", tc.pay, o, ok, tc.want)
		}
	}
	if _, err := svc.Quote(context.Background(), c, 1); err != nil || f.Calls("quote") != 1 {
		t.Errorf("second quote: %v, %d calls; want one call, cached", err, f.Calls("quote"))
	}
}

func TestRegisterOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		err         error
		want        checkout.State
		problemPart string
	}{
		{"accepted, online with banks", nil, checkout.StateAwaitingPayment, ""},
		{"answer lost", fmt.Errorf("%w: timeout", checkout.ErrOutcomeUnknown), checkout.StateNeedsReconciliation, "دوباره ثبت نکنید"},
		{"refused", apperr.Wrap(apperr.Invalid, "کد پستی نادرست است.", fmt.Errorf("%w: code 12", checkout.ErrRefused)), checkout.StateRegisterFailed, "کد پستی نادرست است."},
		{"unavailable", apperr.Wrap(apperr.Unavailable, "فروتل در دسترس نیست.", checkout.ErrUnavailable), checkout.StateRegisterFailed, "فروتل در دسترس نیست."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc, f, _ := newFakeEnv(t, checkout.Settings{})
			f.register = tc.err
			p, err := svc.Place(context.Background(), checkout.PlaceRequest{Cart: basket(t, "saffron-1m", 1), Buyer: tehranBuyer(),
				Send: checkout.Pishtaz, Payment: checkout.Online})
			if err != nil {
				t.Fatal(err)
			}
			o, err := svc.Order(context.Background(), p.Orders[0].Token)
			if err != nil {
				t.Fatal(err)
			}
			if o.State != tc.want || !strings.Contains(o.Problem, tc.problemPart) {
				t.Errorf("state %s problem %q; want %s with %q", o.State, o.Problem, tc.want, tc.problemPart)
			}
			if f.last.Reference != o.Reference() || f.last.Send != checkout.Pishtaz || f.last.Payment != checkout.Online {
				t.Errorf("sent %+v", f.last)
			}
			if tc.err == nil && (o.FactorID == "" || o.FactorTotal == 0 || len(o.Banks) != 1 || o.Shipping != 347_000) {
				t.Errorf("registered order = %+v", o)
			}
		})
	}
}

func TestVerifyAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		verified  bool
		verifyErr error
		want      checkout.State
		wantErr   error
	}{
		{"verified", true, nil, checkout.StatePaid, nil},
		{"not paid", false, nil, checkout.StateAwaitingPayment, nil},
		{"unreachable", false, apperr.Wrap(apperr.Unavailable, "x", checkout.ErrUnavailable), checkout.StateAwaitingPayment, checkout.ErrVerifyUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc, f, _ := newFakeEnv(t, checkout.Settings{})
			p, err := svc.Place(context.Background(), checkout.PlaceRequest{Cart: basket(t, "ebook-cooking", 1), Buyer: tehranBuyer()})
			if err != nil {
				t.Fatal(err)
			}
			token := p.Orders[0].Token
			f.verify["77|ref-77"] = tc.verified
			if tc.verifyErr != nil {
				f.verifyFn = func() error { return tc.verifyErr }
			}
			o, err := svc.HandleCallback(context.Background(), token, checkout.CallbackRequest{PaymentID: "77", Ref: "ref-77", Method: "GET"})
			if !errors.Is(err, tc.wantErr) && (tc.wantErr != nil || err != nil) {
				t.Fatalf("HandleCallback: %v, want %v", err, tc.wantErr)
			}
			if o == nil || o.State != tc.want {
				t.Fatalf("order = %+v, want state %s", o, tc.want)
			}
			if tc.verified && o.TrackingCode != "123456789012" {
				t.Errorf("tracking code %q", o.TrackingCode)
			}
		})
	}
}

func TestDomainErrorsCarryCodes(t *testing.T) {
	t.Parallel()
	svc, _, _ := newFakeEnv(t, checkout.Settings{})
	_, err := svc.Order(context.Background(), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	if apperr.CodeOf(err) != apperr.NotFound || apperr.MessageOf(err) == "" {
		t.Errorf("unknown order: %v (code %s)", err, apperr.CodeOf(err))
	}
	_, err = svc.Place(context.Background(), checkout.PlaceRequest{Buyer: tehranBuyer()})
	if !errors.Is(err, checkout.ErrEmptyCart) || apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("empty basket: %v", err)
	}
}

func TestReferenceRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		id   int64
		okay bool
	}{
		{"SH-000042", 42, true}, {"sh-42", 42, true}, {" 42 ", 42, true}, {"SH-", 0, false}, {"SH-4a", 0, false},
		{"0", 0, false}, {"", 0, false},
	}
	for _, tc := range tests {
		id, ok := checkout.ParseReference(tc.in)
		if id != tc.id || ok != tc.okay {
			t.Errorf("ParseReference(%q) = %d, %v", tc.in, id, ok)
		}
	}
	if got := checkout.ReferenceOf(42); got != "SH-000042" {
		t.Errorf("ReferenceOf(42) = %q", got)
	}
}

func TestOnVerifyHearsEveryOutcome(t *testing.T) {
	t.Parallel()
	var heard []string
	svc, f, _ := newFakeEnv(t, checkout.Settings{}, checkout.ObserveVerify(func(outcome string) { heard = append(heard, outcome) }))
	p, err := svc.Place(context.Background(), checkout.PlaceRequest{Cart: basket(t, "ebook-cooking", 1), Buyer: tehranBuyer()})
	if err != nil {
		t.Fatal(err)
	}
	token := p.Orders[0].Token
	_, _ = svc.HandleCallback(context.Background(), token, checkout.CallbackRequest{PaymentID: "1", Ref: "forged"})
	f.verifyFn = func() error { return apperr.Wrap(apperr.Unavailable, "x", checkout.ErrUnavailable) }
	_, _ = svc.HandleCallback(context.Background(), token, checkout.CallbackRequest{PaymentID: "2", Ref: "down"})
	f.verifyFn = nil
	f.verify["3|ok"] = true
	_, _ = svc.HandleCallback(context.Background(), token, checkout.CallbackRequest{PaymentID: "3", Ref: "ok"})
	if fmt.Sprint(heard) != "[error_answer unavailable verified]" {
		t.Errorf("heard %v", heard)
	}
}

func TestShipmentLabelsKeepZWNJ(t *testing.T) {
	if got := checkout.ShipmentPreparing.Label(); got != "در حال آماده\u200cسازی" {
		t.Errorf("preparing = %q, want آماده‌سازی with its zero-width non-joiner", got)
	}
	if checkout.ShipmentUnknown.Label() != "" {
		t.Error("an unknown state must leave Frotel's own label")
	}
}

// TestSettingsChangeWhileCheckoutsRun: the dashboard may save settings at any moment; under -race this proves
// every checkout path reads them safely, and the environment's limits survive a save.
func TestSettingsChangeWhileCheckoutsRun(t *testing.T) {
	t.Parallel()
	svc, f, _ := newFakeEnv(t, checkout.Settings{Limits: checkout.Limits{ChecksPerOrder: 7}})
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			n := svc.Settings()
			n.FreeShippingAbove, n.Limits = int64(i), checkout.Limits{}
			svc.UpdateSettings(n)
		}
	}()
	for i := range 5 {
		p, err := svc.Place(context.Background(), checkout.PlaceRequest{Cart: basket(t, "saffron-1m", 1), Buyer: tehranBuyer(),
			Send: checkout.Pishtaz, Payment: checkout.Online})
		if err != nil {
			t.Fatal(err)
		}
		f.verify[fmt.Sprint(i, "|r")] = true
		if _, err := svc.HandleCallback(context.Background(), p.Orders[0].Token, checkout.CallbackRequest{PaymentID: fmt.Sprint(i), Ref: "r"}); err != nil {
			t.Fatal(err)
		}
		_ = svc.OrderURL(p.Orders[0])
		if _, err := svc.Reconcile(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	<-done
	if got := svc.Settings().Limits.ChecksPerOrder; got != 7 {
		t.Errorf("a dashboard save changed the environment's limit to %d", got)
	}
}

// refusedOnce answers the first n checkPay calls with an error code (the bank did not answer Frotel in time), then
// lets the fake answer.
func refusedOnce(n int) func() error {
	var mu sync.Mutex
	return func() error {
		mu.Lock()
		defer mu.Unlock()
		if n == 0 {
			return nil
		}
		n--
		return apperr.Wrap(apperr.Invalid, "پاسخی از بانک دریافت نشد.", fmt.Errorf("%w: code 12", checkout.ErrRefused))
	}
}

// An error code from checkPay is not "not paid": it is asked again at once, then by reconciliation with back-off
// for the verification window, and the shopper reads «در حال بررسی» meanwhile. Only code 0, verify 0 is final.
func TestCheckPayErrorIsNotFinal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	newOrder := func(t *testing.T, clk *clock) (*checkout.Service, *fakeFulfilment, *store.Store, string) {
		st := storetest.Backends()[0].Open(t)
		f := newFake()
		svc, err := checkout.NewService(st, f, geo.Default(), checkout.Settings{PublicURL: shopURL,
			Limits: checkout.Limits{VerifyWindow: time.Hour}}, clk.Now, slog.New(slog.DiscardHandler),
			checkout.VerifyWait(2*time.Second), checkout.VerifyRetryPauses(time.Millisecond, time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.Place(ctx, checkout.PlaceRequest{Cart: basket(t, "ebook-cooking", 1), Buyer: tehranBuyer()})
		if err != nil {
			t.Fatal(err)
		}
		f.verify["77|ref-77"] = true
		return svc, f, st, p.Orders[0].Token
	}
	cb := checkout.CallbackRequest{PaymentID: "77", Ref: "ref-77", Method: "GET"}

	t.Run("a first error is asked again in the request", func(t *testing.T) {
		t.Parallel()
		clk := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		svc, f, _, token := newOrder(t, clk)
		f.verifyFn = refusedOnce(1)
		o, err := svc.HandleCallback(ctx, token, cb)
		if err != nil || o.State != checkout.StatePaid {
			t.Fatalf("HandleCallback = %+v, %v; want paid", o, err)
		}
		if n := f.Calls("verify"); n != 2 {
			t.Errorf("checkPay calls = %d, want 2 (the error, then the answer)", n)
		}
		// One successful checkPay per pair: the bank calling back again costs nothing.
		if _, err := svc.HandleCallback(ctx, token, cb); err != nil || f.Calls("verify") != 2 {
			t.Errorf("repeat callback: %v, %d checkPay calls", err, f.Calls("verify"))
		}
	})

	t.Run("errors that last go to reconciliation with back-off", func(t *testing.T) {
		t.Parallel()
		clk := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		svc, f, _, token := newOrder(t, clk)
		f.verifyFn = refusedOnce(6)
		o, err := svc.HandleCallback(ctx, token, cb)
		if !errors.Is(err, checkout.ErrVerifyUnavailable) {
			t.Fatalf("HandleCallback err = %v, want ErrVerifyUnavailable", err)
		}
		if n := f.Calls("verify"); n != 3 {
			t.Errorf("checkPay calls in the request = %d, want 3", n)
		}
		if o.State != checkout.StateAwaitingPayment || o.PaymentUnconfirmed || !strings.Contains(o.Problem, "در حال بررسی") ||
			strings.Contains(o.Problem, "تأیید نشد") {
			t.Errorf("order: state %s unconfirmed %v problem %q; want awaiting, «در حال بررسی»", o.State, o.PaymentUnconfirmed, o.Problem)
		}
		h, _ := svc.PaymentHistory(ctx, o.ID)
		if len(h.Verifications) != 1 || h.Verifications[0].Status != checkout.VerificationError {
			t.Fatalf("verifications = %+v, want one left in error", h.Verifications)
		}
		// Reconciliation at once: too soon after the last try.
		if _, err := svc.Reconcile(ctx); err != nil {
			t.Fatal(err)
		}
		if n := f.Calls("verify"); n != 3 {
			t.Errorf("reconciliation right after the request called checkPay (%d calls)", n)
		}
		clk.Add(3 * time.Minute) // past the grace: asked again (three tries), still errors
		if _, err := svc.Reconcile(ctx); err != nil {
			t.Fatal(err)
		}
		if n := f.Calls("verify"); n != 6 {
			t.Fatalf("checkPay calls after the first reconciliation = %d, want 6", n)
		}
		clk.Add(time.Minute) // the gap doubles: not yet
		if _, err := svc.Reconcile(ctx); err != nil || f.Calls("verify") != 6 {
			t.Fatalf("reconciliation before the back-off: %v, %d calls", err, f.Calls("verify"))
		}
		clk.Add(5 * time.Minute)
		rep, err := svc.Reconcile(ctx)
		if err != nil {
			t.Fatal(err)
		}
		o, _ = svc.Order(ctx, token)
		if o.State != checkout.StatePaid || rep.Paid != 1 || f.Calls("verify") != 7 {
			t.Errorf("after back-off: state %s, report %+v, %d calls; want paid with the 7th call", o.State, rep, f.Calls("verify"))
		}
	})

	t.Run("verify again asks an errored pair", func(t *testing.T) {
		t.Parallel()
		clk := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		svc, f, _, token := newOrder(t, clk)
		f.verifyFn = refusedOnce(3)
		if _, err := svc.HandleCallback(ctx, token, cb); !errors.Is(err, checkout.ErrVerifyUnavailable) {
			t.Fatalf("HandleCallback err = %v", err)
		}
		o, err := svc.Reverify(ctx, token)
		if err != nil || o.State != checkout.StatePaid {
			t.Errorf("Reverify = %+v, %v; want paid", o, err)
		}
	})

	t.Run("past the verification window a person is told", func(t *testing.T) {
		t.Parallel()
		clk := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		svc, f, _, token := newOrder(t, clk)
		f.verifyFn = refusedOnce(1000)
		if _, err := svc.HandleCallback(ctx, token, cb); !errors.Is(err, checkout.ErrVerifyUnavailable) {
			t.Fatalf("HandleCallback err = %v", err)
		}
		for range 12 {
			clk.Add(10 * time.Minute)
			if _, err := svc.Reconcile(ctx); err != nil {
				t.Fatal(err)
			}
		}
		calls := f.Calls("verify")
		if calls > 3+3*6 {
			t.Errorf("%d checkPay calls over two hours: the back-off did not back off", calls)
		}
		o, _ := svc.Order(ctx, token)
		h, _ := svc.PaymentHistory(ctx, o.ID)
		if len(h.Verifications) != 1 || h.Verifications[0].Status != checkout.VerificationDone || h.Verifications[0].Verified {
			t.Errorf("verifications = %+v, want given up (done, not verified)", h.Verifications)
		}
		if o.State != checkout.StateAwaitingPayment || !o.PaymentUnconfirmed {
			t.Errorf("order state %s unconfirmed %v", o.State, o.PaymentUnconfirmed)
		}
		clk.Add(time.Hour)
		if _, err := svc.Reconcile(ctx); err != nil || f.Calls("verify") != calls {
			t.Errorf("a given-up pair was asked again: %v, %d calls", err, f.Calls("verify"))
		}
	})
}
