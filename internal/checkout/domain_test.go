package checkout_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"shop/internal/apperr"
	"shop/internal/checkout"
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
		{"refused", false, nil, checkout.StateAwaitingPayment, nil},
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
	if fmt.Sprint(heard) != "[not_verified unavailable verified]" {
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
