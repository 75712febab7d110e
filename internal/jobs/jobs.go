// Package jobs is the shop's small scheduler: each job runs at most once a day inside a time-of-day
// window (Tehran time), never overlaps itself, and every run is recorded. Each job is also runnable once
// by name, for `shop job <name>`.
package jobs

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"shop/internal/iran"
)

// Result is what a job reports about its work.
type Result struct {
	RowsSeen int
	RowsNew  int
	Gap      bool   // the job knows it missed data it can no longer get
	Note     string // one line for the admin
}

// Run is one recorded run of a job.
type Run struct {
	ID         int64
	Name       string
	StartedAt  time.Time
	FinishedAt time.Time
	RowsSeen   int
	RowsNew    int
	Error      string // "" when the run succeeded
	Gap        bool
	Note       string
}

// OK reports whether the run succeeded.
func (r Run) OK() bool { return r.Error == "" && !r.FinishedAt.IsZero() }

// Store keeps the run records. store.Store satisfies it.
type Store interface {
	RecordRun(ctx context.Context, r Run) (int64, error)
	// LastRun is the latest run of name, successful or not; ok is false when there is none.
	LastRun(ctx context.Context, name string) (r Run, ok bool, err error)
	// LastSuccessfulRun is the latest run of name without error.
	LastSuccessfulRun(ctx context.Context, name string) (r Run, ok bool, err error)
	// AcquireLease gives holder the job's lease until `until`, unless another holder's lease is still valid at
	// now; it reports whether holder has it. Several instances on one database run each job once this way.
	AcquireLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error)
	// ReleaseLease ends holder's lease early (after a run).
	ReleaseLease(ctx context.Context, name, holder string) error
}

// Func is the work of a job.
type Func func(ctx context.Context) (Result, error)

// Job is a named piece of work with its daily window, or one that runs every so often.
type Job struct {
	Name   string
	Window Window
	// Every, when set, runs the job again once this long has passed since its last successful run: within its
	// window (a job that should run a few times a day), or at any hour when the job has no window.
	// Zero means once per window.
	Every   time.Duration
	Func    Func
	Timeout time.Duration // for one run; zero means one hour
}

// Window is a daily time-of-day interval, e.g. 02:00-05:00. End before Start wraps past midnight.
type Window struct {
	Start, End time.Duration // since midnight
}

// ParseWindow reads "HH:MM-HH:MM".
func ParseWindow(s string) (Window, error) {
	from, to, ok := strings.Cut(strings.TrimSpace(iran.NormalizeDigits(s)), "-")
	if !ok {
		return Window{}, fmt.Errorf("jobs: window %q: want HH:MM-HH:MM", s)
	}
	start, err1 := parseClock(from)
	end, err2 := parseClock(to)
	if err := errors.Join(err1, err2); err != nil {
		return Window{}, fmt.Errorf("jobs: window %q: %w", s, err)
	}
	if start == end {
		return Window{}, fmt.Errorf("jobs: window %q is empty", s)
	}
	return Window{Start: start, End: end}, nil
}

func parseClock(s string) (time.Duration, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

func (w Window) String() string {
	f := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
	return f(w.Start) + "-" + f(w.End)
}

// Opening returns the start of the window occurrence that contains t, and whether t is inside one.
// Times are read in loc.
func (w Window) Opening(t time.Time, loc *time.Location) (time.Time, bool) {
	t = t.In(loc)
	for _, back := range []int{0, -1} { // today's window, or yesterday's when it wraps past midnight
		midnight := time.Date(t.Year(), t.Month(), t.Day()+back, 0, 0, 0, 0, loc)
		open := midnight.Add(w.Start)
		end := w.End
		if end < w.Start {
			end += 24 * time.Hour
		}
		closeAt := midnight.Add(end)
		if !t.Before(open) && t.Before(closeAt) {
			return open, true
		}
	}
	return time.Time{}, false
}

// Options configures a Scheduler.
type Options struct {
	Now        func() time.Time // [time.Now]
	Location   *time.Location   // [iran.Tehran]
	RetryAfter time.Duration    // wait after a failed run before trying again in the same window [15m]
	Logger     *slog.Logger
	Holder     string // this instance's name in job leases [host-pid-random]
	// Observe, when set, is told about every finished run (the shop's metrics count runs and failures), once the
	// job is no longer running: a tick after Observe returns sees the run recorded and the job free.
	Observe func(Run)
	// Started, when set, is told by Run's loop of each run a tick starts, before the tick ends.
	Started func(name string)
	// Ticker makes the ticks of Run: a channel and its stop function [time.NewTicker]. Tests drive the loop with
	// a channel of their own.
	Ticker func(d time.Duration) (<-chan time.Time, func())
}

// Scheduler runs jobs in their windows.
type Scheduler struct {
	store Store
	opt   Options

	mu      sync.Mutex
	jobs    map[string]Job
	running map[string]bool
	wg      sync.WaitGroup
}

// ErrRunning is returned when a job is asked to run while it already runs.
var ErrRunning = errors.New("jobs: already running")

// ErrUnknownJob is returned for a name no job has.
var ErrUnknownJob = errors.New("jobs: unknown job")

// New builds a Scheduler recording runs in store.
func New(store Store, opt Options) *Scheduler {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Location == nil {
		opt.Location = iran.Tehran
	}
	if opt.RetryAfter <= 0 {
		opt.RetryAfter = 15 * time.Minute
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Ticker == nil {
		opt.Ticker = func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		}
	}
	if opt.Holder == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		opt.Holder = fmt.Sprintf("%s-%d-%x", host, os.Getpid(), b)
	}
	return &Scheduler{store: store, opt: opt, jobs: map[string]Job{}, running: map[string]bool{}}
}

