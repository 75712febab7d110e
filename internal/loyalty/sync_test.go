package loyalty_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shop/internal/iran"
	"shop/internal/jobs"
	"shop/internal/loyalty"
	"shop/internal/sandbox"
	"shop/internal/store"
)

var (
	_ loyalty.TransactionStore = (*store.Store)(nil)
	_ loyalty.RunHistory       = (*store.Store)(nil)
	_ loyalty.Club             = (*loyalty.Client)(nil)
)

type syncFixture struct {
	*fixture
	store *store.Store
	sched *jobs.Scheduler
	warn  *bytes.Buffer
}

func newSyncFixture(t *testing.T) *syncFixture {
	t.Helper()
	f := newFixture(t, sandbox.LoyaltyOptions{Seed: 11})
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	warn := &bytes.Buffer{}
	logger := slog.New(slog.NewTextHandler(warn, &slog.HandlerOptions{Level: slog.LevelWarn}))
	job := &loyalty.SyncJob{Club: f.client, Store: st, History: st, Terminals: []string{"10001001", "10001002"},
		Now: func() time.Time { return *f.now }, Logger: logger}
	sched := jobs.New(st, jobs.Options{Now: func() time.Time { return *f.now }, Logger: quietLogger()})
	w, _ := jobs.ParseWindow("02:00-05:00")
	if err := sched.Add(job.Job(w)); err != nil {
		t.Fatal(err)
	}
	return &syncFixture{fixture: f, store: st, sched: sched, warn: warn}
}

func (f *syncFixture) tickAt(t *testing.T, at time.Time) []jobs.Run {
	t.Helper()
	*f.now = at
	return f.sched.Tick(context.Background(), at)
}

func night(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, iran.Tehran) }

func TestSyncIdempotentAndNightly(t *testing.T) {
	ctx := context.Background()
	f := newSyncFixture(t)
	if runs := f.tickAt(t, night(20, 1, 0)); len(runs) != 0 {
		t.Fatal("ran before the window")
	}
	runs := f.tickAt(t, night(20, 2, 30))
	if len(runs) != 1 || !runs[0].OK() || runs[0].RowsSeen == 0 || runs[0].RowsNew != runs[0].RowsSeen || runs[0].Gap {
		t.Fatalf("first night: %+v", runs)
	}
	first := runs[0]
	if !strings.Contains(first.Note, "نخستین اجرا") {
		t.Errorf("note %q", first.Note)
	}
	// Re-running the same night (even one that forgot its history and pulls all 7 days again) inserts nothing.
	if again, err := f.sched.RunOnce(ctx, loyalty.SyncJobName); err != nil || again.RowsNew != 0 {
		t.Fatalf("re-run: %+v %v", again, err)
	}
	forgetful := &loyalty.SyncJob{Club: f.client, Store: f.store, History: noHistory{}, Terminals: []string{"10001001", "10001002"},
		Now: func() time.Time { return *f.now }, Logger: quietLogger()}
	res, err := forgetful.Run(ctx)
	if err != nil || res.RowsNew != 0 || res.RowsSeen != first.RowsSeen {
		t.Fatalf("full re-pull: %+v %v (first saw %d)", res, err, first.RowsSeen)
	}
	stored, _ := f.store.ListTerminalTransactions(ctx, loyalty.TransactionFilter{Limit: 1000})
	mapped, _ := f.store.ListMappedTransactions(ctx, loyalty.TransactionFilter{Limit: 1000})
	if len(stored)+len(mapped) != first.RowsNew || len(mapped) == 0 {
		t.Fatalf("stored %d+%d, run said %d new", len(stored), len(mapped), first.RowsNew)
	}
	for _, tx := range stored {
		if tx.LocalTime.Before(night(13, 2, 30)) || tx.LocalTime.After(night(20, 2, 30)) {
			t.Fatalf("row outside the 7 days: %+v", tx)
		}
	}
	// Next night: only the new day's rows are new.
	runs = f.tickAt(t, night(21, 3, 0))
	if len(runs) != 1 || runs[0].RowsNew == 0 || runs[0].RowsNew >= first.RowsNew {
		t.Fatalf("second night: %+v (first %d)", runs, first.RowsNew)
	}
	after, _ := f.store.ListTerminalTransactions(ctx, loyalty.TransactionFilter{Limit: 1000})
	seen := map[string]bool{}
	for _, tx := range after {
		key := tx.Terminal + tx.RRN + tx.LocalTime.UTC().String()
		if seen[key] {
			t.Fatalf("duplicate %+v", tx)
		}
		seen[key] = true
	}
	// Browsing through the Service reads the store.
	s := loyalty.NewService(loyalty.ServiceConfig{Club: f.client, Store: f.store, Enabled: true})
	got, err := s.StoredTerminalTransactions(ctx, loyalty.TransactionFilter{Terminal: "10001002", Limit: 5})
	if err != nil || len(got) != 5 || got[0].Terminal != "10001002" {
		t.Fatalf("browse: %d %v", len(got), err)
	}
	if f.warn.Len() != 0 {
		t.Errorf("warnings without a gap: %s", f.warn)
	}
}

func TestSyncFailureIsRecordedAndRetried(t *testing.T) {
	ctx := context.Background()
	f := newSyncFixture(t)
	f.club.SetDown(true)
	runs := f.tickAt(t, night(20, 2, 0))
	if len(runs) != 1 || runs[0].OK() || !strings.Contains(runs[0].Error, "unavailable") {
		t.Fatalf("failing upstream: %+v", runs)
	}
	if last, ok, _ := f.store.LastRun(ctx, loyalty.SyncJobName); !ok || last.Error == "" {
		t.Fatalf("failure not recorded: %+v", last)
	}
	f.club.SetDown(false)
	runs = f.tickAt(t, night(20, 2, 20)) // after RetryAfter, still in the window
	if len(runs) != 1 || !runs[0].OK() || runs[0].RowsNew == 0 {
		t.Fatalf("retry: %+v", runs)
	}
}

func TestSyncCatchUpAndGap(t *testing.T) {
	ctx := context.Background()
	f := newSyncFixture(t)
	if runs := f.tickAt(t, night(10, 2, 0)); len(runs) != 1 || !runs[0].OK() {
		t.Fatalf("%+v", runs)
	}
	// Missed nights 11-13: the run on the 14th catches up from the last success, no gap.
	runs := f.tickAt(t, night(14, 2, 0))
	if len(runs) != 1 || !runs[0].OK() || runs[0].Gap || runs[0].RowsNew == 0 {
		t.Fatalf("catch-up: %+v", runs)
	}
	// Down for eight nights: the rows older than seven days are gone; the run says so.
	runs = f.tickAt(t, night(23, 4, 0))
	if len(runs) != 1 || !runs[0].OK() || !runs[0].Gap || !strings.Contains(runs[0].Note, "از دست رفته") {
		t.Fatalf("gap: %+v", runs)
	}
	last, _, _ := f.store.LastSuccessfulRun(ctx, loyalty.SyncJobName)
	if !last.Gap {
		t.Error("gap flag not stored")
	}
	if !strings.Contains(f.warn.String(), "lost") {
		t.Errorf("no warning logged: %q", f.warn)
	}
}

type noHistory struct{}

func (noHistory) LastSuccessfulRun(context.Context, string) (jobs.Run, bool, error) {
	return jobs.Run{}, false, nil
}
