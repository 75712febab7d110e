package notify

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"shop/internal/iran"
	"shop/internal/jobs"
	"shop/internal/sms"
)

// Queued is an outbox row a sender has claimed.
type Queued struct {
	ID        int64
	Channel   Channel
	Event     Event
	OrderID   int64
	Receptor  string
	Subject   string
	Body      string
	Code      string // a one-time code; never logged
	Attempts  int    // including the one just claimed
	ExpiresAt time.Time
}

// Record is an outbox row as the dashboard shows it.
type Record struct {
	ID        int64
	Channel   Channel
	Event     Event
	OrderID   int64
	Receptor  string
	Body      string
	State     string
	Attempts  int
	LastError string
	CreatedAt time.Time
	NextAt    time.Time
	SentAt    time.Time
}

// Row states.
const (
	StatePending = "pending"
	StateSent    = "sent"
	StateFailed  = "failed"  // the last try failed, or the failure cannot pass: the dashboard shows it
	StateExpired = "expired" // a one-time code that could not leave in time
)

// Outcome is how a claimed row ends its turn.
type Outcome struct {
	State  string
	At     time.Time
	NextAt time.Time // pending only: when to try again
	Error  string
}

// Outbox is the store's side of the outbox; store.Store satisfies it.
type Outbox interface {
	// EnqueueCode queues a one-time code ahead of every other message.
	EnqueueCode(ctx context.Context, mobile, code string, now, expires time.Time) error
	// DueMessages lists up to limit pending rows due at now whose lease is free, most urgent first.
	DueMessages(ctx context.Context, now time.Time, limit int) ([]int64, error)
	// ClaimMessage takes row id for holder until `until`, by compare-and-set: false when another holder has it,
	// it is no longer pending, or not due.
	ClaimMessage(ctx context.Context, id int64, holder string, now, until time.Time) (Queued, bool, error)
	// FinishMessage ends holder's claim with an outcome (a one-time code is wiped unless the row stays pending).
	FinishMessage(ctx context.Context, id int64, holder string, o Outcome) error
	// PruneMessages deletes messages sent before `before` and code rows finished before codesBefore.
	PruneMessages(ctx context.Context, before, codesBefore time.Time) (int64, error)
}

// Mailer sends one plain-text e-mail (internal/mail's Sender).
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SenderConfig wires a Sender. SMS and Mail may be nil (that channel is off).
type SenderConfig struct {
	Outbox Outbox
	SMS    sms.Provider
	Mail   Mailer
	Logger *slog.Logger
	Now    func() time.Time
	// Holder names this instance in leases [host-pid-random].
	Holder string
	// Every is the polling interval of Run [3s]; QueueCode wakes it at once.
	Every time.Duration
	// Backoff is the wait after the first failed try, doubled after each later one [15s], up to MaxBackoff [30m].
	Backoff, MaxBackoff time.Duration
	// MaxAttempts is how many tries a message gets [8].
	MaxAttempts int
	// Lease is how long a claim lasts: longer than one send, so a crashed instance's claim frees itself [2m].
	Lease time.Duration
	// Observe, when set, is told of every try's outcome: sent, retry, failed or expired (the shop's metrics).
	Observe func(channel, event, outcome string)
}

// CodeTTL is how long a one-time code is valid: one that cannot leave within it is never sent.
const CodeTTL = 2 * time.Minute

// Sender sends the outbox. It never runs inside a shopper's request: QueueCode only writes the row and wakes it.
type Sender struct {
	c    SenderConfig
	wake chan struct{}
}

// NewSender fills the defaults.
func NewSender(c SenderConfig) *Sender {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Holder == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		c.Holder = fmt.Sprintf("%s-%d-%x", host, os.Getpid(), b)
	}
	if c.Every <= 0 {
		c.Every = 3 * time.Second
	}
	if c.Backoff <= 0 {
		c.Backoff = 15 * time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 30 * time.Minute
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 8
	}
	if c.Lease <= 0 {
		c.Lease = 2 * time.Minute
	}
	return &Sender{c: c, wake: make(chan struct{}, 1)}
}

// ErrSMSOff is QueueCode's answer when no SMS provider is configured.
var ErrSMSOff = errors.New("notify: SMS is off")

// QueueCode queues a one-time code to mobile, valid CodeTTL, and wakes the sender: it leaves ahead of every
// other message, through the provider's SendCode. The code is never logged and is wiped from its row once sent.
func (s *Sender) QueueCode(ctx context.Context, mobile, code string) error {
	if s.c.SMS == nil {
		return ErrSMSOff
	}
	now := s.c.Now()
	if err := s.c.Outbox.EnqueueCode(ctx, mobile, code, now, now.Add(CodeTTL)); err != nil {
		return fmt.Errorf("notify: queue code: %w", err)
	}
	s.Wake()
	return nil
}

