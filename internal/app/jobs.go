package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"shop/internal/admin"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/config"
	"shop/internal/frotel"
	"shop/internal/iran"
	"shop/internal/jobs"
	"shop/internal/loyalty"
	"shop/internal/metrics"
	"shop/internal/notify"
	"shop/internal/store"
	"shop/internal/web/dashboard"
)

// JobNames are the jobs `shop job NAME` runs once.
func JobNames() []string {
	return []string{"loyalty-sync", "reconcile", checkout.SyncJobName, notify.JobName}
}

// scheduler registers the scheduled jobs; `serve` runs it, `shop job NAME` runs one job once.
func scheduler(cfg config.Config, st *store.Store, club *loyalty.Client, co *checkout.Service, log *slog.Logger, mx *metrics.Metrics) (*jobs.Scheduler, error) {
	window, err := jobs.ParseWindow(cfg.LoyaltySyncWindow)
	if err != nil {
		return nil, fmt.Errorf("SHOP_LOYALTY_SYNC_WINDOW: %w", err)
	}
	s := jobs.New(st, jobs.Options{Logger: log, Observe: mx.JobRun})
	if cfg.LoyaltyEnabled {
		sync := &loyalty.SyncJob{Club: club, Store: st, History: st, Terminals: cfg.LoyaltyTerminals, Logger: log}
		if err := s.Add(sync.Job(window)); err != nil {
			return nil, err
		}
	}
	if err := s.Add(reconcileJob(co, cfg.ReconcileInterval)); err != nil {
		return nil, err
	}
	return s, nil
}

// reconcileJob settles orders and payments a crash or a lost answer left in between; it runs at start and then
// every interval.
func reconcileJob(co *checkout.Service, every time.Duration) jobs.Job {
	return jobs.Job{Name: "reconcile", Every: every, Timeout: 10 * time.Minute, Func: func(ctx context.Context) (jobs.Result, error) {
		rep, err := co.Reconcile(ctx)
		return jobs.Result{RowsSeen: rep.Examined, RowsNew: rep.Registered + rep.ForPerson + rep.Verified + rep.Released + rep.Unconfirmed,
			Note: fmt.Sprintf("%s سفارش ثبت شد، %s به بررسی فروشنده سپرده شد، %s پرداخت دوباره بررسی شد، %s پرداخت تأیید شد، %s هنوز در انتظار، موجودی %s سفارش پرداخت‌نشده آزاد شد، %s سفارش بی‌تأیید موبایل لغو شد",
				iran.FormatNumber(int64(rep.Registered)), iran.FormatNumber(int64(rep.ForPerson)), iran.FormatNumber(int64(rep.Verified)),
				iran.FormatNumber(int64(rep.Paid)), iran.FormatNumber(int64(rep.StillPending)), iran.FormatNumber(int64(rep.Released)), iran.FormatNumber(int64(rep.Unconfirmed)))}, err
	}}
}

// statusSyncWindow and statusSyncEvery make the status sync run every four hours from morning to late evening,
// Tehran time: when the post moves parcels and staff read the dashboard.
const (
	statusSyncWindow = "07:00-23:30"
	statusSyncEvery  = 4 * time.Hour
)

func addStatusSync(sched *jobs.Scheduler, co *checkout.Service, st *store.Store, log *slog.Logger) error {
	window, err := jobs.ParseWindow(statusSyncWindow)
	if err != nil {
		return err
	}
	sync := &checkout.SyncJob{Service: co, Orders: st, Logger: log}
	return sched.Add(sync.Job(window, statusSyncEvery))
}

// dashboardDeps completes d (the services the shop's pages share with the dashboard) with the dashboard's own:
// the accounts, the store, the Frotel client's mirror stats and the scheduler's runs.
func dashboardDeps(d dashboard.Deps, accounts *admin.Service, st *store.Store, fc *frotel.Client, sched *jobs.Scheduler, products *catalog.Snapshot) dashboard.Deps {
	d.Accounts, d.Orders, d.Products, d.Messages, d.Photos, d.Stock, d.Items = accounts, st, st, st, st, st, st
	d.RunJob, d.JobHistory = sched.RunOnce, st.ListRuns
	// The shop's pages read the catalog from memory: an edit in the dashboard shows at once.
	d.ProductsChanged = products.Invalidate
	d.Mirrors = func() []admin.MirrorHealth {
		now := time.Now()
		var out []admin.MirrorHealth
		for _, m := range fc.MirrorStats() {
			h := admin.MirrorHealth{URL: m.URL, Requests: m.Requests, Errors: m.Errors, LastError: m.LastError,
				LastErrAt: m.LastErrorAt, Down: now.Before(m.DownUntil)}
			if m.Requests > 0 {
				h.AvgLatency = m.TotalLatency / time.Duration(m.Requests)
			}
			out = append(out, h)
		}
		return out
	}
	d.JobRuns = func(ctx context.Context) ([]jobs.Run, error) {
		var runs []jobs.Run
		for _, name := range sched.Names() {
			r, ok, err := st.LastRun(ctx, name)
			if err != nil {
				return nil, err
			}
			if !ok {
				r = jobs.Run{Name: name} // never ran: the overview says so
			}
			runs = append(runs, r)
		}
		return runs, nil
	}
	return d
}
