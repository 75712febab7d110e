package checkout

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"shop/internal/apperr"
	"shop/internal/jobs"
)

// ErrNotRegistered: the order has no factor yet, so Frotel cannot be asked about it.
var ErrNotRegistered = apperr.New(apperr.Conflict, "checkout: order not registered upstream",
	"این سفارش هنوز در فروتل ثبت نشده است و پیگیری ندارد.")

// stateOfShipment is the shop state a tracking answer moves an order to; ok is false for answers that change
// nothing (pending, preparing, or a label nobody knows yet).
func stateOfShipment(s ShipmentState) (State, bool) {
	switch s {
	case ShipmentShipped:
		return StateShipped, true
	case ShipmentDelivered, ShipmentCollected:
		return StateDelivered, true
	case ShipmentReturned:
		return StateReturned, true
	case ShipmentCancelled:
		return StateCancelled, true
	}
	return "", false
}

// applyTracking stores what tracking said and moves the order's state when the answer means a move the state
// machine allows. A move it forbids (an unpaid online order "shipped", a delivered one "shipped" again) leaves
// the state alone: the label is kept for the admin to read.
func applyTracking(o *Order, t Tracking, now time.Time) {
	o.TrackingStatus = t.StatusLabel
	if t.Barcode != "" {
		o.Barcode = t.Barcode
	}
	o.TrackedAt = now
	if to, ok := stateOfShipment(t.State); ok && to != o.State && CanMove(o.State, to) {
		_ = o.moveTo(to) // CanMove said yes, so moveTo cannot fail
	}
}

// RefreshTracking asks Frotel's tracking where an order stands, stores the label and the postal barcode, and
// moves the order to shipped, delivered, returned or cancelled when the answer says so.
func (s *Service) RefreshTracking(ctx context.Context, token string) (*Order, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return nil, err
	}
	if o.FactorID == "" {
		return o, ErrNotRegistered
	}
	t, err := s.fulfil.Track(ctx, o.FactorID)
	if err != nil {
		return o, fmt.Errorf("checkout: refresh tracking of %s: %w", o.Reference(), err)
	}
	return s.update(ctx, token, func(o *Order) bool {
		applyTracking(o, t, s.now())
		return true
	})
}

// OpenOrders lists the orders the status sync should ask about: registered upstream and not yet finished.
type OpenOrders interface {
	// OpenOrders returns orders in one of states with a factor, created at or after since.
	OpenOrders(ctx context.Context, states []State, since time.Time) ([]*Order, error)
}

// SyncStates are the states whose orders the sync asks about: everything that may still move.
func SyncStates() []State {
	return []State{StateRegistered, StateAwaitingPayment, StatePaymentFailed, StatePaid, StateShipped, StateDelivered}
}

// SyncJobName is the status sync's name for `shop job`.
const SyncJobName = "sync-status"

// SyncJob refreshes the tracking of every open order, a few times a day.
type SyncJob struct {
	Service *Service
	Orders  OpenOrders
	// MaxAge skips orders older than this (an unpaid order abandoned months ago is not worth asking about).
	MaxAge time.Duration
	Logger *slog.Logger
}

// Job is the scheduler's view of the sync: inside window, every `every`.
func (j *SyncJob) Job(window jobs.Window, every time.Duration) jobs.Job {
	return jobs.Job{Name: SyncJobName, Window: window, Every: every, Func: j.Run, Timeout: 30 * time.Minute}
}

// Run refreshes every open order once. One order's failure does not stop the others; the run fails only when
// every order it asked about failed (Frotel is down), so the scheduler retries it.
func (j *SyncJob) Run(ctx context.Context) (jobs.Result, error) {
	maxAge := j.MaxAge
	if maxAge <= 0 {
		maxAge = 60 * 24 * time.Hour
	}
	log := j.Logger
	if log == nil {
		log = slog.Default()
	}
	orders, err := j.Orders.OpenOrders(ctx, SyncStates(), j.Service.now().Add(-maxAge))
	if err != nil {
		return jobs.Result{}, fmt.Errorf("checkout: sync: %w", err)
	}
	var res jobs.Result
	var failures []error
	for _, o := range orders {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		res.RowsSeen++
		updated, err := j.Service.RefreshTracking(ctx, o.Token)
		if err != nil {
			log.Warn("checkout: sync: refresh failed", "order", o.Reference(), "err", err)
			failures = append(failures, err)
			continue
		}
		if updated.State != o.State {
			res.RowsNew++
			log.Info("checkout: sync: order moved", "order", o.Reference(), "from", o.State, "to", updated.State, "label", updated.TrackingStatus)
		}
	}
	res.Note = fmt.Sprintf("%d orders asked, %d moved, %d failed", res.RowsSeen, res.RowsNew, len(failures))
	if len(failures) > 0 && len(failures) == len(orders) {
		return res, fmt.Errorf("checkout: sync: all %d refreshes failed, the first: %w", len(failures), failures[0])
	}
	return res, nil
}
