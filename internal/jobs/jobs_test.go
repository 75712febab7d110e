package jobs_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shop/internal/iran"
	"shop/internal/jobs"
	"shop/internal/store"
)

func TestParseWindow(t *testing.T) {
	for in, want := range map[string]jobs.Window{
		"02:00-05:00":  {2 * time.Hour, 5 * time.Hour},
		" ۰۲:۳۰-۰۵:۰۰": {2*time.Hour + 30*time.Minute, 5 * time.Hour},
		"23:00-01:00":  {23 * time.Hour, time.Hour},
		"00:00-24:00":  {0, 24 * time.Hour},
	} {
		got, err := jobs.ParseWindow(in)
		if err != nil || got != want {
			t.Errorf("ParseWindow(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "02:00", "2-5", "02:00-02:00", "25:00-26:00", "02:60-03:00", "aa:bb-cc:dd"} {
		if _, err := jobs.ParseWindow(bad); err == nil {
			t.Errorf("ParseWindow(%q) accepted", bad)
		}
	}
	if w, _ := jobs.ParseWindow("02:00-05:00"); w.String() != "02:00-05:00" {
		t.Errorf("String = %q", w)
	}
}

func TestWindowOpening(t *testing.T) {
	w, _ := jobs.ParseWindow("23:00-01:00")
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, iran.Tehran) }
	for _, tc := range []struct {
		now    time.Time
		inside bool
		open   time.Time
	}{
		{at(24, 23, 30), true, at(24, 23, 0)},
		{at(25, 0, 30), true, at(24, 23, 0)},
		{at(25, 1, 0), false, time.Time{}},
		{at(25, 12, 0), false, time.Time{}},
	} {
		open, inside := w.Opening(tc.now, iran.Tehran)
		if inside != tc.inside || !open.Equal(tc.open) {
			t.Errorf("Opening(%v) = %v %v", tc.now, open, inside)
		}
	}
}

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func newScheduler(t *testing.T, c *clock, f jobs.Func) (*jobs.Scheduler, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	s := jobs.New(st, jobs.Options{Now: c.Now, RetryAfter: 15 * time.Minute})
	w, _ := jobs.ParseWindow("02:00-05:00")
	if err := s.Add(jobs.Job{Name: "sync", Window: w, Func: f}); err != nil {
		t.Fatal(err)
	}
	return s, st
}

func TestTickWindow(t *testing.T) {
	ctx := context.Background()
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, iran.Tehran) }
	c := &clock{}
	var calls atomic.Int32
	s, st := newScheduler(t, c, func(context.Context) (jobs.Result, error) {
		calls.Add(1)
		return jobs.Result{RowsSeen: 5, RowsNew: 2}, nil
	})
	steps := []struct {
		name string
		now  time.Time
		runs bool
	}{
		{"before the window", at(24, 1, 59), false},
		{"inside the window", at(24, 2, 0), true},
		{"already ran today", at(24, 3, 0), false},
		{"still inside, still ran", at(24, 4, 59), false},
		{"after the window", at(24, 5, 0), false},
		{"next night", at(25, 2, 10), true},
		{"next night again", at(25, 2, 11), false},
		{"catch-up after a missed night", at(27, 4, 30), true},
	}
	want := int32(0)
	for _, step := range steps {
		c.t = step.now
		runs := s.Tick(ctx, step.now)
		if step.runs {
			want++
		}
		if (len(runs) == 1) != step.runs || calls.Load() != want {
			t.Fatalf("%s: %d runs, %d calls; want run=%v", step.name, len(runs), calls.Load(), step.runs)
		}
		if step.runs && (runs[0].RowsNew != 2 || runs[0].ID == 0 || !runs[0].StartedAt.Equal(step.now)) {
			t.Fatalf("%s: run %+v", step.name, runs[0])
		}
	}
	last, ok, err := st.LastSuccessfulRun(ctx, "sync")
	if err != nil || !ok || !last.StartedAt.Equal(at(27, 4, 30)) || last.RowsSeen != 5 {
		t.Fatalf("recorded: %+v %v %v", last, ok, err)
	}
}

