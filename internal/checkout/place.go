package checkout

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"shop/internal/apperr"
	"shop/internal/cart"
	"shop/internal/catalog"
)

// PlaceRequest is a checkout submitted by the shopper: the basket (priced from the catalog), who they are, and
// for physical goods the chosen shipping option.
type PlaceRequest struct {
	Cart     cart.Cart
	Buyer    Buyer
	Send     SendMethod // physical goods only
	Payment  PaymentWay // physical goods only; virtual goods and services are paid online
	Marketer int        // bazaryab from a ?bz= link; 0 = the products' own
	Coupon   string     // a Frotel coupon code as typed; checked with checkCoupon before anything is saved
	// Quote is the shipping table this request already asked for (Service.Quote of this Cart and the buyer's
	// city), so placing does not ask Frotel again; nil quotes once here.
	Quote *ShippingQuote
	// MobileConfirmed: the shopper proved Buyer.Mobile by a one-time code within the sign-in's lifetime, so a
	// cash-on-delivery order needs no new code (only read when the service confirms COD by code).
	MobileConfirmed bool
}

// Placement is what placing produced: one order per kind of goods in the basket.
type Placement struct {
	Group  string
	Orders []*Order
}

// Registered lists the kinds whose orders Frotel accepted (or may have accepted): their lines leave the basket.
func (p Placement) Registered() []catalog.Kind {
	var out []catalog.Kind
	for _, o := range p.Orders {
		if o.State != StateRegisterFailed {
			out = append(out, o.Kind)
		}
	}
	return out
}

var (
	// ErrEmptyCart: there is nothing to order.
	ErrEmptyCart = apperr.New(apperr.Invalid, "checkout: the basket is empty", "سبد خرید شما خالی است.")
	// ErrOptionUnavailable: the chosen send method and payment way were not in the quote.
	ErrOptionUnavailable = apperr.New(apperr.Invalid, "checkout: the chosen shipping option is not available", "این روش ارسال دیگر در دسترس نیست؛ روش دیگری انتخاب کنید.")
	// ErrEarlierOrderUnsettled: the same buyer's order of the same goods is still being checked; placing it
	// again could make a second order at Frotel. The placement returned with it holds that earlier order.
	ErrEarlierOrderUnsettled = apperr.New(apperr.Conflict, "checkout: an earlier order of the same goods is unsettled",
		"سفارش قبلی شما با همین کالاها هنوز در حال بررسی است و دوباره ثبت نشد، تا دو سفارش ساخته نشود. نتیجه‌ی بررسی را در همین صفحه می‌بینید؛ اگر سفارش ثبت نشده باشد، فروشنده با شما تماس می‌گیرد.")
)

// problemHeld is what the shopper reads on a held order's page.
const problemHeld = "سفارش شما ذخیره شد و پس از تأیید فروشنده برای آماده‌سازی و ارسال ثبت می‌شود. نیازی به ثبت دوباره نیست."

// problemAwaitingCode is what the shopper reads on an order waiting for the mobile's code.
const problemAwaitingCode = "سفارش شما ذخیره شد. برای ثبت نهایی، کدی را که به موبایلتان پیامک شد در همین صفحه وارد کنید."

const problemOutcomeUnknown = "پاسخ فروتل به ثبت این سفارش نرسید. سفارش شما ذخیره شده است و پیش از هر اقدام دیگری بررسی می‌شود؛ لطفاً دوباره ثبت نکنید. نتیجه را از همین صفحه می‌توانید ببینید."