// Wake makes Run look at the outbox now.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run sends what is due every Every, and at once when woken, until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.c.Every)
	defer t.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			s.c.Logger.Warn("notify: outbox pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// JobName is the outbox's job: `shop job outbox` sends what is due once; serve runs it every minute as well, so
// its runs are recorded (the fast pass of Run is not).
const JobName = "outbox"

// Keep is how long sent messages stay listed on their order's page; a one-time code's row (its receptor and
// when) is kept a day.
const (
	Keep     = 90 * 24 * time.Hour
	KeepCode = 24 * time.Hour
)

// Job is the scheduled pass: what is due, then the rows past Keep are deleted.
func (s *Sender) Job() jobs.Job {
	return jobs.Job{Name: JobName, Every: time.Minute, Timeout: 5 * time.Minute, Func: func(ctx context.Context) (jobs.Result, error) {
		res, err := s.SendDue(ctx)
		if err != nil {
			return res, err
		}
		now := s.c.Now()
		if _, err := s.c.Outbox.PruneMessages(ctx, now.Add(-Keep), now.Add(-KeepCode)); err != nil {
			return res, err
		}
		return res, nil
	}}
}

// SendDue sends every message due now, most urgent first, and reports what it did. A code queued meanwhile is
// picked up before the rest of the batch.
func (s *Sender) SendDue(ctx context.Context) (jobs.Result, error) {
	var res jobs.Result
	var failed int
	for {
		ids, err := s.c.Outbox.DueMessages(ctx, s.c.Now(), 50)
		if err != nil {
			return res, err
		}
		if len(ids) == 0 {
			break
		}
		progressed := false
	batch:
		for _, id := range ids {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			now := s.c.Now()
			q, ok, err := s.c.Outbox.ClaimMessage(ctx, id, s.c.Holder, now, now.Add(s.c.Lease))
			if err != nil {
				return res, err
			}
			if !ok {
				continue // another instance has it
			}
			progressed = true
			res.RowsSeen++
			state, err := s.send(ctx, q)
			switch state {
			case StateSent:
				res.RowsNew++
			case StateFailed, StateExpired:
				failed++
			}
			if err != nil {
				return res, err
			}
			select {
			case <-s.wake: // a code arrived: look again before the rest of this batch
				break batch
			default:
			}
		}
		if !progressed {
			break // every due row is another instance's
		}
	}
	res.Note = fmt.Sprintf("%s پیام فرستاده شد، %s ناموفق ماند", iran.FormatNumber(int64(res.RowsNew)), iran.FormatNumber(int64(failed)))
	return res, nil
}

// send delivers one claimed row and records the outcome; the error is the store's, a delivery failure is an
// outcome.
func (s *Sender) send(ctx context.Context, q Queued) (string, error) {
	now := s.c.Now()
	log := s.c.Logger.With("message", q.ID, "event", string(q.Event), "channel", string(q.Channel), "order", q.OrderID,
		"to", maskReceptor(q.Receptor), "attempt", q.Attempts)
	finish := func(o Outcome) (string, error) {
		o.At = s.c.Now()
		if s.c.Observe != nil {
			outcome := o.State
			if outcome == StatePending {
				outcome = "retry"
			}
			s.c.Observe(string(q.Channel), string(q.Event), outcome)
		}
		if err := s.c.Outbox.FinishMessage(context.WithoutCancel(ctx), q.ID, s.c.Holder, o); err != nil {
			return o.State, fmt.Errorf("notify: record outcome of message %d: %w", q.ID, err)
		}
		return o.State, nil
	}
	if q.Event == Code && !q.ExpiresAt.IsZero() && !now.Before(q.ExpiresAt) {
		log.Warn("notify: one-time code expired before it could be sent")
		return finish(Outcome{State: StateExpired, Error: "کد پیش از فرستادن منقضی شد"})
	}
	err := s.deliver(ctx, q)
	if err == nil {
		log.Info("notify: message sent")
		return finish(Outcome{State: StateSent})
	}
	next := now.Add(s.backoff(q.Attempts))
	retry := sms.Retryable(err) && q.Attempts < s.c.MaxAttempts && ctx.Err() == nil
	if q.Event == Code && !next.Before(q.ExpiresAt) {
		retry = false
	}
	if retry {
		log.Warn("notify: message not sent; trying again later", "err", err, "next", next)
		return finish(Outcome{State: StatePending, NextAt: next, Error: err.Error()})
	}
	log.Error("notify: message not sent; giving up", "err", err)
	return finish(Outcome{State: StateFailed, Error: err.Error()})
}

var errChannelOff = &sms.Error{Provider: "shop", Op: "send", Detail: "this channel is off in the configuration"}

func (s *Sender) deliver(ctx context.Context, q Queued) error {
	switch {
	case q.Channel == SMS && s.c.SMS != nil && q.Event == Code:
		return s.c.SMS.SendCode(ctx, q.Receptor, q.Code)
	case q.Channel == SMS && s.c.SMS != nil:
		return s.c.SMS.Send(ctx, q.Receptor, q.Body)
	case q.Channel == Email && s.c.Mail != nil:
		return s.c.Mail.Send(ctx, q.Receptor, q.Subject, q.Body)
	}
	return errChannelOff
}

// backoff is the wait after the given number of failed tries: Backoff, doubled each time, at most MaxBackoff.
func (s *Sender) backoff(attempts int) time.Duration {
	d := s.c.Backoff
	for i := 1; i < attempts && d < s.c.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, s.c.MaxBackoff)
}

// maskReceptor keeps a mobile's operator and last digits for the log, enough to match a complaint.
func maskReceptor(r string) string {
	if len(r) < 8 {
		return "***"
	}
	return r[:4] + "***" + r[len(r)-3:]
}