func TestFailedRunIsRecordedAndRetried(t *testing.T) {
	ctx := context.Background()
	at := func(h, m int) time.Time { return time.Date(2026, 11, 24, h, m, 0, 0, iran.Tehran) }
	c := &clock{}
	fail := true
	var calls int
	s, st := newScheduler(t, c, func(context.Context) (jobs.Result, error) {
		calls++
		if fail {
			return jobs.Result{RowsSeen: 1}, errors.New("loyalty: service unavailable")
		}
		return jobs.Result{}, nil
	})
	c.t = at(2, 0)
	runs := s.Tick(ctx, c.t)
	if len(runs) != 1 || runs[0].OK() || runs[0].Error == "" {
		t.Fatalf("failed run: %+v", runs)
	}
	last, _, _ := st.LastRun(ctx, "sync")
	if last.Error != "loyalty: service unavailable" || last.RowsSeen != 1 {
		t.Fatalf("failure not recorded: %+v", last)
	}
	c.t = at(2, 5)
	if runs := s.Tick(ctx, c.t); len(runs) != 0 {
		t.Fatal("retried before RetryAfter")
	}
	fail = false
	c.t = at(2, 16)
	if runs := s.Tick(ctx, c.t); len(runs) != 1 || !runs[0].OK() {
		t.Fatalf("retry: %+v", runs)
	}
	c.t = at(2, 40)
	if runs := s.Tick(ctx, c.t); len(runs) != 0 || calls != 2 {
		t.Fatalf("ran again after success: %d calls", calls)
	}
}

func TestNoOverlapAndRunOnce(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 24, 12, 0, 0, 0, iran.Tehran)} // outside the window
	started, release := make(chan struct{}), make(chan struct{})
	s, _ := newScheduler(t, c, func(context.Context) (jobs.Result, error) {
		started <- struct{}{}
		<-release
		return jobs.Result{RowsNew: 1}, nil
	})
	done := make(chan error)
	go func() {
		_, err := s.RunOnce(ctx, "sync") // RunOnce ignores the window
		done <- err
	}()
	<-started
	if _, err := s.RunOnce(ctx, "sync"); !errors.Is(err, jobs.ErrRunning) {
		t.Fatalf("overlapping run: %v", err)
	}
	c.t = time.Date(2026, 11, 24, 3, 0, 0, 0, iran.Tehran)
	if due, _ := s.Due(ctx, "sync", c.t); due {
		t.Fatal("due while running")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := s.RunOnce(ctx, "nope"); !errors.Is(err, jobs.ErrUnknownJob) {
		t.Fatalf("unknown job: %v", err)
	}
}

func TestPanicIsRecorded(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 24, 3, 0, 0, 0, iran.Tehran)}
	s, st := newScheduler(t, c, func(context.Context) (jobs.Result, error) { panic("boom") })
	if _, err := s.RunOnce(context.Background(), "sync"); err == nil {
		t.Fatal("no error from a panicking job")
	}
	if last, ok, _ := st.LastRun(context.Background(), "sync"); !ok || last.Error == "" {
		t.Fatalf("panic not recorded: %+v", last)
	}
}

// lockedClock is a clock the loop's goroutines read while the test moves it.
type lockedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *lockedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *lockedClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// TestRunLoop drives Run with ticks of its own: the job runs at the first tick, not again at later ticks in the
// same window, and again in the next day's window. Each tick is sent twice on an unbuffered channel, so the
// second send returns only once the loop has finished the first tick, and told Started of any run it began.
func TestRunLoop(t *testing.T) {
	day1 := time.Date(2026, 11, 24, 3, 0, 0, 0, iran.Tehran)
	c := &lockedClock{t: day1}
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ticks := make(chan time.Time) // unbuffered: a send returns once the loop has taken the tick
	finished := make(chan jobs.Run, 10)
	var started atomic.Int32
	s := jobs.New(st, jobs.Options{Now: c.Now, RetryAfter: 15 * time.Minute,
		Ticker:  func(time.Duration) (<-chan time.Time, func()) { return ticks, func() {} },
		Observe: func(r jobs.Run) { finished <- r },
		Started: func(string) { started.Add(1) }})
	w, _ := jobs.ParseWindow("02:00-05:00")
	var calls atomic.Int32
	if err := s.Add(jobs.Job{Name: "sync", Window: w, Func: func(context.Context) (jobs.Result, error) {
		calls.Add(1)
		return jobs.Result{}, nil
	}}); err != nil {
		t.Fatal(err)
	}
	send := func(at time.Time) {
		t.Helper()
		select {
		case ticks <- at:
		case <-time.After(10 * time.Second):
			t.Fatal("the loop does not take ticks")
		}
	}
	// loop runs Run from start (its first tick), waits for that run, then gives it a tick at each of later; it
	// returns once Run has returned.
	loop := func(start time.Time, later ...time.Time) {
		t.Helper()
		c.Set(start)
		ctx, cancel := context.WithCancel(context.Background())
		stopped := make(chan struct{})
		go func() { s.Run(ctx, time.Minute); close(stopped) }()
		defer func() { cancel(); <-stopped }()
		select {
		case r := <-finished:
			if !r.StartedAt.Equal(start) {
				t.Errorf("run started %v, want %v", r.StartedAt, start)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("the loop never ran the job at %v", start)
		}
		for _, at := range later {
			c.Set(at)
			send(at)
			send(at) // taken only once the loop has finished the tick before
		}
	}
	loop(day1, day1.Add(time.Minute), day1.Add(30*time.Minute), day1.Add(119*time.Minute))
	if n := started.Load(); n != 1 {
		t.Fatalf("the loop started the job %d times in one window, want once", n)
	}
	loop(day1.Add(24 * time.Hour))
	if n, m := started.Load(), calls.Load(); n != 2 || m != 2 {
		t.Fatalf("in two windows the loop started the job %d times and it ran %d times, want twice", n, m)
	}
}

func TestTickEvery(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	c := &clock{}
	s := jobs.New(st, jobs.Options{Now: c.Now, RetryAfter: 15 * time.Minute})
	var calls atomic.Int32
	fail := false
	if err := s.Add(jobs.Job{Name: "reconcile", Every: 5 * time.Minute, Func: func(context.Context) (jobs.Result, error) {
		calls.Add(1)
		if fail {
			return jobs.Result{}, errors.New("upstream down")
		}
		return jobs.Result{}, nil
	}}); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 24, 13, 0, 0, 0, iran.Tehran)
	steps := []struct {
		name  string
		after time.Duration
		fail  bool
		runs  bool
	}{
		{"first tick runs, whatever the hour", 0, false, true},
		{"a minute later", time.Minute, false, false},
		{"every five minutes", 5 * time.Minute, true, true},
		{"a failed run waits the shorter of Every and RetryAfter", 9 * time.Minute, false, false},
		{"then tries again", 10 * time.Minute, false, true},
		{"and keeps its pace", 14 * time.Minute, false, false},
	}
	want := int32(0)
	for _, step := range steps {
		now := start.Add(step.after)
		c.t, fail = now, step.fail
		runs := s.Tick(ctx, now)
		if step.runs {
			want++
		}
		if (len(runs) == 1) != step.runs || calls.Load() != want {
			t.Fatalf("%s: %d runs, %d calls; want run=%v", step.name, len(runs), calls.Load(), step.runs)
		}
	}
}