// Place saves one order per kind of goods, then registers each with Frotel's method for that kind. Every order is
// in the database (state registering) before any register call is made, so nothing is lost if a call or the
// process dies; the outcome of each call is then recorded on its order. A mixed basket is split, never sent to
// the wrong method.
func (s *Service) Place(ctx context.Context, req PlaceRequest) (Placement, error) {
	if req.Cart.Empty() {
		return Placement{}, ErrEmptyCart
	}
	if twin, err := s.unsettledTwin(ctx, req); err != nil {
		return Placement{}, err
	} else if twin != nil {
		if err := s.note(ctx, twin, eventDuplicate, "shop", "خریدار همین کالاها را دوباره سفارش داد؛ تا روشن شدن این سفارش، سفارش دوم ثبت نشد.", nil); err != nil {
			return Placement{}, err
		}
		return Placement{Group: twin.Group, Orders: []*Order{twin}}, ErrEarlierOrderUnsettled
	}
	coupon, err := s.CheckCoupon(ctx, req.Coupon)
	if err != nil {
		return Placement{}, err
	}
	group := newToken()
	var orders []*Order
	for _, kind := range req.Cart.Totals().Kinds {
		part := req.Cart.OfKind(kind)
		o := &Order{Token: newToken(), Group: group, Kind: kind, State: StateRegistering, Buyer: req.Buyer,
			Payment: Online, GoodsTotal: part.Totals().Total, Coupon: coupon.Code}
		o.CouponDiscount = coupon.DiscountOn(o.GoodsTotal)
		for _, l := range part.Lines {
			o.Items = append(o.Items, itemOf(l, req.Marketer))
		}
		if kind == catalog.Physical {
			q := req.Quote
			if q == nil || !coupon.IsZero() {
				// A coupon changes the goods' amount Frotel prices the parcel at, so the quote is made for it.
				fresh, err := s.QuoteWithCoupon(ctx, req.Cart, req.Buyer.CityID, coupon)
				if err != nil {
					return Placement{}, err
				}
				q = &fresh
			}
			opt, ok := q.Find(req.Send, req.Payment)
			if !ok {
				return Placement{}, ErrOptionUnavailable
			}
			whole, _ := s.freeShipping(req.Cart)
			o.Send, o.Payment, o.Shipping, o.FreeShip, o.ShippingEstimated = req.Send, req.Payment, opt.Cost, whole, q.Fallback
		}
		if kind == catalog.Virtual {
			// Files are not shipped: Frotel takes no address for them.
			o.Buyer.Address, o.Buyer.PostalCode = "", ""
			o.Buyer.ProvinceID, o.Buyer.ProvinceName, o.Buyer.CityID, o.Buyer.CityName = 0, "", 0, ""
		}
		o.Total = o.GoodsTotal - o.CouponDiscount + o.Shipping
		orders = append(orders, o)
	}
	if err := s.saveNew(ctx, req, orders); err != nil {
		return Placement{}, err
	}
	cod := s.Settings().COD
	for _, o := range orders {
		if o.State == StateAwaitingCode {
			if err := s.note(ctx, o, eventAwaitingCode, "shop", "سفارش پرداخت در محل ذخیره شد و پس از تأیید موبایل خریدار با کد یک‌بارمصرف به فروتل فرستاده می‌شود.", nil); err != nil {
				return Placement{Group: group, Orders: orders}, err
			}
			continue
		}
		if o.State == StateAwaitingSeller {
			s.log.WarnContext(ctx, "checkout: cash-on-delivery order held for the seller: over the per-address or per-mobile cap",
				"order", o.Token, "ip", o.Buyer.IP)
			if err := s.note(ctx, o, eventHeld, "shop", "سفارش پرداخت در محل از سقف سفارش‌های یک نشانی یا یک موبایل گذشت و تا تأیید فروشنده به فروتل فرستاده نمی‌شود.",
				map[string]any{"ip": o.Buyer.IP, "mobile": o.Buyer.Mobile, "per_address": cod.PerAddress, "unsettled_per_mobile": cod.UnsettledPerMobile}); err != nil {
				return Placement{Group: group, Orders: orders}, err
			}
			continue
		}
		if err := s.register(ctx, o); err != nil {
			return Placement{Group: group, Orders: orders}, err
		}
	}
	return Placement{Group: group, Orders: orders}, nil
}

// saveNew saves a placement's orders. With COD confirmed by code, a cash-on-delivery order of a mobile not yet
// proven is saved waiting for the code (nothing goes to Frotel until it is confirmed) and one of a proven mobile
// goes straight on: the code replaces the per-address and per-mobile caps. Otherwise the caps apply.
func (s *Service) saveNew(ctx context.Context, req PlaceRequest, orders []*Order) error {
	if s.codByCode {
		for _, o := range orders {
			if o.Payment == CashOnDelivery && !req.MobileConfirmed {
				o.State, o.Problem = StateAwaitingCode, problemAwaitingCode
			}
		}
		if err := s.store.CreateOrders(ctx, orders); err != nil {
			return fmt.Errorf("checkout: save orders: %w", err)
		}
		return nil
	}
	cod := s.Settings().COD
	gate := CODGate{IP: req.Buyer.IP, Mobile: req.Buyer.Mobile, Since: s.now().Add(-cod.Window),
		PerAddress: cod.PerAddress, UnsettledPerMobile: cod.UnsettledPerMobile,
		Hold: func(o *Order) { o.State, o.Problem = StateAwaitingSeller, problemHeld }}
	if err := s.store.CreateOrdersGated(ctx, orders, gate); err != nil {
		return fmt.Errorf("checkout: save orders: %w", err)
	}
	return nil
}

func itemOf(l cart.Line, marketer int) Item {
	p := l.Product
	it := Item{Code: p.Code, Variant: l.Variant, Name: p.Name, UnitPrice: p.Price, Count: l.Count, UnitWeight: p.Weight,
		DiscountPercent: p.DiscountPercent, TaxPercent: p.TaxPercent, FreeShipping: p.FreeShipping,
		CommissionPercent: p.CommissionPercent, Total: l.Total()}
	if marketer > 0 {
		it.MarketerID = marketer
	} else if id, ok := ParseMarketer(p.MarketerID); ok {
		it.MarketerID = id
	}
	return it
}

