package dashboard

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/iran"
	"shop/internal/notify"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// adminOverview is the dashboard's first page: today's and this month's orders and sales, thirty days drawn
// as two charts, the payment success rate, what waits for a person, Frotel's mirrors and the jobs' last runs.
func (d *Dashboard) adminOverview(c echo.Context) error {
	ctx := c.Request().Context()
	now := d.now()
	tallies, err := d.deps.Orders.DayTallies(ctx, admin.Since(now))
	if err != nil {
		return err
	}
	ov := admin.Summarize(tallies, now)
	verified, total, err := d.deps.Orders.VerificationCounts(ctx, now.AddDate(0, 0, -30))
	if err != nil {
		return err
	}
	attn, err := d.deps.Orders.ListOrders(ctx, admin.OrderFilter{States: admin.NeedsPerson(), PerPage: 5})
	if err != nil {
		return err
	}
	v := views.AdminOverviewPage{
		AdminPage:   d.adminPage(c, "پیشخوان", "overview"),
		TodayOrders: ov.TodayOrders, TodayRevenue: ov.TodayRevenue, MonthOrders: ov.MonthOrders,
		MonthRevenue: ov.MonthRevenue, MonthName: iran.JalaliMonthName(now), Attention: attn.Total,
	}
	if v.FailedMessages, v.FailedMessageRows, err = d.failedMessages(ctx, now); err != nil {
		return err
	}
	if total > 0 {
		v.PaymentRate = iran.FormatNumber(int64(verified*100/total)) + "٪"
		v.PaymentCount = iran.FormatNumber(int64(verified)) + " از " + iran.FormatNumber(int64(total))
	}
	for _, o := range attn.Orders {
		v.AttnRows = append(v.AttnRows, adminOrderRow(o))
	}
	if d.deps.Stock != nil {
		low, err := d.deps.Stock.LowStockProducts(ctx, 20)
		if err != nil {
			return err
		}
		lowVariants, err := d.deps.Stock.LowStockVariants(ctx, 20)
		if err != nil {
			return err
		}
		for _, p := range append(low, lowVariants...) {
			v.LowStock = append(v.LowStock, views.AdminLowStock{Code: p.Code, Name: p.Name, Left: stockLabel(p), Empty: p.SoldOut()})
		}
		short, err := d.deps.Stock.StockShortOrders(ctx, 10)
		if err != nil {
			return err
		}
		for _, o := range short {
			v.StockShort = append(v.StockShort, adminOrderRow(o))
		}
	}
	counts := make([]int64, len(ov.Days))
	revenue := make([]int64, len(ov.Days))
	labels := make([]string, len(ov.Days))
	countTitles := make([]string, len(ov.Days))
	revenueTitles := make([]string, len(ov.Days))
	for i, day := range ov.Days {
		counts[i], revenue[i] = int64(day.Orders), day.Revenue
		labels[i] = iran.FormatJalaliDayMonth(day.Start)
		date := iran.FormatJalaliDate(day.Start)
		countTitles[i] = date + ": " + iran.FormatNumber(int64(day.Orders)) + " سفارش"
		revenueTitles[i] = date + ": " + iran.FormatPrice(day.Revenue, d.deps.PriceUnit)
	}
	v.OrdersChart = views.NewChart(counts, labels, countTitles, iran.FormatNumber)
	v.RevenueChart = views.NewChart(revenue, labels, revenueTitles, func(n int64) string { return iran.FormatPrice(n, d.deps.PriceUnit) })
	if d.deps.Mirrors != nil {
		for _, m := range d.deps.Mirrors() {
			v.Mirrors = append(v.Mirrors, views.AdminMirror{Host: hostOf(m.URL), Requests: m.Requests, Errors: m.Errors,
				Latency: latency(m.AvgLatency, m.Requests), LastError: m.LastError, Down: m.Down})
		}
	}
	for _, f := range d.deps.Accounts.Limits.RecentFailures() {
		email := f.Email
		if email == "" {
			email = "(نشانی نادرست)"
		}
		v.FailedSignIns = append(v.FailedSignIns, views.AdminFailedSignIn{At: iran.FormatJalaliDateTime(f.At), Email: email, IP: f.IP})
	}
	if d.deps.JobRuns != nil {
		runs, err := d.deps.JobRuns(ctx)
		if err != nil {
			return err
		}
		for _, r := range runs {
			if r.StartedAt.IsZero() {
				v.Jobs = append(v.Jobs, views.AdminJobRun{Name: jobLabel(r.Name), Never: true})
				continue
			}
			v.Jobs = append(v.Jobs, views.AdminJobRun{Name: jobLabel(r.Name), Started: iran.FormatJalaliDateTime(r.StartedAt),
				Duration: durationFa(r.FinishedAt.Sub(r.StartedAt)), OK: r.OK(), Note: r.Note, Error: r.Error})
		}
	}
	return httpkit.Render(c, http.StatusOK, views.AdminOverviewView(v))
}

// hostOf names a mirror by its host, and by the rest of its path where mirrors share a host (the sandbox's do).
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host + strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/ws/v1/rest")
	}
	return raw
}

func latency(avg time.Duration, requests int64) string {
	if requests == 0 {
		return "—"
	}
	return iran.FormatNumber(avg.Milliseconds()) + " میلی‌ثانیه"
}

func durationFa(d time.Duration) string {
	if d < time.Second {
		return iran.FormatNumber(d.Milliseconds()) + " میلی‌ثانیه"
	}
	return iran.PersianDigits(strings.Replace(strconv.FormatFloat(d.Seconds(), 'f', 1, 64), ".", "٫", 1)) + " ثانیه"
}

// jobLabel is a scheduled job's name as the seller reads it (the machine name stays in the logs and for `shop job`).
func jobLabel(name string) string {
	switch name {
	case "loyalty-sync":
		return "دریافت تراکنش‌های باشگاه مشتریان"
	case "reconcile":
		return "بررسی سفارش‌ها و پرداخت‌های نیمه‌کاره"
	case "sync-status":
		return "به‌روزرسانی وضعیت مرسوله‌ها از فروتل"
	case notify.JobName:
		return "فرستادن پیامک‌ها و ایمیل‌ها"
	}
	return name
}
