package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/web/templates"
)

// checkoutShow is the empty checkout form.
func (s *Server) checkoutShow(c echo.Context) error {
	priced, err := s.pricedCart(c)
	if err != nil || priced.Empty() {
		return s.backToEmptyCart(c, err)
	}
	// What the shopper typed before (then went back to the basket, say) is filled in again.
	values := s.session(c).checkoutValues()
	if p := c.QueryParam("province"); p != "" && p != values["province"] {
		values["province"] = p
		delete(values, "city") // a city of the province chosen before
	}
	v := s.checkoutPage(c, priced, values)
	return s.render(c, http.StatusOK, templates.CheckoutView(v))
}

// backToEmptyCart ends a checkout request whose basket is empty (or could not be read).
func (s *Server) backToEmptyCart(c echo.Context, err error) error {
	if err != nil {
		return err
	}
	sess := s.session(c)
	sess.flash("error", "سبد خرید شما خالی است؛ اول کالایی به سبد اضافه کنید.")
	return s.redirect(c, "/cart")
}

// checkoutPage builds the checkout view for a basket with the values the shopper typed so far.
func (s *Server) checkoutPage(c echo.Context, priced cart.Cart, values map[string]string) templates.CheckoutPage {
	v := templates.CheckoutPage{Page: s.page(c, "ثبت سفارش"), Values: values, Errors: map[string]string{}}
	var cp templates.CartPage
	fillCartPage(&cp, priced)
	v.Lines, v.GoodsTotal, v.Weight, v.KindLabels, v.Mixed, v.Physical = cp.Lines, cp.Total, cp.Weight, cp.KindLabels, cp.Mixed, cp.Physical
	for _, k := range priced.Totals().Kinds {
		switch k {
		case catalog.Physical, catalog.Service:
			v.NeedAddress = true
		case catalog.Virtual:
			v.NeedMessage = true
		}
	}
	dir := s.deps.Checkout.Cities()
	for _, p := range dir.ProvinceNames() {
		v.Provinces = append(v.Provinces, templates.Option{Value: strconv.Itoa(p.ID), Label: p.Name})
	}
	if id, err := strconv.Atoi(values["province"]); err == nil {
		if p, ok := dir.Province(id); ok {
			for _, city := range p.Cities {
				v.Cities = append(v.Cities, templates.Option{Value: strconv.Itoa(city.ID), Label: city.Name})
			}
		}
	}
	v.Loyalty = s.loyaltyBox()
	fillBills(&v, priced, nil, values, checkout.Coupon{})
	return v
}

// checkoutCities lists a province's cities as JSON for the script that fills the city list without a reload.
func (s *Server) checkoutCities(c echo.Context) error {
	id, err := strconv.Atoi(c.QueryParam("province"))
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	p, ok := s.deps.Checkout.Cities().Province(id)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	type city struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	}
	out := make([]city, 0, len(p.Cities))
	for _, x := range p.Cities {
		out = append(out, city{x.ID, x.Name})
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.JSON(http.StatusOK, out)
}
