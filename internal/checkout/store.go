package checkout

import (
	"context"
	"time"

	"shop/internal/apperr"
)

// ErrOrderNotFound is returned for an unknown order token or factor.
var ErrOrderNotFound = apperr.New(apperr.NotFound, "checkout: order not found", "سفارشی با این نشانی پیدا نشد.")

// ErrStale is returned when an order changed under us (another request moved its state first).
var ErrStale = apperr.New(apperr.Conflict, "checkout: order changed concurrently", "وضعیت این سفارش همین حالا تغییر کرد؛ صفحه را دوباره باز کنید.")

// PaymentAttempt is one time the shopper was sent to a bank.
type PaymentAttempt struct {
	ID        int64
	OrderID   int64
	Via       string // "pay" or "continuePay"
	BankID    string
	Error     string // why the form could not be made, if it could not
	CreatedAt time.Time
}

// Callback is one arrival of the bank's callback, recorded whatever it carried.
type Callback struct {
	ID         int64
	OrderID    int64
	PaymentID  string // the payment id the bank returned
	Ref        string // the bank reference it returned
	Method     string // GET or POST
	Params     string // the other parameters, encoded, for the admin
	Outcome    string // what the shop did with it
	ReceivedAt time.Time
}

// VerificationStatus is where one verification of one (order, payment id) stands.
type VerificationStatus string

const (
	VerificationChecking VerificationStatus = "checking" // claimed: one request is calling checkPay
	VerificationDone     VerificationStatus = "done"     // checkPay answered; Verified says how
	VerificationError    VerificationStatus = "error"    // checkPay could not be reached or answered an error code; asked again later
	VerificationDeferred VerificationStatus = "deferred" // over the order's bound of checks: reconciliation checks it later
)

// Verification is the record that makes checkPay happen once per (order, payment id, bank reference).
type Verification struct {
	OrderID      int64
	PaymentID    string
	Ref          string
	Status       VerificationStatus
	Verified     bool
	Message      string
	TrackingCode string
	Error        string
	CheckedAt    time.Time // when checkPay was last asked
	CreatedAt    time.Time // when the pair was first claimed or deferred
}

// Store is what checkout needs from storage.
type Store interface {
	// CreateOrders saves new orders (with their items) in one transaction and fills their IDs.
	CreateOrders(ctx context.Context, orders []*Order) error
	// UpdateOrder saves an order's mutable fields if it is still in state from; otherwise ErrStale.
	UpdateOrder(ctx context.Context, o *Order, from State) error
	OrderByToken(ctx context.Context, token string) (*Order, error)
	OrderByFactor(ctx context.Context, factorID string) (*Order, error)
	OrdersInGroup(ctx context.Context, group string) ([]*Order, error)

	RecordPaymentAttempt(ctx context.Context, a PaymentAttempt) error
	PaymentAttempts(ctx context.Context, orderID int64) ([]PaymentAttempt, error)
	RecordCallback(ctx context.Context, c Callback) error
	Callbacks(ctx context.Context, orderID int64) ([]Callback, error)

	// CallbacksSince counts an order's stored callbacks received at or after since.
	CallbacksSince(ctx context.Context, orderID int64, since time.Time) (int, error)

	// ClaimVerification records (order, payment id, ref) as being checked. It returns true for exactly one
	// caller: the first, or the first after an earlier attempt ended in VerificationError, was deferred, or was
	// left checking since before staleBefore (its process died during checkPay).
	ClaimVerification(ctx context.Context, orderID int64, paymentID, ref string, now, staleBefore time.Time) (bool, error)
	// DeferVerification records a pair to be checked later (status deferred) unless it is already recorded.
	DeferVerification(ctx context.Context, orderID int64, paymentID, ref string, now time.Time) error
	// FinishVerification stores checkPay's outcome for a claimed verification.
	FinishVerification(ctx context.Context, v Verification) error
	// GetVerification reads one verification record.
	GetVerification(ctx context.Context, orderID int64, paymentID, ref string) (Verification, error)
	Verifications(ctx context.Context, orderID int64) ([]Verification, error)
	// ChecksSince counts an order's verification records claimed (checkPay called or under way) at or after since.
	ChecksSince(ctx context.Context, orderID int64, since time.Time) (int, error)
	// PendingVerifications lists up to limit verifications that still need checkPay: failed, deferred, or left
	// checking before staleBefore; newest first.
	PendingVerifications(ctx context.Context, staleBefore time.Time, limit int) ([]Verification, error)

	// OrdersInState lists up to limit orders in a state that last changed before the given time, oldest first.
	OrdersInState(ctx context.Context, state State, changedBefore time.Time, limit int) ([]*Order, error)
	// OrderByID returns one order; an unknown id is ErrOrderNotFound.
	OrderByID(ctx context.Context, id int64) (*Order, error)
	// UnsettledOrdersOf lists a buyer's (by mobile) orders still registering or needing reconciliation.
	UnsettledOrdersOf(ctx context.Context, mobile string) ([]*Order, error)

	// AddOrderEvent appends one line to an order's history.
	AddOrderEvent(ctx context.Context, e OrderEvent) error
	// OrderEvents lists an order's history, oldest first.
	OrderEvents(ctx context.Context, orderID int64) ([]OrderEvent, error)
	// EventsSince counts an order's events of one kind at or after since.
	EventsSince(ctx context.Context, orderID int64, kind string, since time.Time) (int, error)
}

// OrderEvent is one line of an order's history: what was decided, by whom, and the evidence it rested on.
type OrderEvent struct {
	ID       int64
	OrderID  int64
	At       time.Time
	Kind     string // a machine name: "reconcile", "links_refresh", ...
	Actor    string // "shop", "reconciliation", an admin's e-mail
	Message  string // Persian, for the admin's order page
	Evidence string // JSON: what the decision rested on
}
