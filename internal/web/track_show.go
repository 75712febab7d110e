package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/checkout"
	"shop/internal/frotel"
	"shop/internal/iran"
	"shop/web/templates"
)

// trackShow is /track: a factor number and the mobile used for it give Frotel's tracking of that order.
func (s *Server) trackShow(c echo.Context) error {
	v := templates.TrackPage{Page: s.page(c, "پیگیری سفارش"), Factor: c.QueryParam("factor"), Mobile: c.QueryParam("mobile")}
	v.Recent = s.recentOrders(c)
	if v.Factor == "" && v.Mobile == "" {
		return render(c, http.StatusOK, templates.TrackPageView(v))
	}
	t, err := s.deps.Checkout.Track(c.Request().Context(), v.Factor, v.Mobile)
	switch {
	case errors.Is(err, checkout.ErrTrackNotFound):
		v.Error = "سفارشی با این شماره‌ی فاکتور و موبایل در این فروشگاه پیدا نشد. هر دو را همان‌طور که در سفارش آمده وارد کنید."
		return render(c, http.StatusOK, templates.TrackPageView(v))
	case err != nil:
		s.log.Warn("web: tracking", "err", err, "request_id", requestID(c))
		v.Error = "پیگیری از فروتل انجام نشد: " + frotel.ShopperMessage(err) + " کمی بعد دوباره تلاش کنید."
		return render(c, http.StatusOK, templates.TrackPageView(v))
	}
	o := t.Tracking.Order
	r := &templates.TrackResult{Customer: t.Tracking.Customer, FactorID: t.Order.FactorID, Barcode: o.Barcode,
		Status: o.StatusLabel, StateClass: trackClass(o.State), Date: o.Date, ChangeDate: o.ChangeDate, Price: o.Price,
		PaymentLabel: o.Payment.PersianName(), Description: o.Description, PayMessage: t.Tracking.Payment.Message,
		PayLink: httpURL(t.Tracking.Payment.PayLink), OrderToken: t.Order.Token}
	v.Result = r
	return render(c, http.StatusOK, templates.TrackPageView(v))
}

func trackClass(s frotel.OrderState) string {
	switch s {
	case frotel.StateDelivered, frotel.StateCollected, frotel.StateShipped:
		return "status-ok"
	case frotel.StateReturned, frotel.StateCancelled:
		return "status-bad"
	}
	return "status-wait"
}

// recentOrders lists the orders placed in this browser (their tokens are kept in the session cookie).
func (s *Server) recentOrders(c echo.Context) []templates.SiblingView {
	var out []templates.SiblingView
	for _, token := range s.session(c).recentOrders() {
		o, err := s.deps.Checkout.Order(c.Request().Context(), token)
		if err != nil {
			continue // an order of another database (a reset demo) is simply not listed
		}
		out = append(out, templates.SiblingView{Token: o.Token, KindLabel: o.Kind.Label(), StateLabel: o.State.Label(), Total: orderAmount(o),
			FactorID: o.FactorID, Created: iran.FormatJalaliDateTime(o.CreatedAt)})
	}
	return out
}