// Add registers a job.
func (s *Scheduler) Add(j Job) error {
	if j.Name == "" || j.Func == nil {
		return errors.New("jobs: a job needs a name and a func")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[j.Name]; dup {
		return fmt.Errorf("jobs: %s added twice", j.Name)
	}
	s.jobs[j.Name] = j
	return nil
}

// Names lists the registered jobs.
func (s *Scheduler) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.jobs))
	for n := range s.jobs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Due reports whether job name should start at now: now is inside its window, no run succeeded since
// this window opened, it is not running, and the last failed attempt is older than RetryAfter.
func (s *Scheduler) Due(ctx context.Context, name string, now time.Time) (bool, error) {
	s.mu.Lock()
	j, ok := s.jobs[name]
	running := s.running[name]
	s.mu.Unlock()
	if !ok {
		return false, fmt.Errorf("%w: %s", ErrUnknownJob, name)
	}
	if running {
		return false, nil
	}
	return s.dueAt(ctx, j, now)
}

// dueAt is Due from the recorded runs alone, whatever this process is doing: after taking the lease, a
// scheduled run asks again, since another instance may have run the job in between.
func (s *Scheduler) dueAt(ctx context.Context, j Job, now time.Time) (bool, error) {
	name := j.Name
	if j.Every > 0 && j.Window == (Window{}) {
		return s.dueEvery(ctx, j, now)
	}
	open, inside := j.Window.Opening(now, s.opt.Location)
	if !inside {
		return false, nil
	}
	if last, ok, err := s.store.LastSuccessfulRun(ctx, name); err != nil {
		return false, err
	} else if ok && !last.StartedAt.Before(open) && (j.Every <= 0 || now.Sub(last.StartedAt) < j.Every) {
		return false, nil // already ran in this window (recently enough, for a job that runs every so often)
	}
	if last, ok, err := s.store.LastRun(ctx, name); err != nil {
		return false, err
	} else if ok && !last.OK() && !last.StartedAt.Before(open) && now.Sub(last.StartedAt) < s.opt.RetryAfter {
		return false, nil
	}
	return true, nil
}

// dueEvery is Due for a job without a window that runs every so often: its last successful start is at least Every ago, and a
// failed attempt waits the shorter of Every and RetryAfter.
func (s *Scheduler) dueEvery(ctx context.Context, j Job, now time.Time) (bool, error) {
	if last, ok, err := s.store.LastSuccessfulRun(ctx, j.Name); err != nil {
		return false, err
	} else if ok && now.Sub(last.StartedAt) < j.Every {
		return false, nil
	}
	if last, ok, err := s.store.LastRun(ctx, j.Name); err != nil {
		return false, err
	} else if ok && !last.OK() && now.Sub(last.StartedAt) < min(j.Every, s.opt.RetryAfter) {
		return false, nil
	}
	return true, nil
}

// Tick runs, one after the other, every job that is due at now, and returns their runs. Run calls it
// each minute; tests call it with the instants they want.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) []Run {
	var runs []Run
	for _, name := range s.Names() {
		due, err := s.Due(ctx, name, now)
		if err != nil {
			s.opt.Logger.Error("jobs: cannot tell whether a job is due", "job", name, "error", err)
			continue
		}
		if !due {
			continue
		}
		j, err := s.reserve(name)
		if err != nil {
			continue
		}
		r, err := s.runReserved(ctx, name, j, true)
		if errors.Is(err, ErrRunning) || errors.Is(err, errNotDue) {
			continue
		}
		runs = append(runs, r)
	}
	return runs
}

// RunOnce runs job name now, whatever the window, unless it is already running, and records the run.
// The returned error is the job's own (also recorded) or a scheduling/recording failure.
func (s *Scheduler) RunOnce(ctx context.Context, name string) (Run, error) {
	j, err := s.reserve(name)
	if err != nil {
		return Run{}, err
	}
	return s.runReserved(ctx, name, j, false)
}

