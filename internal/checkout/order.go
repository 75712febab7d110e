// Package checkout turns a basket into Frotel orders and sees them paid: it quotes shipping, saves every order
// locally before it goes upstream, registers it with the method its kind needs, sends the shopper to the bank,
// verifies each bank callback with checkPay exactly once, and offers retries and tracking. Order states move only
// through Order.moveTo, the one place that knows which moves are allowed.
package checkout

import (
	"fmt"
	"strings"
	"time"

	"shop/internal/apperr"
	"shop/internal/catalog"
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
	// StateShipped: Frotel's tracking says the parcel left (a postal barcode usually comes with it).
	StateShipped State = "shipped"
	// StateDelivered: delivered, or for cash on delivery the money collected.
	StateDelivered State = "delivered"
	// StateReturned: the parcel came back to the seller (or is on its way back).
	StateReturned State = "returned"
	// StateCancelled: Frotel marks the order cancelled; a paid one is the seller's to refund.
	StateCancelled State = "cancelled"
	// StateAwaitingSeller: a cash-on-delivery order past the per-address or per-mobile cap, saved but not sent:
	// the seller sends it to Frotel (registering) or cancels it with one press.
	StateAwaitingSeller State = "awaiting_seller"
	// StateAwaitingCode: a cash-on-delivery order saved while the shop confirms the buyer's mobile by a one-time
	// code (when SMS is on): nothing is sent to Frotel until the code is confirmed (registering); the seller may
	// cancel one that is never confirmed.
	StateAwaitingCode State = "awaiting_code"
)

// transitions lists every allowed move. Staying in the same state is never listed: callers that find nothing to
// change do not call moveTo.
var transitions = map[State][]State{
	StateAwaitingSeller: {StateRegistering, StateCancelled},
	StateAwaitingCode:   {StateRegistering, StateCancelled},
	StateRegistering:    {StateRegistered, StateAwaitingPayment, StateRegisterFailed, StateNeedsReconciliation},
	// A person settles it: the factor found in Frotel's panel (registered, awaiting payment), or Frotel never got
	// it and it is sent again, once (registering).
	StateNeedsReconciliation: {StateRegistered, StateAwaitingPayment, StateRegisterFailed, StateRegistering},
	StateAwaitingPayment:     {StatePaid, StatePaymentFailed, StateCancelled},
	StatePaymentFailed:       {StatePaid, StateAwaitingPayment, StateCancelled},
	// Cash on delivery goes from registered straight to the post; a parcel may be seen first when it is
	// already delivered (the sync runs a few times a day) or already on its way back.
	StateRegistered:     {StatePaid, StateShipped, StateDelivered, StateReturned, StateCancelled},
	StatePaid:           {StateShipped, StateDelivered, StateReturned, StateCancelled},
	StateShipped:        {StateDelivered, StateReturned},
	StateDelivered:      {StateReturned},
	StateReturned:       nil,
	StateCancelled:      nil,
	StateRegisterFailed: nil,
}

// ErrBadTransition is returned for a move the state machine forbids: a bug, or a race the caller lost.
var ErrBadTransition = apperr.New(apperr.Conflict, "checkout: state transition not allowed", "وضعیت این سفارش همین حالا تغییر کرد؛ صفحه را دوباره باز کنید.")

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
	return []State{StateAwaitingSeller, StateRegistering, StateRegistered, StateAwaitingPayment, StatePaid, StatePaymentFailed,
		StateRegisterFailed, StateNeedsReconciliation, StateShipped, StateDelivered, StateReturned, StateCancelled, StateAwaitingCode}
}

// Label is the state's Persian name for shoppers.
func (s State) Label() string {
	switch s {
	case StateAwaitingSeller:
		return "در انتظار تأیید فروشنده"
	case StateAwaitingCode:
		return "در انتظار تأیید موبایل"
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
	case StateShipped:
		return "ارسال شد"
	case StateDelivered:
		return "تحویل شد"
	case StateReturned:
		return "برگشت خورد"
	case StateCancelled:
		return "لغو شد"
	}
	return string(s)
}

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
	Message      string // the shopper's note to the seller
	IP           string
}

