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

// DayTally is how many orders of one state and payment way were created on one Tehran day, and their totals.
type DayTally struct {
	Day     time.Time // the day's start, Tehran midnight
	State   checkout.State
	Payment checkout.PaymentWay
	Orders  int
	Total   int64 // rials, the orders' totals summed
}

// Sold reports whether an order's money counts as revenue: paid online, or on its way or delivered (cash on
// delivery counts from registration; a returned or cancelled order never counts).
func Sold(o *checkout.Order) bool { return SoldAs(o.State, o.Payment) }

// SoldAs is Sold for an order in state s paid by way p.
func SoldAs(s checkout.State, p checkout.PaymentWay) bool {
	switch s {
	case checkout.StatePaid, checkout.StateShipped, checkout.StateDelivered:
		return true
	case checkout.StateRegistered:
		return p == checkout.CashOnDelivery
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

// Summarize counts orders and revenue per Tehran day and for today and this Jalali month, from the day tallies
// since Since(now).
func Summarize(tallies []DayTally, now time.Time) Overview {
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
	for _, t := range tallies {
		var revenue int64
		if SoldAs(t.State, t.Payment) {
			revenue = t.Total
		}
		day := iran.DayStart(t.Day)
		if !day.Before(today) {
			v.TodayOrders += t.Orders
			v.TodayRevenue += revenue
		}
		if !day.Before(month) {
			v.MonthOrders += t.Orders
			v.MonthRevenue += revenue
		}
		if i, ok := index[day]; ok {
			v.Days[i].Orders += t.Orders
			v.Days[i].Revenue += revenue
		}
	}
	return v
}
