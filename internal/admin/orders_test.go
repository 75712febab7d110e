package admin_test

import (
	"net/url"
	"testing"
	"time"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/iran"
)

func TestParseOrderFilter(t *testing.T) {
	t.Parallel()
	q := url.Values{"q": {" ۰۹۱۲ "}, "state": {"attention"}, "kind": {"virtual"}, "payment": {"cod"},
		"from": {"1405/09/01"}, "to": {"۱۴۰۵/۰۹/۰۲"}, "after": {"h.1764000000123456.42"}}
	f, problems := admin.ParseOrderFilter(q)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if f.Query != "0912" || len(f.States) != len(admin.NeedsPerson()) || f.Kind != "virtual" || f.Payment != checkout.CashOnDelivery ||
		f.After != (admin.OrderCursor{Held: true, CreatedAt: time.UnixMicro(1764000000123456).UTC(), ID: 42}) || !f.Before.IsZero() {
		t.Errorf("filter = %+v", f)
	}
	if got := f.To.Sub(f.From); got != 48*time.Hour {
		t.Errorf("from..to spans %v, want two whole days", got)
	}
	_, problems = admin.ParseOrderFilter(url.Values{"state": {"lost"}, "kind": {"x"}, "payment": {"cash"}, "from": {"1405/13/01"}, "to": {"yesterday"}})
	for _, k := range []string{"state", "kind", "payment", "from", "to"} {
		if !persian.MatchString(problems[k]) {
			t.Errorf("problem for %s = %q, want a Persian sentence", k, problems[k])
		}
	}
	for in, want := range map[string]int64{"SH-000042": 42, "sh-7": 7, "42": 0, "0912": 0} {
		if id, _ := admin.ReferenceID(in); id != want {
			t.Errorf("ReferenceID(%q) = %d, want %d", in, id, want)
		}
	}
}

// A cursor survives its trip through a link, and anything else in its place is the first page.
func TestOrderCursorRoundTrip(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 9, 0, 0, 123456000, time.UTC)
	for _, c := range []admin.OrderCursor{{Held: true, CreatedAt: at, ID: 7}, {CreatedAt: at, ID: 123456789}} {
		back, ok := admin.ParseOrderCursor(c.String())
		if !ok || back != c {
			t.Errorf("%+v -> %q -> %+v, %v", c, c.String(), back, ok)
		}
	}
	for _, bad := range []string{"", "3", "x.1.2", "h.1", "h.abc.2", "o.1.0", "o.1.-4", "h.1.2.3"} {
		if c, ok := admin.ParseOrderCursor(bad); ok {
			t.Errorf("%q read as %+v", bad, c)
		}
	}
	if f, _ := admin.ParseOrderFilter(url.Values{"after": {"garbage"}}); !f.After.IsZero() {
		t.Errorf("a garbled cursor gave %+v, want the first page", f.After)
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, iran.Tehran) // 1405/09/11
	at := func(daysAgo int) time.Time { return now.AddDate(0, 0, -daysAgo) }
	tallies := []admin.DayTally{
		{Day: at(0), State: checkout.StatePaid, Payment: checkout.Online, Orders: 1, Total: 100},
		{Day: at(0), State: checkout.StateRegistered, Payment: checkout.CashOnDelivery, Orders: 1, Total: 50},
		{Day: at(0), State: checkout.StateAwaitingPayment, Payment: checkout.Online, Orders: 1, Total: 999},
		{Day: at(5), State: checkout.StateDelivered, Orders: 1, Total: 30},
		{Day: at(5), State: checkout.StateReturned, Orders: 1, Total: 999},
		{Day: at(20), State: checkout.StateShipped, Orders: 1, Total: 7}, // last month (Aban), still in the chart
		{Day: at(40), State: checkout.StatePaid, Orders: 1, Total: 1},    // outside both
		// Registered online orders are not yet paid: counted, not revenue.
		{Day: at(1), State: checkout.StateRegistered, Payment: checkout.Online, Orders: 4, Total: 400},
	}
	ov := admin.Summarize(tallies, now)
	if ov.TodayOrders != 3 || ov.TodayRevenue != 150 {
		t.Errorf("today: %d orders, %d revenue", ov.TodayOrders, ov.TodayRevenue)
	}
	if ov.MonthOrders != 9 || ov.MonthRevenue != 180 {
		t.Errorf("month: %d orders, %d revenue", ov.MonthOrders, ov.MonthRevenue)
	}
	if len(ov.Days) != admin.ChartDays || ov.Days[29].Orders != 3 || ov.Days[28].Orders != 4 || ov.Days[28].Revenue != 0 || ov.Days[24].Orders != 2 || ov.Days[24].Revenue != 30 || ov.Days[9].Revenue != 7 {
		t.Errorf("days: %+v", ov.Days)
	}
	if !admin.Since(now).Equal(ov.Days[0].Start) {
		t.Errorf("Since = %v, want the chart's first day %v", admin.Since(now), ov.Days[0].Start)
	}
}
