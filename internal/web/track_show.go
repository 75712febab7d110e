package web

import (
	"cmp"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// trackShow is GET /track: the form, and the orders placed in this browser. A link of an earlier release that
// carries ?factor=&mobile= is still looked up.
func (s *Server) trackShow(c echo.Context) error {
	if c.QueryParam("factor") == "" && c.QueryParam("mobile") == "" {
		v := templates.TrackPage{Page: s.page(c, "پیگیری سفارش")}
		v.Recent = s.recentOrders(c)
		return s.render(c, http.StatusOK, templates.TrackPageView(v))
	}
	return s.track(c, c.QueryParam("factor"), c.QueryParam("mobile"))
}

// trackSubmit is POST /track: the form posts, so the mobile never sits in a URL, a history or a log.
func (s *Server) trackSubmit(c echo.Context) error {
	return s.track(c, strings.TrimSpace(c.FormValue("factor")), strings.TrimSpace(c.FormValue("mobile")))
}

// track gives Frotel's tracking of the order a factor number and the mobile used for it name.
func (s *Server) track(c echo.Context, factor, mobile string) error {
	v := templates.TrackPage{Page: s.page(c, "پیگیری سفارش"), Factor: factor, Mobile: mobile, Errors: map[string]string{}}
	v.Recent = s.recentOrders(c)
	if factor == "" {
		v.Errors["factor"] = "شماره‌ی فاکتور را از رسید سفارش وارد کنید."
	}
	if mobile == "" {
		v.Errors["mobile"] = "موبایلی را که با آن سفارش دادید وارد کنید."
	}
	if len(v.Errors) > 0 {
		return s.render(c, http.StatusUnprocessableEntity, templates.TrackPageView(v))
	}
	t, err := s.deps.Checkout.Track(c.Request().Context(), factor, mobile)
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
		PayLink: httpkit.HTTPURL(o.PayLink), OrderToken: t.Order.Token}
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
