package admin

import (
	"time"

	"shop/internal/checkout"
	"shop/internal/iran"
)

// MirrorHealth is one Frotel mirror as the overview shows it (cmd/shop adapts the client's stats).
type MirrorHealth struct {
	URL        string
	Requests   int64
	Errors     int64
	AvgLatency time.Duration
	LastError  string
	LastErrAt  time.Time
	Down       bool // cooling down after errors: skipped for now
}

// Day is one day of the overview's chart, in Tehran.
type Day struct {
	Start   time.Time
	Orders  int
	Revenue int64 // rials of the day's sold orders
}

// Overview is the dashboard's first page in figures.
type Overview struct {
	TodayOrders  int
	TodayRevenue int64
	MonthOrders  int // this Jalali month
	MonthRevenue int64
	Days         []Day // the last ChartDays days, oldest first, today last
}

// ChartDays is how many days the overview's chart covers.
const ChartDays = 30

// Sold reports whether an order's money counts as revenue: paid online, or on its way or delivered (cash on
// delivery counts from registration; a returned or cancelled order never counts).
func Sold(o *checkout.Order) bool {
	switch o.State {
	case checkout.StatePaid, checkout.StateShipped, checkout.StateDelivered:
		return true
	case checkout.StateRegistered:
		return o.Payment == checkout.CashOnDelivery
	}
	return false
}

// Since is the earliest creation time Summarize needs at now: the chart's first day or the month's start.
func Since(now time.Time) time.Time {
	first := iran.DayStart(now).AddDate(0, 0, -(ChartDays - 1))
	if m := iran.JalaliMonthStart(now); m.Before(first) {
		return m
	}
	return first
}

// Summarize counts orders and revenue per Tehran day and for today and this Jalali month.
func Summarize(orders []*checkout.Order, now time.Time) Overview {
	today := iran.DayStart(now)
	month := iran.JalaliMonthStart(now)
	first := today.AddDate(0, 0, -(ChartDays - 1))
	var v Overview
	v.Days = make([]Day, ChartDays)
	for i := range v.Days {
		v.Days[i].Start = first.AddDate(0, 0, i)
	}
	index := map[time.Time]int{}
	for i, d := range v.Days {
		index[d.Start] = i
	}
	for _, o := range orders {
		var revenue int64
		if Sold(o) {
			revenue = o.Total
		}
		if !o.CreatedAt.Before(today) {
			v.TodayOrders++
			v.TodayRevenue += revenue
		}
		if !o.CreatedAt.Before(month) {
			v.MonthOrders++
			v.MonthRevenue += revenue
		}
		if i, ok := index[iran.DayStart(o.CreatedAt)]; ok {
			v.Days[i].Orders++
			v.Days[i].Revenue += revenue
		}
	}
	return v
}
