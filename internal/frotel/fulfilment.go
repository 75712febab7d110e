package frotel

import (
	"context"
	"errors"
	"fmt"

	"shop/internal/apperr"
	"shop/internal/catalog"
	"shop/internal/checkout"
)

// Fulfilment adapts the client to checkout's Fulfilment: the one place where the shop's words (send methods,
// payment ways, orders, payments) become Frotel's and back, and where Frotel's errors become checkout's.
type Fulfilment struct {
	c *Client
}

var _ checkout.Fulfilment = (*Fulfilment)(nil)

// NewFulfilment wraps a client.
func NewFulfilment(c *Client) *Fulfilment { return &Fulfilment{c: c} }

// Client is the wrapped client, for the admin's mirror statistics.
func (f *Fulfilment) Client() *Client { return f.c }

var sendMethods = map[checkout.SendMethod]SendMethod{
	checkout.Pishtaz: Pishtaz, checkout.Sefareshi: Sefareshi, checkout.Matbuat: Matbuat,
	checkout.Peyk: Peyk, checkout.Chabok: Chabok, checkout.Courier: FixedCourier,
}

var paymentWays = map[checkout.PaymentWay]PaymentWay{checkout.Online: Online, checkout.CashOnDelivery: CashOnDelivery}

var shipmentStates = map[OrderState]checkout.ShipmentState{
	StateUnknown: checkout.ShipmentUnknown, StatePending: checkout.ShipmentPending,
	StatePreparing: checkout.ShipmentPreparing, StateShipped: checkout.ShipmentShipped,
	StateDelivered: checkout.ShipmentDelivered, StateCollected: checkout.ShipmentCollected,
	StateReturned: checkout.ShipmentReturned, StateCancelled: checkout.ShipmentCancelled,
}

func toSend(m checkout.SendMethod) (SendMethod, error) {
	if s, ok := sendMethods[m]; ok {
		return s, nil
	}
	return 0, fmt.Errorf("%w: send method %q", ErrUnsupported, m)
}

func fromSend(m SendMethod) checkout.SendMethod {
	for k, v := range sendMethods {
		if v == m {
			return k
		}
	}
	return ""
}

func toPayment(w checkout.PaymentWay) (PaymentWay, error) {
	if p, ok := paymentWays[w]; ok {
		return p, nil
	}
	return 0, fmt.Errorf("%w: payment way %q", ErrUnsupported, w)
}

func fromPayment(w PaymentWay) checkout.PaymentWay {
	for k, v := range paymentWays {
		if v == w {
			return k
		}
	}
	return ""
}

// Quote calls getPrices.
func (f *Fulfilment) Quote(ctx context.Context, req checkout.QuoteRequest) ([]checkout.Price, error) {
	pr := PriceRequest{BasketTotal: req.GoodsTotal, WeightGrams: req.WeightGrams, CityID: req.CityID}
	for _, m := range req.SendMethods {
		s, err := toSend(m)
		if err != nil {
			return nil, translate(err)
		}
		if _, err := s.priceCode(); err != nil {
			continue // getPrices cannot price it (chabok, the seller's courier): quote the others
		}
		pr.SendMethods = append(pr.SendMethods, s)
	}
	if len(pr.SendMethods) == 0 {
		return nil, translate(fmt.Errorf("%w: getPrices can price none of %v", ErrUnsupported, req.SendMethods))
	}
	for _, w := range req.PaymentWays {
		p, err := toPayment(w)
		if err != nil {
			return nil, translate(err)
		}
		pr.PaymentWays = append(pr.PaymentWays, p)
	}
	prices, err := f.c.GetPrices(ctx, pr)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]checkout.Price, 0, len(prices.Options))
	for _, o := range prices.Options {
		out = append(out, checkout.Price{Send: fromSend(o.Send), Payment: fromPayment(o.Payment),
			Post: o.Quote.Post, Tax: o.Quote.Tax, Service: o.Quote.FrotelService, Packing: o.Quote.Packing})
	}
	return out, nil
}

