package dashboard

import (
	"net/http"
	"shop/internal/cart"
	"shop/internal/catalog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// adminOrderShow is one order as staff work on it: where it goes, what is in it, what Frotel and the bank said.
func (d *Dashboard) adminOrderShow(c echo.Context) error {
	v, err := d.adminOrderPage(c)
	if err != nil {
		return err
	}
	return httpkit.Render(c, http.StatusOK, views.AdminOrderView(v))
}

// adminOrderSlip is the printable packing slip.
func (d *Dashboard) adminOrderSlip(c echo.Context) error {
	v, err := d.adminOrderPage(c)
	if err != nil {
		return err
	}
	return httpkit.Render(c, http.StatusOK, views.AdminSlipView(v))
}

// adminOrder loads the order named by the :id parameter; anything that is not an id is not found.
func (d *Dashboard) adminOrder(c echo.Context) (*checkout.Order, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, checkout.ErrOrderNotFound
	}
	return d.deps.Orders.OrderByID(c.Request().Context(), id)
}

func (d *Dashboard) adminOrderPage(c echo.Context) (views.AdminOrderPage, error) {
	o, err := d.adminOrder(c)
	if err != nil {
		return views.AdminOrderPage{}, err
	}
	h, err := d.deps.Checkout.PaymentHistory(c.Request().Context(), o.ID)
	if err != nil {
		return views.AdminOrderPage{}, err
	}
	events, err := d.adminEvents(c, o.ID)
	if err != nil {
		return views.AdminOrderPage{}, err
	}
	messages, err := d.orderMessages(c.Request().Context(), o.ID)
	if err != nil {
		return views.AdminOrderPage{}, err
	}
	b := o.Buyer
	v := views.AdminOrderPage{
		AdminPage: d.adminPage(c, "سفارش "+o.Reference(), "orders"),
		ID:        o.ID, Reference: o.Reference(), FactorID: o.FactorID, State: string(o.State),
		StateLabel: o.State.Label(), NeedsPerson: admin.NeedsPersonState(o.State), Kind: string(o.Kind),
		KindLabel: o.Kind.Label(), PaymentLabel: o.Payment.Label(), Physical: o.Kind == catalog.Physical,
		Created:   iran.FormatJalaliDateTime(o.CreatedAt),
		BuyerName: buyerName(o), Mobile: b.Mobile, Phone: b.Phone, Email: b.Email, Province: b.ProvinceName,
		City: b.CityName, Address: b.Address, PostalCode: b.PostalCode, Note: b.Message,
		GoodsTotal: o.GoodsTotal, Shipping: o.Shipping, Total: o.Total, FactorTotal: o.FactorTotal, FreeShip: o.FreeShip,
		ShippingEstimated: o.ShippingEstimated,
		TrackingCode:      o.TrackingCode, TrackingStatus: o.TrackingStatus, Barcode: o.Barcode, Problem: o.Problem,
		LinksError: o.LinksError, ContinueURL: d.deps.Checkout.OrderURL(o), Payable: o.State == checkout.StateAwaitingPayment,
		CanRefresh: o.FactorID != "",
		ShopName:   d.shopName(), COD: o.Payment == checkout.CashOnDelivery,
		Settled: o.State == checkout.StateDelivered || o.State == checkout.StateReturned || o.State == checkout.StateCancelled,
		Events:  events, Messages: messages,
		CanCancel: o.CanSellerCancel() && o.State != checkout.StateAwaitingSeller, CanShip: o.CanMarkShipped(),
		CanDeliver: o.CanMarkDelivered(),
	}
	if v.Physical {
		v.SendLabel = o.Send.Label()
	}
	if !o.TrackedAt.IsZero() {
		v.TrackedAt = iran.FormatJalaliDateTime(o.TrackedAt)
	}
	for _, it := range o.Items {
		// The cart's own arithmetic, so the columns add up to the line's total (unit × count − discount + VAT).
		line := cart.Line{Product: catalog.Product{Price: it.UnitPrice, DiscountPercent: it.DiscountPercent, TaxPercent: it.TaxPercent}, Count: it.Count}
		code := it.Code
		if it.Variant != "" {
			code = it.Variant // the variant's own code: what Frotel got as pro_code, and what the packer picks
		}
		v.Items = append(v.Items, views.AdminOrderItem{Code: code, Name: it.Name, Count: it.Count, UnitPrice: it.UnitPrice,
			Discount: line.Discount(), Tax: line.Tax(), Total: it.Total})
		v.Weight += it.UnitWeight * int64(it.Count)
	}
	for _, dl := range o.Downloads {
		if u := httpkit.HTTPURL(dl.URL); u != "" {
			v.Downloads = append(v.Downloads, views.AdminDownload{Name: dl.Name, URL: u})
		}
	}
	v.Payments = paymentEvents(h)
	return v, nil
}

