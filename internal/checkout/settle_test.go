package checkout_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"shop/internal/apperr"
	"shop/internal/checkout"
)

// lostAnswer places an online order whose register answer was lost: it waits for a person.
func lostAnswer(t *testing.T, svc *checkout.Service, f *fakeFulfilment) *checkout.Order {
	t.Helper()
	f.register = fmt.Errorf("%w: timeout", checkout.ErrOutcomeUnknown)
	p, err := svc.Place(context.Background(), checkout.PlaceRequest{Cart: basket(t, "ebook-cooking", 1), Buyer: tehranBuyer()})
	f.register = nil
	if err != nil || p.Orders[0].State != checkout.StateNeedsReconciliation {
		t.Fatalf("placed: %+v, %v", p, err)
	}
	return p.Orders[0]
}

func TestAPersonSettlesALostRegistration(t *testing.T) {
	t.Parallel()
	t.Run("attach the factor found in Frotel's panel", func(t *testing.T) {
		t.Parallel()
		svc, f, _ := newFakeEnv(t, checkout.Settings{})
		o := lostAnswer(t, svc, f)
		f.trackErr = apperr.Wrap(apperr.Invalid, "یافت نشد", fmt.Errorf("%w: unknown factor", checkout.ErrRefused))
		if _, err := svc.AttachFactor(context.Background(), o.ID, "12345", "owner@shop"); !errors.Is(err, checkout.ErrFactorNotFound) {
			t.Errorf("a factor Frotel does not know: %v", err)
		}
		f.trackErr = nil
		f.track = checkout.Tracking{FactorID: "22000000000000000077", StatusLabel: "معلق", Price: 1_520_000}
		f.status = checkout.PaymentStatus{CanContinue: true, Banks: []checkout.Bank{{ID: "1", Name: "ملت"}}}
		got, err := svc.AttachFactor(context.Background(), o.ID, "۲۲-۰۰۰۰۰۰۰۰۰۰۰۰۰۰۰۰۷۷", "owner@shop")
		if err != nil || got.State != checkout.StateAwaitingPayment || got.FactorID != "22000000000000000077" ||
			got.FactorTotal != 1_520_000 || !got.CanPay() {
			t.Fatalf("attached: %+v, %v", got, err)
		}
		es, _ := svc.Events(context.Background(), o.ID)
		if last := es[len(es)-1]; last.Actor != "owner@shop" || last.Evidence == "" {
			t.Errorf("history = %+v", es)
		}
		if _, err := svc.AttachFactor(context.Background(), o.ID, "1", "owner@shop"); !errors.Is(err, checkout.ErrNotForAPerson) {
			t.Errorf("attaching twice: %v", err)
		}
		if f.Calls("register") != 1 {
			t.Errorf("%d registrations, want the one lost answer", f.Calls("register"))
		}
	})
	t.Run("never registered: sent again, once", func(t *testing.T) {
		t.Parallel()
		svc, f, _ := newFakeEnv(t, checkout.Settings{})
		o := lostAnswer(t, svc, f)
		f.register = fmt.Errorf("%w: timeout again", checkout.ErrOutcomeUnknown)
		again, err := svc.ResendNeverRegistered(context.Background(), o.ID, "owner@shop")
		if err != nil || again.State != checkout.StateNeedsReconciliation {
			t.Fatalf("resent, lost again: %+v, %v", again, err)
		}
		f.register = nil
		if _, err := svc.ResendNeverRegistered(context.Background(), o.ID, "owner@shop"); !errors.Is(err, checkout.ErrAlreadyResent) {
			t.Errorf("a second resend: %v, want ErrAlreadyResent", err)
		}
		if n := f.Calls("register"); n != 2 {
			t.Errorf("%d registrations, want 2 (the lost one and the one resend)", n)
		}
	})
	t.Run("never registered: sent again and accepted", func(t *testing.T) {
		t.Parallel()
		svc, f, _ := newFakeEnv(t, checkout.Settings{})
		o := lostAnswer(t, svc, f)
		got, err := svc.ResendNeverRegistered(context.Background(), o.ID, "owner@shop")
		if err != nil || got.State != checkout.StateAwaitingPayment || got.FactorID == "" {
			t.Fatalf("resent: %+v, %v", got, err)
		}
		if _, err := svc.ResendNeverRegistered(context.Background(), o.ID, "owner@shop"); !errors.Is(err, checkout.ErrNotForAPerson) {
			t.Errorf("resend of a registered order: %v", err)
		}
	})
}
