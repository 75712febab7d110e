package checkout

import (
	"context"

	"shop/internal/apperr"
	"shop/internal/catalog"
)

// Fulfilment is what checkout needs from the fulfilment service (Frotel), in the shop's own words. The adapter
// in internal/frotel implements it and is the only place that translates to Frotel's wire. Its errors wrap
// ErrRefused, ErrUnavailable or ErrOutcomeUnknown, each with a Persian message for the shopper.
type Fulfilment interface {
	// Quote prices shipping for one parcel with every requested send method and payment way.
	Quote(ctx context.Context, req QuoteRequest) ([]Price, error)
	// Register creates the order upstream with the method its kind needs.
	Register(ctx context.Context, req RegistrationRequest) (Registration, error)
	// PaymentForm asks for the bank redirect form: the first payment, or a continued one after a retry.
	PaymentForm(ctx context.Context, req PaymentRequest) (PaymentForm, error)
	// Verify asks whether a bank callback's payment went through (checkPay).
	Verify(ctx context.Context, req VerifyRequest) (VerifyResult, error)
	// PaymentStatus asks whether an order can still be paid, and at which banks (orderPay).
	PaymentStatus(ctx context.Context, factorID string) (PaymentStatus, error)
	// Track asks where a registered order stands.
	Track(ctx context.Context, factorID string) (Tracking, error)
	// CheckCoupon asks whether a coupon code is usable; the answer carries the code and its efficacy verbatim.
	CheckCoupon(ctx context.Context, code string) (Coupon, error)
}

var (
	// ErrRefused: the fulfilment service answered and said no; asking again the same way will not help.
	ErrRefused = apperr.New(apperr.Invalid, "checkout: fulfilment refused", "فروتل این درخواست را نپذیرفت.")
	// ErrUnavailable: the fulfilment service did not answer; nothing happened upstream, a retry may work.
	ErrUnavailable = apperr.New(apperr.Unavailable, "checkout: fulfilment unavailable", "سامانهٔ فروتل در دسترس نیست؛ لطفاً چند دقیقهٔ دیگر دوباره تلاش کنید.")
	// ErrOutcomeUnknown: a call that creates something may have reached the service, but its answer was lost.
	ErrOutcomeUnknown = apperr.New(apperr.Unavailable, "checkout: fulfilment outcome unknown", "پاسخ سامانهٔ فروتل به دست ما نرسید؛ وضعیت سفارش را بررسی می‌کنیم. لطفاً سفارش را دوباره ثبت نکنید.")
)

// QuoteRequest asks for shipping prices of one parcel.
type QuoteRequest struct {
	GoodsTotal  int64 // rials
	WeightGrams int64
	CityID      int
	SendMethods []SendMethod
	PaymentWays []PaymentWay
}

// Price is the cost of one send method with one payment way, in rials.
type Price struct {
	Send    SendMethod
	Payment PaymentWay
	Post    int64
	Tax     int64
	Service int64 // the fulfilment service's own fee
	Packing int64
}

// Total is what the shopper pays for shipping: post + tax + the service's fee (+ packing).
func (p Price) Total() int64 { return p.Post + p.Tax + p.Service + p.Packing }

// RegistrationRequest is one saved order to create upstream.
type RegistrationRequest struct {
	Kind         catalog.Kind
	Reference    string // the shop's own reference, shown in the fulfilment service's panel where it allows
	Buyer        Buyer
	Items        []Item
	Send         SendMethod // physical orders
	Payment      PaymentWay // physical orders; files and services are paid online
	FreeShipping bool       // the whole parcel ships free
	CourierFee   int64      // the seller's courier (Send == Courier)
	Coupon       string     // a checked coupon code, sent with every kind of order
}

// Registration is the service's answer to a registration: its factor, total and the banks to pay at.
type Registration struct {
	FactorID string
	Total    int64
	Banks    []Bank
}

// Bank is a gateway offered for an online order.
type Bank struct {
	ID   string
	Name string
	Logo string // an absolute URL, shown only when http(s)
}

// PaymentRequest asks for the bank form of one order at one bank.
type PaymentRequest struct {
	FactorID    string
	BankID      string
	CallbackURL string
	Continue    bool // after a retry: continue the existing payment rather than start one
}

// PaymentForm is the bank redirect form, reduced to what the shop re-emits itself: either a form (Action set) or,
// when none could be read, the bank's page to show in a sandboxed frame (Page).
type PaymentForm struct {
	Action string // absolute http(s) URL
	Method string // GET or POST
	Fields []FormField
	Page   string // upstream HTML, never printed into the shop's own origin
}

// FormField is one field of the bank form, sent as a hidden input.
type FormField struct {
	Name  string
	Value string
}

// VerifyRequest names a payment the bank's callback reported.
type VerifyRequest struct {
	PaymentID string
	Ref       string
	FactorID  string
}

// VerifyResult is the service's word on a payment.
type VerifyResult struct {
	Verified     bool
	Message      string
	TrackingCode string
	Links        *DownloadLinks // virtual orders only
}

// DownloadLinks are a paid virtual order's files, or why they could not be made.
type DownloadLinks struct {
	Error        bool
	ErrorMessage string
	Files        []Download
}

// Download is one purchased file.
type Download struct {
	Name   string
	Size   string // bytes, as the service gives it
	Mime   string
	Count  string // downloads allowed
	Expire string // as the service gives it
	URL    string
}

// PaymentStatus is whether an order can still be paid.
type PaymentStatus struct {
	Label       string // the service's own Persian label
	CanContinue bool
	Price       int64 // the order's total as the service has it
	Remainder   int64 // still to pay
	Paid        int64 // paid so far, however (the shop's bank form or the service's own payment link)
	Banks       []Bank
}

// Tracking is where a registered order stands upstream.
type Tracking struct {
	Customer    string
	FactorID    string
	Barcode     string // postal barcode once shipped
	StatusLabel string // verbatim Persian label
	State       ShipmentState
	Date        string // Jalali, as given
	ChangeDate  string
	Price       int64
	Payment     PaymentWay // "" when the service sent something unknown
	Description string
	PayMessage  string
	PayLink     string
}
