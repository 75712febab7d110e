package checkout

import (
	"context"
	"time"

	"shop/internal/apperr"
)

// ErrOrderNotFound is returned for an unknown order token or factor.
var ErrOrderNotFound = apperr.New(apperr.NotFound, "checkout: order not found", "سفارشی با این نشانی پیدا نشد.")

// ErrStale is returned when an order changed under us: another request wrote it (moved its state, or any field)
// since it was read.
var ErrStale = apperr.New(apperr.Conflict, "checkout: order changed concurrently", "وضعیت این سفارش همین حالا تغییر کرد؛ صفحه را دوباره باز کنید.")

// PaymentAttempt is one time the shopper was sent to a bank.
type PaymentAttempt struct {
	ID        int64
	OrderID   int64
	Via       string // "pay" or "continuePay"
	BankID    string
	Error     string // why the form could not be made, if it could not
	CreatedAt time.Time
	// StepKey names the bank step page (/orders/TOKEN/bank/KEY) that shows Form once; empty when no form came.
	StepKey string
	Form    *PaymentForm
	ShownAt *time.Time // when the bank step page was shown; it is shown at most once
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

// CODGate is what decides whether a new cash-on-delivery order goes to Frotel or waits for the seller: the
// address's COD orders created since Since, and the mobile's COD orders not yet settled, against their caps
// (a cap below 1 is off).
type CODGate struct {
	IP                 string
	Mobile             string
	Since              time.Time
	PerAddress         int
	UnsettledPerMobile int
	// Hold marks an order past a cap (its state and the shopper's sentence) before it is saved.
	Hold func(o *Order)
}

// UnsettledCOD are the states of a cash-on-delivery order still to be prepared or posted: each is a parcel
// Frotel may still prepare, so they count against a mobile's cap.
func UnsettledCOD() []State {
	return []State{StateAwaitingSeller, StateAwaitingCode, StateRegistering, StateNeedsReconciliation, StateRegistered}
}

// ClaimOutcome is what a bounded claim of a verification decided.
type ClaimOutcome int

const (
	ClaimWon      ClaimOutcome = iota + 1 // this caller calls checkPay
	ClaimRepeat                           // the pair is already checked or being checked
	ClaimDeferred                         // over the order's bound: stored for reconciliation
	ClaimReplaced                         // deferred, and the order's oldest deferred pair gave way (its share is full)
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
	// CreateOrdersGated is CreateOrders that also applies gate to the cash-on-delivery orders among them, in the
	// same transaction and one checkout at a time: each one past a cap is saved in StateAwaitingSeller.
	CreateOrdersGated(ctx context.Context, orders []*Order, gate CODGate) error
	// UpdateOrder saves an order's mutable fields if it is still in state from and at o.Version; otherwise
	// ErrStale. On success it bumps o.Version.
	UpdateOrder(ctx context.Context, o *Order, from State) error
	// ClaimRegisterSend sets register_sent_at of an order still registering and never sent; it returns true for
	// exactly one caller, the only one that may send the order to Frotel.
	ClaimRegisterSend(ctx context.Context, id int64, at time.Time) (bool, error)
	OrderByToken(ctx context.Context, token string) (*Order, error)
	OrderByFactor(ctx context.Context, factorID string) (*Order, error)
	OrdersInGroup(ctx context.Context, group string) ([]*Order, error)

	RecordPaymentAttempt(ctx context.Context, a PaymentAttempt) error
	PaymentAttempts(ctx context.Context, orderID int64) ([]PaymentAttempt, error)
	// ClaimBankStep marks the attempt named by key as shown, if it was not: exactly one caller gets the attempt
	// (with its form) and true; every later one gets false.
	ClaimBankStep(ctx context.Context, orderID int64, key string, at time.Time) (PaymentAttempt, bool, error)
	RecordCallback(ctx context.Context, c Callback) error
	Callbacks(ctx context.Context, orderID int64) ([]Callback, error)

	// CallbacksSince counts an order's stored callbacks received at or after since.
	CallbacksSince(ctx context.Context, orderID int64, since time.Time) (int, error)

	// ClaimVerification records (order, payment id, ref) as being checked. It returns true for exactly one
	// caller: the first, or the first after an earlier attempt ended in VerificationError, was deferred, or was
	// left checking since before staleBefore (its process died during checkPay).
	ClaimVerification(ctx context.Context, orderID int64, paymentID, ref string, now, staleBefore time.Time) (bool, error)
	// ClaimVerificationWithin claims a pair like ClaimVerification while the order has had fewer than maxChecks
	// claims since `since`, and otherwise defers it (at most maxDeferred deferred pairs per order since then: the oldest gives way),
	// counting and claiming in one transaction.
	ClaimVerificationWithin(ctx context.Context, orderID int64, paymentID, ref string, now, staleBefore, since time.Time,
		maxChecks, maxDeferred int) (ClaimOutcome, error)
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

	// ReleaseStockHolds gives back the stock held by online orders placed before heldBefore that are still
	// unpaid, and reports how many orders it released.
	ReleaseStockHolds(ctx context.Context, heldBefore time.Time) (int, error)

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