// attemptLabel is a payment attempt's way in Persian: the first payment, or a payment continued after one that
// was not completed (the machine names stay in the database and the logs).
func attemptLabel(via string) string {
	switch via {
	case "pay":
		return "پرداخت"
	case "continuePay":
		return "ادامه‌ی پرداخت"
	}
	return "پرداخت"
}

// callbackOutcome is what became of a bank's return, in Persian (checkout records it in its own words).
func callbackOutcome(outcome string) string {
	switch {
	case outcome == "checkPay called":
		return "از فروتل استعلام شد"
	case outcome == "refused: no usable payment id":
		return "رد شد: شناسه‌ی پرداخت قابل استفاده‌ای نداشت"
	case outcome == "refused: the order has no factor":
		return "رد شد: سفارش هنوز فاکتور ندارد"
	case strings.HasPrefix(outcome, "refused: factor "):
		return "رد شد: فاکتور " + strings.TrimSuffix(strings.TrimPrefix(outcome, "refused: factor "), " is not this order's") + " از این سفارش نیست"
	case outcome == "ignored: the order is already paid":
		return "نادیده گرفته شد: سفارش پیش‌تر پرداخت شده است"
	case strings.HasPrefix(outcome, "deferred: "):
		return "به بعد سپرده شد: استعلام‌های این سفارش از حد گذشته است و بررسی خودکار آن را می‌پرسد"
	case strings.HasPrefix(outcome, "repeat: "):
		return "تکراری: استعلام این پرداخت پیش‌تر انجام شده یا در جریان است"
	}
	return outcome
}

// paymentEvents merges attempts, callbacks and checkPay answers into one timeline, oldest first.
func paymentEvents(h checkout.History) []views.AdminPaymentEvent {
	type event struct {
		at time.Time
		ev views.AdminPaymentEvent
	}
	var evs []event
	for _, a := range h.Attempts {
		e := views.AdminPaymentEvent{Kind: "attempt", Label: "فرم بانک خواسته شد (" + attemptLabel(a.Via) + ")", Detail: "درگاه " + a.BankID}
		if a.Error != "" {
			e.Label, e.Detail, e.Bad = "فرم بانک دریافت نشد ("+attemptLabel(a.Via)+")", a.Error, true
		}
		evs = append(evs, event{a.CreatedAt, e})
	}
	for _, cb := range h.Callbacks {
		e := views.AdminPaymentEvent{Kind: "callback", Label: "بازگشت از بانک",
			Detail: "شناسه‌ی پرداخت " + cb.PaymentID + "، مرجع " + cb.Ref + "، " + callbackOutcome(cb.Outcome)}
		if cb.Params != "" {
			e.Detail += "، " + cb.Params
		}
		evs = append(evs, event{cb.ReceivedAt, e})
	}
	for _, ver := range h.Verifications {
		e := views.AdminPaymentEvent{Kind: "verification", Detail: "شناسه‌ی پرداخت " + ver.PaymentID}
		switch {
		case ver.Status == checkout.VerificationChecking:
			e.Label = "استعلام پرداخت از فروتل: در حال بررسی"
		case ver.Status == checkout.VerificationError:
			e.Label, e.Bad = "استعلام پرداخت از فروتل: فروتل در دسترس نبود", true
			e.Detail += "، " + ver.Error
		case ver.Verified:
			e.Label, e.OK = "استعلام پرداخت از فروتل: پرداخت تأیید شد", true
			if ver.TrackingCode != "" {
				e.Detail += "، کد رهگیری " + ver.TrackingCode
			}
		default:
			e.Label, e.Bad = "استعلام پرداخت از فروتل: پرداخت تأیید نشد", true
		}
		if ver.Message != "" {
			e.Detail += "، «" + ver.Message + "»"
		}
		evs = append(evs, event{ver.CheckedAt, e})
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
	out := make([]views.AdminPaymentEvent, len(evs))
	for i, e := range evs {
		e.ev.At = iran.FormatJalaliDateTime(e.at)
		out[i] = e.ev
	}
	return out
}

// adminOrderRefresh asks Frotel's tracking about the order and stores what it says.
func (d *Dashboard) adminOrderRefresh(c echo.Context) error {
	o, err := d.adminOrder(c)
	if err != nil {
		return err
	}
	if _, err := d.deps.Checkout.RefreshTracking(c.Request().Context(), o.Token); err != nil {
		return err
	}
	return httpkit.RedirectSeeOther(c, "/admin/orders/"+strconv.FormatInt(o.ID, 10)+"?done=refreshed")
}