// TestTwoInstancesRunAJobOnce starts two schedulers (two instances) on one database and ticks them together:
// the lease and the check under it let exactly one of them run each due job.
func TestTwoInstancesRunAJobOnce(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	c := &clock{}
	var calls atomic.Int32
	job := jobs.Job{Name: "reconcile", Every: 5 * time.Minute, Func: func(context.Context) (jobs.Result, error) {
		calls.Add(1)
		time.Sleep(5 * time.Millisecond) // long enough for the other instance to try meanwhile
		return jobs.Result{}, nil
	}}
	var instances []*jobs.Scheduler
	for _, holder := range []string{"instance-a", "instance-b"} {
		s := jobs.New(st, jobs.Options{Now: c.Now, Holder: holder})
		if err := s.Add(job); err != nil {
			t.Fatal(err)
		}
		instances = append(instances, s)
	}
	start := time.Date(2026, 11, 24, 13, 0, 0, 0, iran.Tehran)
	for step := range 6 { // every 2.5 minutes for 12.5 minutes: due at 0, 5 and 10
		c.t = start.Add(time.Duration(step) * 150 * time.Second)
		var wg sync.WaitGroup
		for _, s := range instances {
			wg.Go(func() { s.Tick(ctx, c.t) })
		}
		wg.Wait()
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("the job ran %d times on two instances, want 3 (once per interval)", n)
	}
}

func TestEveryRunsAgainWithinTheWindow(t *testing.T) {
	ctx := context.Background()
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, iran.Tehran) }
	c := &clock{}
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	s := jobs.New(st, jobs.Options{Now: c.Now})
	w, _ := jobs.ParseWindow("08:00-23:00")
	var calls atomic.Int32
	if err := s.Add(jobs.Job{Name: "sync-status", Window: w, Every: 4 * time.Hour, Func: func(context.Context) (jobs.Result, error) {
		calls.Add(1)
		return jobs.Result{}, nil
	}}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name string
		now  time.Time
		runs bool
	}{
		{"before the window", at(24, 7, 0), false},
		{"window opens", at(24, 8, 0), true},
		{"too soon", at(24, 11, 59), false},
		{"four hours later", at(24, 12, 0), true},
		{"again", at(24, 16, 1), true},
		{"after the window", at(24, 23, 30), false},
		{"next morning", at(25, 8, 0), true},
	} {
		c.t = step.now
		if runs := s.Tick(ctx, step.now); (len(runs) == 1) != step.runs {
			t.Fatalf("%s: %d runs, want run=%v", step.name, len(runs), step.runs)
		}
	}
	if calls.Load() != 4 {
		t.Errorf("%d calls, want 4", calls.Load())
	}
}
