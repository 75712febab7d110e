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
	VerificationError    VerificationStatus = "error"    // checkPay could not be reached; a later callback may try again
)

// StaleClaimAfter is how long a claimed verification may stay "checking" before it is taken for abandoned (the
// process died during checkPay) and may be claimed again. It is far longer than any checkPay call with failover.
const StaleClaimAfter = 2 * time.Minute

// Verification is the record that makes checkPay happen once per (order, payment id).
type Verification struct {
	OrderID      int64
	PaymentID    string
	Ref          string
	Status       VerificationStatus
	Verified     bool
	Message      string
	TrackingCode string
	Error        string
	CheckedAt    time.Time
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

	// ClaimVerification records (order, payment id) as being checked. It returns true for exactly one caller:
	// the first, or the first after an earlier attempt ended in VerificationError or was left checking for
	// longer than StaleClaimAfter.
	ClaimVerification(ctx context.Context, orderID int64, paymentID, ref string, now time.Time) (bool, error)
	// FinishVerification stores checkPay's outcome for a claimed verification.
	FinishVerification(ctx context.Context, v Verification) error
	// GetVerification reads one verification record.
	GetVerification(ctx context.Context, orderID int64, paymentID string) (Verification, error)
	Verifications(ctx context.Context, orderID int64) ([]Verification, error)
}
