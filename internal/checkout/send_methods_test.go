package checkout_test

import (
	"context"
	"slices"
	"testing"

	"shop/internal/checkout"
)

// Every send method the dashboard can switch on (and courier through SHOP_SEND_METHODS), with both payment ways,
// against the sandbox: the quote never fails because of one method, each offered option can be placed, and the
// total shown equals Frotel's factor.
func TestEverySendMethodWithBothPaymentWays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const tehran, courierFee = 1, 150_000
	for _, m := range checkout.SendMethods() {
		t.Run(string(m), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOptions{settings: checkout.Settings{
				// One buyer places every option; the cash-on-delivery caps (tested apart) would hold the later ones.
				COD:         checkout.CODLimits{PerAddress: -1, UnsettledPerMobile: -1},
				SendMethods: []checkout.SendMethod{checkout.Pishtaz, m}, CourierFee: courierFee, CourierCities: []int{tehran}}})
			c := basket(t, "saffron-1m", 1)
			q, err := e.svc.Quote(ctx, c, tehran)
			if err != nil {
				t.Fatalf("Quote with %s offered: %v", m, err)
			}
			for _, w := range checkout.PaymentWays() {
				if _, ok := q.Find(checkout.Pishtaz, w); !ok {
					t.Errorf("%s hid pishtaz/%s", m, w)
				}
				if _, ok := q.Find(checkout.Courier, w); !ok {
					t.Errorf("the seller's courier is missing for %s", w)
				}
			}
			switch _, offered := q.Find(m, checkout.Online); {
			case m == checkout.Chabok && offered:
				t.Error("chabok offered, but getPrices cannot quote it and the seller set no price")
			case m != checkout.Chabok && !offered:
				t.Errorf("%s not offered", m)
			}
			var n int
			for _, opt := range q.Options {
				if opt.Send == checkout.Courier && opt.Payment == checkout.Online {
					n++
				}
			}
			if n != 1 {
				t.Errorf("courier/online offered %d times", n)
			}
			for _, opt := range q.Options {
				if opt.Send != m && opt.Send != checkout.Courier {
					continue
				}
				o := e.placeOne(t, c, opt.Send, opt.Payment)
				if want := o.GoodsTotal + opt.Cost; o.FactorTotal != want || o.Total != want {
					t.Errorf("%s/%s: shown %d, order total %d, Frotel's factor %d", opt.Send, opt.Payment, want, o.Total, o.FactorTotal)
				}
				wantState := checkout.StateAwaitingPayment
				if opt.Payment == checkout.CashOnDelivery {
					wantState = checkout.StateRegistered
				}
				if o.State != wantState {
					t.Errorf("%s/%s: state %s", opt.Send, opt.Payment, o.State)
				}
			}
			if !slices.Contains(q.SendMethods(), checkout.Pishtaz) {
				t.Error("pishtaz missing from the table")
			}
		})
	}
}
