package admin

import "strconv"

// AdminOverviewPage is GET /admin.
type AdminOverviewPage struct {
	AdminPage
	TodayOrders  int
	TodayRevenue int64
	MonthOrders  int
	MonthRevenue int64
	MonthName    string
	PaymentRate  string // "۹۲٪" or "" when nothing was verified
	PaymentCount string // "۲۳ از ۲۵"
	Attention    int
	AttnRows     []AdminOrderRow
	OrdersChart  Chart
	RevenueChart Chart
	Mirrors      []AdminMirror
	Jobs         []AdminJobRun
	// FailedSignIns are the latest wrong passwords, newest first (kept in memory since the shop started).
	FailedSignIns []AdminFailedSignIn
	// FailedMessages counts the messages of the last 7 days that failed for good; FailedMessageRows are the
	// latest of them.
	FailedMessages    int64
	FailedMessageRows []AdminMessage
	// LowStock are the counted products with none or a few left, fewest first.
	LowStock []AdminLowStock
	// StockShort are orders paid after their hold ran out when the stock was gone: a person calls the buyer.
	StockShort []AdminOrderRow
}

// AdminLowStock is one product running out, linked to its form.
type AdminLowStock struct {
	Code  string
	Name  string
	Left  string
	Empty bool
}

// AdminFailedSignIn is one failed sign-in to the dashboard.
type AdminFailedSignIn struct {
	At    string
	Email string
	IP    string
}

// AdminMirror is one Frotel mirror's health.
type AdminMirror struct {
	Host      string
	Requests  int64
	Errors    int64
	Latency   string
	LastError string
	Down      bool
}

// AdminJobRun is the last run of one scheduled job.
type AdminJobRun struct {
	Name     string
	Started  string
	Duration string
	OK       bool
	Never    bool // registered but not run yet
	Note     string
	Error    string
}

// Chart is a bar chart laid out for an SVG viewBox of ChartWidth × ChartHeight. Bars run right to left: the
// oldest day at the right edge, today at the left, the way a Persian reader reads time.
type Chart struct {
	Bars  []ChartBar
	Max   string // the top of the scale, formatted
	Empty bool
}

// ChartBar is one day's bar.
type ChartBar struct {
	X, Y, W, H string // SVG numbers
	Title      string // the tooltip: day and value
	Label      string // shown under some bars
	LabelX     string
	Minor      bool   // a label phones leave out for room (every other one)
	Anchor     string // SVG text-anchor: today's label at the left edge starts at its bar so it is not cut off
	Today      bool
}

// Chart geometry, in SVG user units.
const (
	ChartWidth  = 600
	ChartHeight = 170
	chartTop    = 8
	chartBottom = 130 // the base line; labels go below
)

// NewChart lays out bars for values (oldest first). labels and titles run parallel to values; a label is drawn
// every fifth bar and under the last one.
func NewChart(values []int64, labels, titles []string, format func(int64) string) Chart {
	c := Chart{Empty: true}
	var top int64
	for _, v := range values {
		if v > 0 {
			c.Empty = false
		}
		top = max(top, v)
	}
	c.Max = format(top)
	if top == 0 {
		top = 1
	}
	n := len(values)
	if n == 0 {
		return c
	}
	slot := float64(ChartWidth) / float64(n)
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	for i, v := range values {
		h := float64(chartBottom-chartTop) * float64(v) / float64(top)
		if v > 0 && h < 2 {
			h = 2 // a day with something on it never looks empty
		}
		x := float64(ChartWidth) - float64(i+1)*slot // right to left
		b := ChartBar{X: f(x + slot*0.15), W: f(slot * 0.7), Y: f(chartBottom - h), H: f(h), Title: titles[i], Today: i == n-1}
		if back := n - 1 - i; back%5 == 0 {
			b.Label, b.LabelX, b.Minor, b.Anchor = labels[i], f(x+slot/2), back%10 != 0, "middle"
			if back == 0 {
				b.LabelX, b.Anchor = f(x+slot*0.15), "start"
			}
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}
