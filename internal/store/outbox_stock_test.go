package store_test

import (
	"context"
	"strings"
	"testing"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/notify"
	"shop/internal/sms/smstest"
	"shop/internal/store/storetest"
)

// An order that leaves a product at catalog.LowStockAt or fewer tells the seller, once per crossing, in the
// transaction that took the stock; orders above the line and further orders below it say nothing more.
func TestLowStockTellsTheSeller(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := openNotifying(t, db.NewDSN(t))
		if _, err := notify.Save(ctx, s, notify.Settings{SellerMobiles: []string{"09120000001"}}); err != nil {
			t.Fatal(err)
		}
		stockProduct(t, s, "P1", catalog.Quantity(catalog.LowStockAt+2))
		k := smstest.NewKavenegar(t)
		lowOf := func() []sent {
			if _, err := kavenegarSender(t, s, k, "one").SendDue(ctx); err != nil {
				t.Fatal(err)
			}
			var out []sent
			for _, m := range sentOf(k) {
				if m.To == "09120000001" && strings.Contains(m.Text, "کالای P1") && !strings.Contains(m.Text, "سفارش تازه") {
					out = append(out, m)
				}
			}
			return out
		}
		mustCreateOrders(t, s, stockOrder("t1", checkout.CashOnDelivery, "P1", 1)) // LowStockAt+1 left
		if got := lowOf(); len(got) != 0 {
			t.Fatalf("above the line: %+v", got)
		}
		mustCreateOrders(t, s, stockOrder("t2", checkout.CashOnDelivery, "P1", 1)) // LowStockAt left
		got := lowOf()
		if len(got) != 1 || !strings.Contains(got[0].Text, "۳") && !strings.Contains(got[0].Text, "3") {
			t.Fatalf("at the line: %+v", got)
		}
		mustCreateOrders(t, s, stockOrder("t3", checkout.CashOnDelivery, "P1", 1))
		if again := lowOf(); len(again) != 1 {
			t.Fatalf("below the line the seller was told again: %+v", again)
		}
	})
}