// Register calls the register method of the order's kind.
func (f *Fulfilment) Register(ctx context.Context, req checkout.RegistrationRequest) (checkout.Registration, error) {
	b := req.Buyer
	buyer := Buyer{FirstName: b.FirstName, LastName: b.LastName, Phone: b.Phone, Mobile: b.Mobile,
		Email: b.Email, Address: b.Address, PostalCode: b.PostalCode, ProvinceID: b.ProvinceID, CityID: b.CityID,
		IP: b.IP, Message: withReference(req.Reference, b.Message), Gender: Male} // Frotel requires 0 or 1: not given is sent as 1
	if b.Gender == checkout.Female {
		buyer.Gender = Female
	}
	items := make([]Item, len(req.Items))
	for i, it := range req.Items {
		code := it.Code
		if it.Variant != "" {
			code = it.Variant // the variant's own code, as the WooCommerce and OpenCart plugins send it
		}
		items[i] = Item{ProductCode: code, Name: it.Name, UnitPrice: it.UnitPrice, Count: it.Count,
			UnitWeight: int(it.UnitWeight), CommissionPercent: float64(it.CommissionPercent), MarketerID: it.MarketerID,
			DiscountPercent: float64(it.DiscountPercent), FreeShipping: it.FreeShipping, TaxPercent: float64(it.TaxPercent)}
	}
	var reg Registration
	var err error
	switch req.Kind {
	case catalog.Physical:
		po := PhysicalOrder{Buyer: buyer, Items: items, FreeShipping: req.FreeShipping, Coupon: req.Coupon}
		if po.Send, err = toSend(req.Send); err != nil {
			return checkout.Registration{}, translate(err)
		}
		if po.Payment, err = toPayment(req.Payment); err != nil {
			return checkout.Registration{}, translate(err)
		}
		if po.Send == FixedCourier {
			po.CourierFee = req.CourierFee
		}
		reg, err = f.c.RegisterOrder(ctx, po)
	case catalog.Virtual:
		reg, err = f.c.RegisterOrderVirtual(ctx, VirtualOrder{Buyer: buyer, Items: items, Coupon: req.Coupon})
	case catalog.Service:
		reg, err = f.c.RegisterOrderService(ctx, ServiceOrder{Buyer: buyer, Items: items, Coupon: req.Coupon})
	default:
		err = fmt.Errorf("%w: order kind %q", ErrUnsupported, req.Kind)
	}
	if err != nil {
		return checkout.Registration{}, translate(err)
	}
	return checkout.Registration{FactorID: reg.Factor.ID, Total: reg.Factor.Total, Banks: toBanks(reg.Factor.Banks)}, nil
}

// withReference puts the shop's reference at the start of the note to the seller (pm), which Frotel's panel
// shows: a person settling an order whose answer was lost can find it there by that reference.
func withReference(ref, note string) string {
	switch {
	case ref == "":
		return note
	case note == "":
		return ref
	}
	return ref + " — " + note
}

func toBanks(in []Bank) []checkout.Bank {
	out := make([]checkout.Bank, len(in))
	for i, b := range in {
		out[i] = checkout.Bank{ID: b.ID, Name: b.Name, Logo: b.Logo}
	}
	return out
}

// PaymentForm calls pay, or continuePay after a retry.
func (f *Fulfilment) PaymentForm(ctx context.Context, req checkout.PaymentRequest) (checkout.PaymentForm, error) {
	pr := PayRequest{FactorID: req.FactorID, BankID: req.BankID, CallbackURL: req.CallbackURL}
	var form RedirectForm
	var err error
	if req.Continue {
		form, err = f.c.ContinuePay(ctx, pr)
	} else {
		form, err = f.c.Pay(ctx, pr)
	}
	if err != nil {
		return checkout.PaymentForm{}, translate(err)
	}
	out := checkout.PaymentForm{Action: form.Action, Method: form.Method, Page: form.Page}
	for _, fld := range form.Fields {
		out.Fields = append(out.Fields, checkout.FormField{Name: fld.Name, Value: fld.Value})
	}
	return out, nil
}

