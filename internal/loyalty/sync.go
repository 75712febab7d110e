package loyalty

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"shop/internal/iran"
	"time"

	"shop/internal/jobs"
)

// SyncJobName is the name the nightly pull runs and is recorded under (`shop job loyalty-sync`).
const SyncJobName = "loyalty-sync"

// Retention is how long the club keeps transaction reports.
const Retention = 7 * 24 * time.Hour

// syncOverlap is how far before the last successful run the next one asks from: rows that reached the
// club late are picked up, and the unique key makes the overlap free.
const syncOverlap = time.Hour

// RunHistory tells the job when it last succeeded. store.Store satisfies it (the jobs.Store methods).
type RunHistory interface {
	LastSuccessfulRun(ctx context.Context, name string) (jobs.Run, bool, error)
}

// SyncJob copies the club's transaction reports (terminal transactions and mapped-card transactions
// of each terminal) into the shop's database. Plug Run into a jobs.Job.
type SyncJob struct {
	Club      Club
	Store     TransactionStore
	History   RunHistory
	Terminals []string
	Now       func() time.Time
	Logger    *slog.Logger
}

// Run pulls everything since the last successful run (never more than Retention back) and stores it
// idempotently. When the last success is older than Retention the rows in between are gone upstream:
// the result flags the gap and a warning is logged. Failures of one terminal do not stop the others;
// the run then returns an error, so the next run asks again from the same point.
func (j *SyncJob) Run(ctx context.Context) (jobs.Result, error) {
	now := time.Now()
	if j.Now != nil {
		now = j.Now()
	}
	log := j.Logger
	if log == nil {
		log = slog.Default()
	}
	floor := now.Add(-Retention)
	since := floor
	var res jobs.Result
	last, ok, err := j.History.LastSuccessfulRun(ctx, SyncJobName)
	if err != nil {
		return res, fmt.Errorf("loyalty: sync: %w", err)
	}
	switch {
	case !ok:
		res.Note = "نخستین اجرا: تراکنش‌های ۷ روز گذشته دریافت شد"
	case last.StartedAt.Before(floor):
		res.Gap = true
		res.Note = fmt.Sprintf("فاصله: آخرین دریافت موفق %s بود و باشگاه فقط ۷ روز را نگه می‌دارد؛ تراکنش‌های %s تا %s از دست رفته است",
			iran.FormatJalaliDateTime(last.StartedAt), iran.FormatJalaliDateTime(last.StartedAt), iran.FormatJalaliDateTime(floor))
		log.Warn("loyalty: sync: transactions lost upstream", "last_success", last.StartedAt, "lost_until", floor)
	default:
		since = last.StartedAt.Add(-syncOverlap)
		if since.Before(floor) {
			since = floor
		}
	}
	var errs []error
	for _, term := range j.Terminals {
		txs, err := j.Club.TerminalTransactions(ctx, term, since)
		if err = noRows(err); err != nil {
			errs = append(errs, fmt.Errorf("terminal %s: %w", term, err))
		} else {
			n, err := j.Store.SaveTerminalTransactions(ctx, txs)
			res.RowsSeen += len(txs)
			res.RowsNew += n
			if err != nil {
				errs = append(errs, err)
			}
		}
		mapped, err := j.Club.TerminalTransactionsForMappedCustomers(ctx, term, since)
		if err = noRows(err); err != nil {
			errs = append(errs, fmt.Errorf("terminal %s mapped cards: %w", term, err))
			continue
		}
		n, err := j.Store.SaveMappedTransactions(ctx, mapped)
		res.RowsSeen += len(mapped)
		res.RowsNew += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return res, fmt.Errorf("loyalty: sync: %w", err)
	}
	return res, nil
}

// noRows treats the club's "nothing found" answers to a report as an empty report.
func noRows(err error) error {
	if errors.Is(err, ErrTransactionWasNotFound) || errors.Is(err, ErrTransactionInformationWasNotFound) {
		return nil
	}
	return err
}

// Job returns the scheduler entry for this sync in window.
func (j *SyncJob) Job(window jobs.Window) jobs.Job {
	return jobs.Job{Name: SyncJobName, Window: window, Func: j.Run, Timeout: 30 * time.Minute}
}
