package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/store/storetest"
)

// TestDayTallies: orders are counted on their Tehran day (an order at 23:50 and one at 00:10 Tehran fall on two
// days, though both are the same UTC day), by state and payment way, with their totals summed, on both databases.
func TestDayTallies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		ctx := context.Background()
		tehran := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, iran.Tehran) }
		n := 0
		mk := func(at time.Time, st checkout.State, pay checkout.PaymentWay, total int64) *checkout.Order {
			n++
			o := sampleOrder(fmt.Sprint("dt-", n), fmt.Sprint("dt-", n))
			o.State, o.Payment, o.Total, o.CreatedAt, o.UpdatedAt = st, pay, total, at, at
			return o
		}
		mustCreateOrders(t, s,
			mk(tehran(19, 12, 0), checkout.StatePaid, checkout.Online, 999), // before since
			mk(tehran(20, 0, 10), checkout.StatePaid, checkout.Online, 100),
			mk(tehran(20, 23, 50), checkout.StatePaid, checkout.Online, 200),
			mk(tehran(20, 13, 0), checkout.StateRegistered, checkout.CashOnDelivery, 50),
			mk(tehran(21, 0, 10), checkout.StatePaid, checkout.Online, 400),
		)
		got, err := s.DayTallies(ctx, tehran(20, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		type key struct {
			day     string
			state   checkout.State
			payment checkout.PaymentWay
		}
		sums := map[key][2]int64{}
		for _, d := range got {
			if !d.Day.Equal(iran.DayStart(d.Day)) {
				t.Errorf("day %v is not a Tehran midnight", d.Day)
			}
			sums[key{iran.FormatJalaliDate(d.Day), d.State, d.Payment}] = [2]int64{int64(d.Orders), d.Total}
		}
		day20, day21 := iran.FormatJalaliDate(tehran(20, 0, 0)), iran.FormatJalaliDate(tehran(21, 0, 0))
		want := map[key][2]int64{
			{day20, checkout.StatePaid, checkout.Online}:               {2, 300},
			{day20, checkout.StateRegistered, checkout.CashOnDelivery}: {1, 50},
			{day21, checkout.StatePaid, checkout.Online}:               {1, 400},
		}
		if len(sums) != len(want) {
			t.Errorf("tallies %v, want %v", sums, want)
		}
		for k, w := range want {
			if sums[k] != w {
				t.Errorf("%v: %v, want %v", k, sums[k], w)
			}
		}
		ov := admin.Summarize(got, tehran(21, 10, 0))
		if ov.TodayOrders != 1 || ov.TodayRevenue != 400 {
			t.Errorf("overview today: %d orders, %d rials", ov.TodayOrders, ov.TodayRevenue)
		}
	})
}