// errNotDue: another instance ran the job between this one finding it due and taking its lease.
var errNotDue = errors.New("jobs: no longer due")

// reserve marks a job running, or says why it cannot run. The loop reserves before it starts the job's
// goroutine, so the next tick cannot find the job due again before that goroutine has begun.
func (s *Scheduler) reserve(name string) (Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[name]
	if !ok {
		return Job{}, fmt.Errorf("%w: %s", ErrUnknownJob, name)
	}
	if s.running[name] {
		return Job{}, fmt.Errorf("%w: %s", ErrRunning, name)
	}
	s.running[name] = true
	return j, nil
}

// runReserved runs a reserved job under its lease, records the run, releases both and then tells Observe. A
// scheduled run checks again, under the lease, that the job is still due.
func (s *Scheduler) runReserved(ctx context.Context, name string, j Job, scheduled bool) (Run, error) {
	run, ran, err := s.runLeased(ctx, name, j, scheduled)
	if ran && s.opt.Observe != nil {
		s.opt.Observe(run)
	}
	return run, err
}

// runLeased is runReserved up to the release of the reservation and the lease; ran says whether the job ran.
func (s *Scheduler) runLeased(ctx context.Context, name string, j Job, scheduled bool) (_ Run, ran bool, _ error) {
	defer func() {
		s.mu.Lock()
		delete(s.running, name)
		s.mu.Unlock()
	}()

	timeout := j.Timeout
	if timeout <= 0 {
		timeout = time.Hour
	}
	now := s.opt.Now()
	leased, err := s.store.AcquireLease(ctx, name, s.opt.Holder, now, now.Add(timeout+time.Minute))
	if err != nil {
		return Run{}, false, fmt.Errorf("jobs: lease of %s: %w", name, err)
	}
	if !leased {
		return Run{}, false, fmt.Errorf("%w: %s (on another instance)", ErrRunning, name)
	}
	defer func() {
		if err := s.store.ReleaseLease(context.WithoutCancel(ctx), name, s.opt.Holder); err != nil {
			s.opt.Logger.Warn("jobs: cannot release lease; it expires by itself", "job", name, "error", err)
		}
	}()
	if scheduled {
		if due, err := s.dueAt(ctx, j, now); err != nil {
			return Run{}, false, err
		} else if !due {
			return Run{}, false, errNotDue
		}
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	run := Run{Name: name, StartedAt: s.opt.Now()}
	s.opt.Logger.Info("jobs: run started", "job", name)
	res, err := safeCall(runCtx, j.Func)
	run.FinishedAt = s.opt.Now()
	run.RowsSeen, run.RowsNew, run.Gap, run.Note = res.RowsSeen, res.RowsNew, res.Gap, res.Note
	if err != nil {
		run.Error = err.Error()
	}
	// Record even when the caller's context is cancelled (shutdown): the run happened.
	id, recErr := s.store.RecordRun(context.WithoutCancel(ctx), run)
	run.ID = id
	attrs := []any{"job", name, "rows_seen", run.RowsSeen, "rows_new", run.RowsNew,
		"duration", run.FinishedAt.Sub(run.StartedAt), "gap", run.Gap}
	if err != nil {
		s.opt.Logger.Error("jobs: run failed", append(attrs, "error", err)...)
	} else {
		s.opt.Logger.Info("jobs: run finished", attrs...)
	}
	if recErr != nil {
		s.opt.Logger.Error("jobs: cannot record run", "job", name, "error", recErr)
		return run, true, errors.Join(err, fmt.Errorf("jobs: record run: %w", recErr))
	}
	return run, true, err
}

func safeCall(ctx context.Context, f Func) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("jobs: panic: %v", p)
		}
	}()
	return f(ctx)
}

// Run ticks every interval (a minute when zero) until ctx ends, starting due jobs in the background so a
// long job never delays another; it waits for running jobs before returning.
func (s *Scheduler) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = time.Minute
	}
	ticks, stop := s.opt.Ticker(interval)
	defer stop()
	defer s.wg.Wait()
	tick := func() {
		now := s.opt.Now()
		for _, name := range s.Names() {
			due, err := s.Due(ctx, name, now)
			if err != nil {
				s.opt.Logger.Error("jobs: cannot tell whether a job is due", "job", name, "error", err)
			}
			if !due {
				continue
			}
			j, err := s.reserve(name)
			if err != nil {
				continue // started by RunOnce meanwhile
			}
			if s.opt.Started != nil {
				s.opt.Started(name)
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				_, _ = s.runReserved(ctx, name, j, true) // logged and recorded inside
			}()
		}
	}
	tick()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
			tick()
		}
	}
}