// Item is one ordered line, copied from the catalog when the order was saved.
type Item struct {
	Code string // the product's code
	// Variant is the chosen variant's code, "" for a product without variants: Frotel's pro_code for the line
	// when set, and Name then carries the options («تیشرت — سایز: L، رنگ: آبی»).
	Variant           string
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

// Order is one order of one kind. A mixed basket becomes several orders sharing a Group.
type Order struct {
	ID         int64
	Token      string // unguessable: the shopper's link to the order and the bank callback's key
	Group      string // orders placed together from one basket
	Kind       catalog.Kind
	State      State
	Buyer      Buyer
	Items      []Item
	Send       SendMethod // physical orders only
	Payment    PaymentWay
	FreeShip   bool
	GoodsTotal int64 // items after discount and tax
	Shipping   int64 // the quoted option (0 when free or not shipped)
	// ShippingEstimated: Frotel could not quote and Shipping is the seller's fallback price; Frotel's factor
	// has the real one.
	ShippingEstimated bool
	Total             int64 // GoodsTotal - CouponDiscount + Shipping: what we expect Frotel to bill
	// Coupon is the Frotel coupon sent with the order, and CouponDiscount what it takes off the goods.
	Coupon         string
	CouponDiscount int64

	FactorID     string // Frotel's factor id, once registered
	FactorTotal  int64  // Frotel's own total
	Banks        []Bank
	Remainder    int64 // still to pay, from orderPay
	Retrying     bool  // a retry was started: later payments go through continuePay
	TrackingCode string
	// What Frotel's tracking last said: its label verbatim, the postal barcode, and when the shop asked.
	TrackingStatus string
	Barcode        string
	TrackedAt      time.Time
	Downloads      []Download
	LinksError     string // the reason links could not be made, when checkPay said links.error=1
	Problem        string // the last Persian sentence the shopper should see about this order

	// RegisterSentAt is when the register call was about to leave: an order still registering without it was
	// never sent, and reconciliation may send it; with it, only Frotel knows.
	RegisterSentAt time.Time
	// PaymentUnconfirmed: a bank return was not confirmed by checkPay. The order stays payable; "pay again"
	// asks Frotel (orderPay) first, so a payment that did go through is never paid twice.
	PaymentUnconfirmed bool

	// Version is the stored row's version when it was read; every write names it and bumps it, so a writer
	// that read an older row re-reads and re-applies its change instead of overwriting another's.
	Version int64

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
func (o *Order) PaysOnline() bool { return o.Payment == Online }

// CanPay reports whether the shopper can be sent to a bank now.
func (o *Order) CanPay() bool {
	return o.State == StateAwaitingPayment && len(o.Banks) > 0 && !o.PaymentUnconfirmed
}

// CanRetry reports whether "pay again" is offered: after a failed payment, or a bank return Frotel did not
// confirm.
func (o *Order) CanRetry() bool {
	return o.State == StatePaymentFailed || o.State == StateAwaitingPayment && o.PaymentUnconfirmed
}

// Reference is the shop's own short name of the order, for people: the seller's staff and Frotel's panel.
func (o *Order) Reference() string { return ReferenceOf(o.ID) }

// ReferenceOf is the reference of the order with this id.
func ReferenceOf(id int64) string { return fmt.Sprintf("SH-%06d", id) }

// ParseReference reads a reference back into an order id ("SH-000042", "sh-42" or "42").
func ParseReference(s string) (int64, bool) {
	s = strings.TrimSpace(strings.ToUpper(s))
	s = strings.TrimPrefix(s, "SH-")
	if s == "" || len(s) > 15 {
		return 0, false
	}
	var id int64
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		id = id*10 + int64(r-'0')
	}
	return id, id > 0
}

// Paid reports whether the order is past payment (Frotel confirmed it, or the parcel is already on its way):
// no bank callback may change it, and none costs a checkPay.
func (o *Order) Paid() bool {
	switch o.State {
	case StatePaid, StateShipped, StateDelivered, StateReturned:
		return true // shipped, delivered and returned orders are past payment, online or on delivery
	}
	return false
}