// register sends one saved order to Frotel and records what happened. It only returns an error when the outcome
// could not be saved; upstream failures are states of the order. Whoever sends (checkout, reconciliation, a
// person's resend) first claims the send with a compare-and-set on register_sent_at; a caller that loses the claim
// sends nothing and reads the order as the winner leaves it, so Frotel gets one registration however they race.
func (s *Service) register(ctx context.Context, o *Order) error {
	ctx = detach(ctx)
	req := RegistrationRequest{Kind: o.Kind, Reference: o.Reference(), Buyer: o.Buyer, Items: o.Items, Send: o.Send,
		Payment: o.Payment, FreeShipping: o.FreeShip, Coupon: o.Coupon}
	if o.Send == Courier {
		req.CourierFee = s.Settings().CourierFee
	}
	// Claim the call before it leaves: if the process dies from here on, only Frotel knows the outcome, and
	// reconciliation must not send the order a second time.
	sentAt := s.now()
	claimed, err := s.store.ClaimRegisterSend(ctx, o.ID, sentAt)
	if err != nil {
		return fmt.Errorf("checkout: mark registration of %s sent: %w", o.Token, err)
	}
	if !claimed {
		s.log.InfoContext(ctx, "checkout: register already claimed by another sender; not sent again", "order", o.Token)
		fresh, err := s.store.OrderByID(ctx, o.ID)
		if err != nil {
			return fmt.Errorf("checkout: read order %s: %w", o.Token, err)
		}
		*o = *fresh
		return nil
	}
	o.RegisterSentAt = sentAt
	o.Version++ // the claim's own bump; a writer in between makes the save below re-read
	reg, err := s.fulfil.Register(ctx, req)
	var next State
	var problem string
	switch {
	case errors.Is(err, ErrOutcomeUnknown):
		s.log.WarnContext(ctx, "checkout: register outcome unknown; order needs reconciliation", "order", o.Token, "kind", o.Kind, "err", err)
		next, problem = StateNeedsReconciliation, problemOutcomeUnknown
	case err != nil:
		s.log.WarnContext(ctx, "checkout: register refused", "order", o.Token, "kind", o.Kind, "err", err)
		next = StateRegisterFailed
		problem = "سفارش ثبت نشد: " + apperr.MessageOf(err) + " کالاها در سبد خرید شما مانده‌اند و می‌توانید دوباره تلاش کنید."
	default:
		next = StateRegistered
		if o.Payment == Online && len(reg.Banks) > 0 {
			next = StateAwaitingPayment
		}
	}
	serr := s.save(ctx, o, func(o *Order) (bool, error) {
		switch {
		case o.State == StateNeedsReconciliation && err == nil:
			// Reconciliation gave up waiting and handed it to a person, but the answer did come: it settles it.
		case o.State != StateRegistering:
			return false, nil // a person or reconciliation has settled it meanwhile
		}
		if err == nil {
			o.FactorID, o.FactorTotal, o.Banks = reg.FactorID, reg.Total, reg.Banks
		}
		o.Problem = problem
		return true, o.moveTo(next)
	})
	if serr != nil {
		return fmt.Errorf("checkout: record registration of %s: %w", o.Token, serr)
	}
	if next == StateRegistered || next == StateAwaitingPayment {
		s.log.InfoContext(ctx, "checkout: order registered", "order", o.Token, "kind", o.Kind, "factor", o.FactorID, "state", o.State)
	}
	if next == StateNeedsReconciliation {
		return s.note(ctx, o, eventReconcile, "shop", "پاسخ فروتل به ثبت این سفارش نرسید؛ سفارش برای بررسی یک نفر علامت خورد.",
			struct {
				registrationEvidence
				Error string `json:"error"`
			}{evidenceOf(o), err.Error()})
	}
	return nil
}

// unsettledTwin finds the buyer's earlier order of the same goods that is still registering or needs
// reconciliation: placing the basket again could make a second order at Frotel.
func (s *Service) unsettledTwin(ctx context.Context, req PlaceRequest) (*Order, error) {
	if req.Buyer.Mobile == "" {
		return nil, nil
	}
	earlier, err := s.store.UnsettledOrdersOf(ctx, req.Buyer.Mobile)
	if err != nil {
		return nil, fmt.Errorf("checkout: earlier orders: %w", err)
	}
	for _, o := range earlier {
		if sameGoods(o.Items, req.Cart.OfKind(o.Kind)) {
			return o, nil
		}
	}
	return nil, nil
}

// sameGoods reports whether an order's items are exactly the basket's lines (codes and counts).
func sameGoods(items []Item, c cart.Cart) bool {
	if len(items) == 0 || len(items) != len(c.Lines) {
		return false
	}
	want := map[string]int{}
	for _, it := range items {
		want[cart.Key(it.Code, it.Variant)] += it.Count
	}
	for _, l := range c.Lines {
		if want[l.Key()] != l.Count {
			return false
		}
		delete(want, l.Key())
	}
	return len(want) == 0
}

// ParseMarketer reads a marketer id (a ?bz= link or a product's own); Frotel's bazaryab is a positive integer,
// so ok is false for anything else.
func ParseMarketer(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, n > 0
}
