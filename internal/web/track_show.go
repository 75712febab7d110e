package web

import (
	"cmp"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/web/templates"
)

// trackShow is /track: a factor number and the mobile used for it give Frotel's tracking of that order.
func (s *Server) trackShow(c echo.Context) error {
	v := templates.TrackPage{Page: s.page(c, "پیگیری سفارش"), Factor: c.QueryParam("factor"), Mobile: c.QueryParam("mobile")}
	v.Recent = s.recentOrders(c)
	if v.Factor == "" && v.Mobile == "" {
		return s.render(c, http.StatusOK, templates.TrackPageView(v))
	}
	t, err := s.deps.Checkout.Track(c.Request().Context(), v.Factor, v.Mobile)
	switch {
	case errors.Is(err, checkout.ErrTrackNotFound):
		v.Error = apperr.MessageOf(err)
		return s.render(c, http.StatusOK, templates.TrackPageView(v))
	case apperr.CodeOf(err) == apperr.Unavailable || apperr.CodeOf(err) == apperr.Invalid:
		s.log.WarnContext(c.Request().Context(), "web: tracking", "err", err)
		v.Error = "پیگیری از فروتل انجام نشد: " + apperr.MessageOf(err) + " کمی بعد دوباره تلاش کنید."
		return s.render(c, http.StatusOK, templates.TrackPageView(v))
	case err != nil:
		return err
	}
	o := t.Tracking
	r := &templates.TrackResult{Customer: o.Customer, FactorID: t.Order.FactorID, Barcode: o.Barcode,
		Status: cmp.Or(o.State.Label(), o.StatusLabel), StateClass: trackClass(o.State), Date: jalaliText(o.Date), ChangeDate: jalaliText(o.ChangeDate), Price: o.Price,
		PaymentLabel: o.Payment.Label(), Description: o.Description, PayMessage: o.PayMessage,
		PayLink: httpURL(o.PayLink), OrderToken: t.Order.Token}
	v.Result = r
	return s.render(c, http.StatusOK, templates.TrackPageView(v))
}

func trackClass(s checkout.ShipmentState) string {
	switch {
	case s.Good():
		return "status-ok"
	case s.Bad():
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
		out = append(out, templates.SiblingView{Token: o.Token, KindLabel: o.Kind.Label(), Title: itemsTitle(o), StateLabel: o.State.Label(), StateClass: stateClass(o.State), Total: orderAmount(o),
			FactorID: o.FactorID, Created: when(o.CreatedAt)})
	}
	return out
}

// itemsTitle names an order by what was bought.
func itemsTitle(o *checkout.Order) string {
	switch len(o.Items) {
	case 0:
		return o.Kind.Label()
	case 1:
		return o.Items[0].Name
	}
	return o.Items[0].Name + " و " + iran.FormatNumber(int64(len(o.Items)-1)) + " کالای دیگر"
}
