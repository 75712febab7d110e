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
		"from": {"1405/09/01"}, "to": {"۱۴۰۵/۰۹/۰۲"}, "page": {"3"}}
	f, problems := admin.ParseOrderFilter(q)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if f.Query != "0912" || len(f.States) != len(admin.NeedsPerson()) || f.Kind != "virtual" || f.Payment != checkout.CashOnDelivery || f.Page != 3 {
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

func TestSummarize(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, iran.Tehran) // 1405/09/11
	at := func(daysAgo int) time.Time { return now.AddDate(0, 0, -daysAgo) }
	orders := []*checkout.Order{
		{State: checkout.StatePaid, Total: 100, CreatedAt: at(0)},
		{State: checkout.StateRegistered, Payment: checkout.CashOnDelivery, Total: 50, CreatedAt: at(0)},
		{State: checkout.StateAwaitingPayment, Payment: checkout.Online, Total: 999, CreatedAt: at(0)},
		{State: checkout.StateDelivered, Total: 30, CreatedAt: at(5)},
		{State: checkout.StateReturned, Total: 999, CreatedAt: at(5)},
		{State: checkout.StateShipped, Total: 7, CreatedAt: at(20)}, // last month (Aban), still in the chart
		{State: checkout.StatePaid, Total: 1, CreatedAt: at(40)},    // outside both
	}
	ov := admin.Summarize(orders, now)
	if ov.TodayOrders != 3 || ov.TodayRevenue != 150 {
		t.Errorf("today: %d orders, %d revenue", ov.TodayOrders, ov.TodayRevenue)
	}
	if ov.MonthOrders != 5 || ov.MonthRevenue != 180 {
		t.Errorf("month: %d orders, %d revenue", ov.MonthOrders, ov.MonthRevenue)
	}
	if len(ov.Days) != admin.ChartDays || ov.Days[29].Orders != 3 || ov.Days[24].Orders != 2 || ov.Days[24].Revenue != 30 || ov.Days[9].Revenue != 7 {
		t.Errorf("days: %+v", ov.Days)
	}
	if !admin.Since(now).Equal(ov.Days[0].Start) {
		t.Errorf("Since = %v, want the chart's first day %v", admin.Since(now), ov.Days[0].Start)
	}
}
