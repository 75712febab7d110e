package web

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// orderShow is the shopper's own page of one order: its state and the next step.
func (s *Server) orderShow(c echo.Context) error {
	ctx := c.Request().Context()
	o, err := s.deps.Checkout.Order(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	siblings, err := s.deps.Checkout.Siblings(ctx, o)
	if err != nil {
		return err
	}
	history, err := s.deps.Checkout.PaymentHistory(ctx, o.ID)
	if err != nil {
		return err
	}
	notes, err := s.deps.Checkout.SellerNotes(ctx, o.ID)
	if err != nil {
		return err
	}
	v := orderPage(s.page(c, "سفارش شما"), o, siblings, history)
	for _, n := range notes {
		v.Notes = append(v.Notes, templates.SellerNoteView{When: when(n.At), Text: n.Message})
	}
	return s.render(c, http.StatusOK, templates.OrderView(v))
}

func orderPage(p templates.Page, o *checkout.Order, siblings []*checkout.Order, h checkout.History) templates.OrderPage {
	v := templates.OrderPage{
		Page: p, Token: o.Token, Kind: string(o.Kind), KindLabel: o.Kind.Label(), State: string(o.State),
		StateLabel: o.State.Label(), StateClass: stateClass(o.State), FactorID: o.FactorID, Reference: o.Reference(), GoodsTotal: o.GoodsTotal,
		Shipping: o.Shipping, Estimated: o.ShippingEstimated, Total: o.Total, FactorTotal: o.FactorTotal,
		PaymentLabel: o.Payment.Label(), BuyerName: o.Buyer.FirstName + " " + o.Buyer.LastName, Mobile: o.Buyer.Mobile,
		Address: o.Buyer.Address, Created: when(o.CreatedAt), CanRetry: o.CanRetry(),
		Remainder: o.Remainder, TrackingCode: o.TrackingCode, Barcode: o.Barcode, LinksError: o.LinksError, Problem: o.Problem,
		COD: o.Payment == checkout.CashOnDelivery,
	}
	if v.FactorTotal == 0 {
		v.FactorTotal = o.Total
	}
	if o.Kind == catalog.Physical {
		v.SendLabel = o.Send.Label()
	}
	if o.Buyer.CityName != "" {
		v.Place = o.Buyer.ProvinceName + "، " + o.Buyer.CityName
	}
	v.AwaitingSeller = o.State == checkout.StateRegistered && o.Payment == checkout.Online && len(o.Banks) == 0
	for _, it := range o.Items {
		v.Items = append(v.Items, templates.OrderItem{Name: it.Name, Count: it.Count, UnitPrice: it.UnitPrice, Total: it.Total})
	}
	for _, b := range o.Banks {
		v.Banks = append(v.Banks, templates.BankView{ID: b.ID, Name: b.Name, Logo: httpkit.HTTPURL(b.Logo)})
	}
	v.Downloads = downloadViews(o)
	for _, x := range siblings {
		v.Siblings = append(v.Siblings, templates.SiblingView{Token: x.Token, KindLabel: x.Kind.Label(), StateLabel: x.State.Label(), StateClass: stateClass(x.State), Total: orderAmount(x)})
	}
	v.Attempts, v.CanReverify = paymentTimeline(o, h)
	return v
}

// orderAmount is the order's bill: Frotel's total once registered, our own estimate before.
func orderAmount(o *checkout.Order) int64 {
	if o.FactorTotal > 0 {
		return o.FactorTotal
	}
	return o.Total
}

func stateClass(s checkout.State) string {
	switch s {
	case checkout.StatePaid, checkout.StateRegistered, checkout.StateShipped, checkout.StateDelivered:
		return "status-ok"
	case checkout.StatePaymentFailed, checkout.StateRegisterFailed, checkout.StateReturned, checkout.StateCancelled:
		return "status-bad"
	}
	return "status-wait"
}

// orderPay sends the shopper to the chosen bank: the shop re-emits Frotel's redirect form from its parsed parts.
func (s *Server) orderPay(c echo.Context) error {
	token := c.Param("token")
	form, err := s.deps.Checkout.StartPayment(c.Request().Context(), token, c.FormValue("bank"))
	if err != nil {
		return s.afterOrderAction(c, token, err, "")
	}
	return s.redirect(c, "/orders/"+token+"/bank/"+form.StepKey)
}

// orderBankStep shows the bank form the pay step recorded, once. It is a GET, so the POST that asked Frotel for
// the form is not in the browser's history: back from the bank comes here, finds the step used, and goes on to
// the order page.
func (s *Server) orderBankStep(c echo.Context) error {
	token := c.Param("token")
	form, err := s.deps.Checkout.BankStep(c.Request().Context(), token, c.Param("key"))
	if errors.Is(err, checkout.ErrBankStepUsed) {
		return s.redirect(c, "/orders/"+token)
	}
	if err != nil {
		return err
	}
	v := templates.PayRedirectPage{Page: s.page(c, "انتقال به درگاه بانک"), Action: form.Action, Method: form.Method,
		Frame: form.Page, Amount: payable(form.Order), Token: token, BankName: form.Bank.Name}
	for _, f := range form.Fields {
		v.Fields = append(v.Fields, templates.Option{Value: f.Name, Label: f.Value})
	}
	return s.render(c, http.StatusOK, templates.PayRedirectView(v))
}

func payable(o *checkout.Order) int64 {
	if o.Remainder > 0 {
		return o.Remainder
	}
	return orderAmount(o)
}

// orderRetry is "pay again" for a failed payment: Frotel's orderPay decides whether the order can still be paid.
// A bank chosen on the same form goes straight on to that bank once Frotel says the order can be paid, so paying
// again is one step.
func (s *Server) orderRetry(c echo.Context) error {
	token := c.Param("token")
	o, err := s.deps.Checkout.Retry(c.Request().Context(), token)
	if err == nil && o != nil && o.Retrying && c.FormValue("bank") != "" {
		return s.orderPay(c)
	}
	return s.afterOrderAction(c, token, err, "درگاه‌های پرداخت دوباره آماده است؛ یکی را انتخاب کنید.")
}

// orderReverify retries checkPay for payments that could not be verified because Frotel did not answer.
func (s *Server) orderReverify(c echo.Context) error {
	token := c.Param("token")
	_, err := s.deps.Checkout.Reverify(c.Request().Context(), token)
	return s.afterOrderAction(c, token, err, "وضعیت پرداخت دوباره بررسی شد.")
}

// orderLinks asks again for a paid virtual order's download links.
func (s *Server) orderLinks(c echo.Context) error {
	token := c.Param("token")
	_, err := s.deps.Checkout.RefreshLinks(c.Request().Context(), token)
	return s.afterOrderAction(c, token, err, "پیوندهای دانلود دوباره دریافت شد.")
}

// afterOrderAction returns the shopper to the order page with what an action did. An action the order's state
// does not allow, or one an upstream service could not do now, is a message on that page; anything else (an
// unknown order, a failure of our own) goes to the one error page.
func (s *Server) afterOrderAction(c echo.Context, token string, err error, ok string) error {
	sess := s.session(c)
	switch code := apperr.CodeOf(err); {
	case err == nil:
		sess.flash("ok", ok)
	case code == apperr.Conflict || code == apperr.Unavailable || code == apperr.Invalid || code == apperr.RateLimited:
		s.log.WarnContext(c.Request().Context(), "web: order action", "err", err, "order", token)
		sess.flash("error", "انجام نشد: "+apperr.MessageOf(err))
	default:
		return err
	}
	return s.redirect(c, "/orders/"+token)
}

// paymentTimeline is the order's payment history as a shopper tells it: one short line per step, oldest first.
// Going to the bank and coming back are separate records; they are merged and sorted by time so a retry never
// reads as if it came before the return it followed.
func paymentTimeline(o *checkout.Order, h checkout.History) (steps []templates.AttemptView, canReverify bool) {
	type step struct {
		at   time.Time
		view templates.AttemptView
	}
	var all []step
	bankName := map[string]string{}
	for _, b := range o.Banks {
		bankName[b.ID] = b.Name
	}
	for _, a := range h.Attempts {
		what := "رفتن به بانک"
		if a.Via == "continuePay" {
			what = "پرداخت دوباره"
		}
		if name := bankName[a.BankID]; name != "" {
			what += " (" + name + ")"
		}
		result, class := "", ""
		if a.Error != "" {
			result, class = "درگاه باز نشد", "bad"
		}
		all = append(all, step{a.CreatedAt, templates.AttemptView{When: when(a.CreatedAt), What: what, Result: result, Class: class}})
	}
	for _, ver := range h.Verifications {
		what, class := "پرداخت انجام نشد یا لغو شد", "bad"
		switch {
		case ver.Status == checkout.VerificationError:
			what, class = "بازگشت از بانک؛ در حال بررسی (تأیید فروتل هنوز نرسیده)", "wait"
			canReverify = true
		case ver.Status == checkout.VerificationChecking:
			what, class = "بازگشت از بانک؛ در حال بررسی", "wait"
			canReverify = true
		case ver.Verified:
			what, class = "پرداخت تأیید شد", "ok"
		}
		all = append(all, step{ver.CheckedAt, templates.AttemptView{When: when(ver.CheckedAt), What: what, Class: class}})
	}
	slices.SortStableFunc(all, func(a, b step) int { return a.at.Compare(b.at) })
	for _, s := range all {
		steps = append(steps, s.view)
	}
	return steps, canReverify
}
