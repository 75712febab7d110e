package frotel

import (
	"context"
	"errors"
	"sync"
	"testing"
)

// TestRetryRulePerMethod pins which methods may move to the next mirror after
// the first one answered 500: read-only and idempotent ones do, calls that
// create an order or a payment attempt stop with ErrOutcomeUnknown.
func TestRetryRulePerMethod(t *testing.T) {
	ctx := context.Background()
	pay := PayRequest{FactorID: "22000000000000000000", BankID: "1", CallbackURL: "https://shop.example/cb"}
	tests := []struct {
		name string
		path string
		safe bool
		call func(c *Client) error
	}{
		{"get prices", "order/getPrices.json", true, func(c *Client) error { _, err := c.GetPrices(ctx, testPriceRequest); return err }},
		{"check coupon", "order/checkCoupon.json", true, func(c *Client) error {
			_, err := c.CheckCoupon(ctx, CouponRequest{Code: "NOWRUZ1405"})
			return err
		}},
		{"check pay", "payment/checkPay.json", true, func(c *Client) error {
			_, err := c.CheckPay(ctx, CheckPayRequest{PaymentID: "14116", Ref: "AB", FactorID: pay.FactorID})
			return err
		}},
		{"order pay", "order/orderPay.json", true, func(c *Client) error {
			_, err := c.OrderPay(ctx, OrderPayRequest{FactorID: pay.FactorID})
			return err
		}},
		{"tracking", "order/tracking.json", true, func(c *Client) error {
			_, err := c.Tracking(ctx, TrackingRequest{FactorID: pay.FactorID})
			return err
		}},
		{"register order", "order/registerOrder.json", false, func(c *Client) error {
			_, err := c.RegisterOrder(ctx, PhysicalOrder{Buyer: testBuyer, Payment: CashOnDelivery, Send: Pishtaz, Items: []Item{testItem}})
			return err
		}},
		{"register virtual", "order/registerOrderVirtual.json", false, func(c *Client) error {
			_, err := c.RegisterOrderVirtual(ctx, VirtualOrder{Buyer: testBuyer, Items: []Item{testItem}})
			return err
		}},
		{"register service", "order/registerOrderService.json", false, func(c *Client) error {
			_, err := c.RegisterOrderService(ctx, ServiceOrder{Buyer: testBuyer, Items: []Item{testItem}})
			return err
		}},
		{"pay", "payment/pay.json", false, func(c *Client) error { _, err := c.Pay(ctx, pay); return err }},
		{"continue pay", "payment/continuePay.json", false, func(c *Client) error { _, err := c.ContinuePay(ctx, pay); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m1, m2 := newFakeMirror(t, status5x), newFakeMirror(t, healthy)
			c := newTestClient(t, newTestClock(), nil, m1, m2)
			err := tt.call(c)
			if tt.safe {
				if err != nil || m2.count(tt.path) != 1 {
					t.Errorf("err = %v, mirror 2 hits = %d; want success on mirror 2", err, m2.count(tt.path))
				}
				return
			}
			if !errors.Is(err, ErrOutcomeUnknown) || m2.count(tt.path) != 0 {
				t.Errorf("err = %v, mirror 2 hits = %d; want ErrOutcomeUnknown and no retry", err, m2.count(tt.path))
			}
		})
	}
}

func TestMirrorStatsConcurrent(t *testing.T) {
	c := newTestClient(t, newTestClock(), nil, newFakeMirror(t, status5x), newFakeMirror(t, healthy))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, _ = c.Tracking(context.Background(), TrackingRequest{FactorID: "22"})
		}()
		go func() {
			defer wg.Done()
			_ = c.MirrorStats()
		}()
	}
	wg.Wait()
	s := c.MirrorStats()
	if s[0].Requests+s[1].Requests < 8 || s[1].Requests != 8 {
		t.Errorf("stats = %+v", s)
	}
}
