// Package checkout turns a basket into Frotel orders and sees them paid: it quotes shipping, saves every order
// locally before it goes upstream, registers it with the method its kind needs, sends the shopper to the bank,
// verifies each bank callback with checkPay exactly once, and offers retries and tracking. Order states move only
// through Order.moveTo, the one place that knows which moves are allowed.
package checkout

import (
	"errors"
	"fmt"
	"time"

	"shop/internal/catalog"
	"shop/internal/frotel"
)

// State is where an order stands.
type State string

const (
	// StateRegistering: saved locally, the register call is under way (or the process died during it).
	StateRegistering State = "registering"
	// StateRegistered: Frotel has the order and nothing is owed online now: cash on delivery, or an online order
	// without banks that the seller will follow up with a payment link.
	StateRegistered State = "registered"
	// StateAwaitingPayment: an online order the shopper can pay at a bank.
	StateAwaitingPayment State = "awaiting_payment"
	// StatePaid: checkPay said verify=1.
	StatePaid State = "paid"
	// StatePaymentFailed: checkPay said verify=0; the shopper may retry.
	StatePaymentFailed State = "payment_failed"
	// StateRegisterFailed: Frotel refused the order, or no mirror received it; nothing exists upstream.
	StateRegisterFailed State = "register_failed"
	// StateNeedsReconciliation: the register call may have reached Frotel but its answer was lost.
	StateNeedsReconciliation State = "needs_reconciliation"
)

// transitions lists every allowed move. Staying in the same state is never listed: callers that find nothing to
// change do not call moveTo.
var transitions = map[State][]State{
	StateRegistering:         {StateRegistered, StateAwaitingPayment, StateRegisterFailed, StateNeedsReconciliation},
	StateNeedsReconciliation: {StateRegistered, StateAwaitingPayment, StateRegisterFailed},
	StateAwaitingPayment:     {StatePaid, StatePaymentFailed},
	StatePaymentFailed:       {StatePaid, StateAwaitingPayment},
	StateRegistered:          {StatePaid},
	StatePaid:                nil,
	StateRegisterFailed:      nil,
}

// ErrBadTransition is returned for a move the state machine forbids.
var ErrBadTransition = errors.New("checkout: state transition not allowed")

// CanMove reports whether an order may move from one state to another.
func CanMove(from, to State) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// States lists every state, for tests and the admin's filters.
func States() []State {
	return []State{StateRegistering, StateRegistered, StateAwaitingPayment, StatePaid, StatePaymentFailed,
		StateRegisterFailed, StateNeedsReconciliation}
}

// Label is the state's Persian name for shoppers.
func (s State) Label() string {
	switch s {
	case StateRegistering:
		return "در حال ثبت"
	case StateRegistered:
		return "ثبت شد"
	case StateAwaitingPayment:
		return "در انتظار پرداخت"
	case StatePaid:
		return "پرداخت شد"
	case StatePaymentFailed:
		return "پرداخت ناموفق"
	case StateRegisterFailed:
		return "ثبت نشد"
	case StateNeedsReconciliation:
		return "در حال بررسی"
	}
	return string(s)
}

// Gender is the buyer's gender as Frotel requires it.
type Gender = frotel.Gender

// Buyer is who ordered and where it goes. Ids are Frotel's; names are kept beside them for pages and reports.
type Buyer struct {
	FirstName    string
	LastName     string
	Mobile       string // 09XXXXXXXXX
	Phone        string
	Gender       Gender
	Email        string
	Address      string
	PostalCode   string
	ProvinceID   int
	ProvinceName string
	CityID       int
	CityName     string
	Message      string // pm
	IP           string
}

// Item is one ordered line, copied from the catalog when the order was saved.
type Item struct {
	Code              string
	Name              string
	UnitPrice         int64
	Count             int
	UnitWeight        int64
	DiscountPercent   int
	TaxPercent        int
	FreeShipping      bool
	CommissionPercent int
	MarketerID        int
	Total             int64 // after discount and tax
}

// Bank is a gateway offered for an online order, as Frotel lists it.
type Bank = frotel.Bank

// Download is one purchased file of a virtual order, as checkPay lists it.
type Download = frotel.DownloadLink

// Order is one order of one kind. A mixed basket becomes several orders sharing a Group.
type Order struct {
	ID         int64
	Token      string // unguessable: the shopper's link to the order and the bank callback's key
	Group      string // orders placed together from one basket
	Kind       catalog.Kind
	State      State
	Buyer      Buyer
	Items      []Item
	Send       frotel.SendMethod // physical orders only
	Payment    frotel.PaymentWay
	FreeShip   bool
	GoodsTotal int64 // items after discount and tax
	Shipping   int64 // the quoted option (0 when free or not shipped)
	Total      int64 // GoodsTotal + Shipping: what we expect Frotel to bill

	FactorID     string // Frotel's factor id, once registered
	FactorTotal  int64  // Frotel's own total
	Banks        []Bank
	Remainder    int64 // still to pay, from orderPay
	Retrying     bool  // a retry was started: later payments go through continuePay
	TrackingCode string
	Downloads    []Download
	LinksError   string // the reason links could not be made, when checkPay said links.error=1
	Problem      string // the last Persian sentence the shopper should see about this order

	CreatedAt time.Time
	UpdatedAt time.Time
}

// moveTo changes the order's state, refusing moves the state machine forbids.
func (o *Order) moveTo(to State) error {
	if !CanMove(o.State, to) {
		return fmt.Errorf("%w: %s -> %s (order %s)", ErrBadTransition, o.State, to, o.Token)
	}
	o.State = to
	return nil
}

// PaysOnline reports whether the order is paid at a bank through Frotel.
func (o *Order) PaysOnline() bool { return o.Payment == frotel.Online }

// CanPay reports whether the shopper can be sent to a bank now.
func (o *Order) CanPay() bool {
	return o.State == StateAwaitingPayment && len(o.Banks) > 0
}

// CanRetry reports whether "pay again" is offered.
func (o *Order) CanRetry() bool { return o.State == StatePaymentFailed }
