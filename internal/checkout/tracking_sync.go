package checkout

import (
	"context"
	"fmt"
	"log/slog"
	"shop/internal/iran"
	"strings"
	"time"

	"shop/internal/apperr"
	"shop/internal/catalog"
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
	// An unpaid online order may have been paid through Frotel's own payment link (tracking's pay_link), which
	// sends no callback here: orderPay says what is left to pay.
	var paid *paidByLink
	if o.awaitsOnlinePayment() {
		st, perr := s.fulfil.PaymentStatus(ctx, o.FactorID)
		if perr != nil {
			s.log.Warn("checkout: orderPay failed during a status refresh", "order", o.Reference(), "err", perr)
		}
		paid = paidEvidence(o, st, perr == nil, t)
	}
	var moved bool
	updated, err := s.update(ctx, token, func(o *Order) bool {
		moved = false
		applyTracking(o, t, s.now())
		if paid != nil && o.awaitsOnlinePayment() && o.moveTo(StatePaid) == nil {
			moved = true
			o.Problem, o.Remainder, o.PaymentUnconfirmed, o.Retrying = "", 0, false, false
			if o.Kind == catalog.Virtual && len(o.Downloads) == 0 {
				// Download links come only with a checkPay of a payment id the shop was given, and this payment
				// never came back to the shop.
				o.LinksError = "این سفارش از راه پیوند پرداخت فروتل پرداخت شد؛ پیوندهای دانلود را فروشنده برایتان می‌فرستد."
			}
		}
		return true
	})
	if err != nil || !moved {
		return updated, err
	}
	s.log.Info("checkout: order paid through Frotel's payment link", "order", updated.Reference(), "factor", updated.FactorID)
	return updated, s.note(ctx, updated, eventPaidByLink, "status sync",
		"پرداخت از راه پیوند پرداخت فروتل انجام شد (بازگشتی از بانک به فروشگاه نرسید)؛ سفارش پرداخت‌شده علامت خورد.", paid)
}

// paidByLink is the evidence that an order was paid outside the shop.
type paidByLink struct {
	Status       string `json:"vaziat,omitempty"`
	Price        int64  `json:"price"`
	Remainder    int64  `json:"remainder_price"`
	Paid         int64  `json:"pay_price"`
	OrderTotal   int64  `json:"order_total"`
	PayMessage   string `json:"tracking_payment_message,omitempty"`
	OrderPayRead bool   `json:"order_pay_answered"`
}

// awaitsOnlinePayment: the order is registered, to be paid online, and not paid yet.
func (o *Order) awaitsOnlinePayment() bool {
	return (o.State == StateAwaitingPayment || o.State == StatePaymentFailed) && o.FactorID != "" &&
		(o.Payment == Online || o.Kind != catalog.Physical)
}

// paidEvidence decides from orderPay and tracking whether nothing remains to pay: orderPay's remainder is 0 and
// what was paid covers the order's total, or tracking's payment message says the payment was made. Anything
// less (an empty answer, part paid, a message that says not paid) is no evidence.
func paidEvidence(o *Order, st PaymentStatus, answered bool, t Tracking) *paidByLink {
	total := o.FactorTotal
	if total <= 0 {
		total = o.Total
	}
	e := &paidByLink{Status: st.Label, Price: st.Price, Remainder: st.Remainder, Paid: st.Paid, OrderTotal: total,
		PayMessage: t.PayMessage, OrderPayRead: answered}
	if answered && st.Remainder == 0 && st.Paid > 0 && st.Paid >= total {
		return e
	}
	if PaymentMessageSaysPaid(t.PayMessage) {
		return e
	}
	return nil
}

// PaymentMessageSaysPaid reads tracking's payment message ("پرداخت شما با موفقیت انجام شده است." against
// "پرداخت شماانجام نشده است."), with or without spaces and in Arabic or Persian letters.
func PaymentMessageSaysPaid(msg string) bool {
	m := strings.NewReplacer(" ", "", "\u200c", "", "ي", "ی", "ك", "ک").Replace(msg)
	if m == "" || strings.Contains(m, "نشده") || strings.Contains(m, "ناموفق") || strings.Contains(m, "نشد") {
		return false
	}
	return strings.Contains(m, "پرداخت") && (strings.Contains(m, "انجامشد") || strings.Contains(m, "پرداختشد") ||
		strings.Contains(m, "موفقیت"))
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
	res.Note = fmt.Sprintf("وضعیت %s سفارش از فروتل پرسیده شد، %s تغییر کرد، %s پاسخ نگرفت",
		iran.FormatNumber(int64(res.RowsSeen)), iran.FormatNumber(int64(res.RowsNew)), iran.FormatNumber(int64(len(failures))))
	if len(failures) > 0 && len(failures) == len(orders) {
		return res, fmt.Errorf("checkout: sync: all %d refreshes failed, the first: %w", len(failures), failures[0])
	}
	return res, nil
}