// Verify calls checkPay.
func (f *Fulfilment) Verify(ctx context.Context, req checkout.VerifyRequest) (checkout.VerifyResult, error) {
	v, err := f.c.CheckPay(ctx, CheckPayRequest{PaymentID: req.PaymentID, Ref: req.Ref, FactorID: req.FactorID})
	if err != nil {
		return checkout.VerifyResult{}, translate(err)
	}
	out := checkout.VerifyResult{Verified: v.Verified, Message: v.Message, TrackingCode: v.TrackingCode}
	if v.Links != nil {
		l := &checkout.DownloadLinks{Error: v.Links.Error, ErrorMessage: v.Links.ErrorMessage}
		for _, d := range v.Links.Files {
			l.Files = append(l.Files, checkout.Download{Name: d.Name, Size: d.Size, Mime: d.Mime, Count: d.Count,
				Expire: d.Expire, URL: d.URL})
		}
		out.Links = l
	}
	return out, nil
}

// PaymentStatus calls orderPay.
func (f *Fulfilment) PaymentStatus(ctx context.Context, factorID string) (checkout.PaymentStatus, error) {
	st, err := f.c.OrderPay(ctx, OrderPayRequest{FactorID: factorID})
	if err != nil {
		return checkout.PaymentStatus{}, translate(err)
	}
	return checkout.PaymentStatus{Label: st.Status, CanContinue: st.CanContinue(), Price: st.Price,
		Remainder: st.Remainder, Paid: st.Paid, Banks: toBanks(st.Banks)}, nil
}

// CheckCoupon calls checkCoupon.
func (f *Fulfilment) CheckCoupon(ctx context.Context, code string) (checkout.Coupon, error) {
	c, err := f.c.CheckCoupon(ctx, CouponRequest{Code: code})
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Message != "" {
		// Frotel's own words about the code ("expired") are what the shopper needs, not a generic refusal.
		return checkout.Coupon{}, apperr.Wrap(checkout.ErrRefused.Code, apiErr.Message, fmt.Errorf("%w: %w", checkout.ErrRefused, err))
	}
	if err != nil {
		return checkout.Coupon{}, translate(err)
	}
	return checkout.Coupon{Code: c.Code, Efficacy: c.Efficacy}, nil
}

// Track calls tracking.
func (f *Fulfilment) Track(ctx context.Context, factorID string) (checkout.Tracking, error) {
	t, err := f.c.Tracking(ctx, TrackingRequest{FactorID: factorID})
	if err != nil {
		return checkout.Tracking{}, translate(err)
	}
	o := t.Order
	return checkout.Tracking{Customer: t.Customer, FactorID: o.FactorID, Barcode: o.Barcode, StatusLabel: o.StatusLabel,
		State: shipmentStates[o.State], Date: o.Date, ChangeDate: o.ChangeDate, Price: o.Price,
		Payment: fromPayment(o.Payment), Description: o.Description, PayMessage: t.Payment.Message,
		PayLink: t.Payment.PayLink}, nil
}

// translate turns a client error into checkout's: Frotel's own refusal, an outcome that may have happened, or
// a service that did not answer, each with the Persian sentence the shopper should read. The client error stays
// in the chain for logs.
func translate(err error) error {
	var apiErr *APIError
	kind := checkout.ErrUnavailable
	switch {
	case errors.Is(err, ErrBadRedirectForm):
		// Checked before ErrOutcomeUnknown, which a bad pay form also wraps: nothing was created that matters,
		// and the shopper can pick another bank.
	case errors.Is(err, ErrOutcomeUnknown):
		kind = checkout.ErrOutcomeUnknown
	case errors.As(err, &apiErr), errors.Is(err, ErrInvalidRequest), errors.Is(err, ErrUnsupported):
		kind = checkout.ErrRefused
	}
	return apperr.Wrap(kind.Code, ShopperMessage(err), fmt.Errorf("%w: %w", kind, err))
}
