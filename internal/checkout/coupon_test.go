package checkout_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"shop/internal/apperr"
	"shop/internal/checkout"
)

func TestParseEfficacy(t *testing.T) {
	tests := []struct {
		in              string
		percent, amount int64
		ok              bool
	}{
		{"10%", 10, 0, true}, {" 10 % ", 10, 0, true}, {"٪۱۵", 15, 0, true}, {"100%", 100, 0, true},
		{"500000", 0, 500_000, true}, {"۵۰۰٬۰۰۰", 0, 500_000, true}, {"1,000", 0, 1_000, true},
		{"", 0, 0, false}, {"0", 0, 0, false}, {"-5", 0, 0, false}, {"150%", 0, 0, false}, {"ten", 0, 0, false},
	}
	for _, tt := range tests {
		p, a, ok := checkout.ParseEfficacy(tt.in)
		if p != tt.percent || a != tt.amount || ok != tt.ok {
			t.Errorf("ParseEfficacy(%q) = %d, %d, %v; want %d, %d, %v", tt.in, p, a, ok, tt.percent, tt.amount, tt.ok)
		}
	}
}

// A Frotel coupon is checked before anything is saved, sent with every kind of order, and the total the shop
// expects equals the factor Frotel returns, for a percentage and for an amount.
func TestCouponOnEveryKindOfOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, code := range []string{"TAKHFIF10", "NOWRUZ"} {
		for _, tc := range []struct {
			name string
			cart string
			send checkout.SendMethod
			pay  checkout.PaymentWay
		}{
			{"physical online", "saffron-1m", checkout.Pishtaz, checkout.Online},
			{"physical cod", "saffron-1m", checkout.Sefareshi, checkout.CashOnDelivery},
			{"file", "ebook-cooking", "", ""},
			{"service", "decor-consult", "", ""},
		} {
			t.Run(code+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t, envOptions{})
				c := basket(t, tc.cart, 1)
				coupon, err := e.svc.CheckCoupon(ctx, code)
				if err != nil {
					t.Fatal(err)
				}
				q, err := e.svc.QuoteWithCoupon(ctx, c, 1, coupon)
				if err != nil {
					t.Fatal(err)
				}
				goods := c.Totals().Total
				shown := goods - coupon.DiscountOn(goods)
				if tc.send != "" {
					opt, ok := q.Find(tc.send, tc.pay)
					if !ok {
						t.Fatalf("no %s/%s in the quote", tc.send, tc.pay)
					}
					shown += opt.Cost
				}
				p, err := e.svc.Place(ctx, checkout.PlaceRequest{Cart: c, Buyer: tehranBuyer(), Send: tc.send, Payment: tc.pay, Coupon: code})
				if err != nil {
					t.Fatal(err)
				}
				o := p.Orders[0]
				if o.Coupon != code || o.CouponDiscount <= 0 {
					t.Errorf("order coupon %q discount %d", o.Coupon, o.CouponDiscount)
				}
				if o.Total != shown || o.FactorTotal != shown {
					t.Errorf("shown %d, order total %d, Frotel's factor %d", shown, o.Total, o.FactorTotal)
				}
				if got := e.order(t, o.Token); got.Coupon != code || got.CouponDiscount != o.CouponDiscount {
					t.Errorf("stored coupon %q %d", got.Coupon, got.CouponDiscount)
				}
			})
		}
	}
}

func TestCouponRefusedLeavesTheOrderPlaceable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, code := range []string{"NOSUCH", "YALDA1404"} {
		t.Run(code, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOptions{})
			c := basket(t, "ebook-cooking", 1)
			_, err := e.svc.Place(ctx, checkout.PlaceRequest{Cart: c, Buyer: tehranBuyer(), Coupon: code})
			if !errors.Is(err, checkout.ErrCouponRefused) || apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("Place with %s: %v, want ErrCouponRefused", code, err)
			}
			msg := apperr.MessageOf(err)
			if !strings.Contains(msg, "کد تخفیف") || !strings.Contains(msg, "بدون آن") {
				t.Errorf("message %q does not say plainly the coupon was refused and the order can go without it", msg)
			}
			if n := e.sb.Calls("registerOrderVirtual"); n != 0 {
				t.Errorf("a refused coupon still registered %d orders", n)
			}
			p, err := e.svc.Place(ctx, checkout.PlaceRequest{Cart: c, Buyer: tehranBuyer()})
			if err != nil || p.Orders[0].FactorTotal != c.Totals().Total {
				t.Errorf("without the coupon: %+v, %v", p, err)
			}
		})
	}
}
