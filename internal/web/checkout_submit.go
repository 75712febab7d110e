package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// The checkout page is one form, so whatever was typed is kept whichever button is pressed; each button posts to a
// handler of its own (its formaction), and POST /checkout, where the form itself points, sends each action= to the
// same handler (browsers without formaction, the shop's script, links kept from before).
var checkoutActions = map[string]func(*Server, echo.Context) error{
	"cities":       (*Server).checkoutCitiesSubmit,
	"loyalty":      (*Server).checkoutLoyaltyLookup,
	"loyalty_join": (*Server).checkoutLoyaltyJoin,
	"quote":        (*Server).checkoutQuote,
	"coupon":       (*Server).checkoutQuote, // the bill with the coupon, and the shipping table once there is a city
	"place":        (*Server).checkoutPlace,
}

// checkoutSubmit is POST /checkout: the action the pressed button names; anything else asks for the shipping
// table, which is what pressing Enter in a field of the form means.
func (s *Server) checkoutSubmit(c echo.Context) error {
	if h, ok := checkoutActions[c.FormValue("action")]; ok {
		return h(s, c)
	}
	return s.checkoutQuote(c)
}

// checkoutForm is what every checkout action reads: the basket priced from the catalog and the form as typed.
type checkoutForm struct {
	priced   cart.Cart
	form     url.Values
	details  checkoutDetails
	values   map[string]string
	problems map[string]string
	physical bool
	coupon   checkout.Coupon // the typed coupon as Frotel's checkCoupon described it; zero when none or refused
}

// readCheckout reads the basket and the form; ok is false when the response is already decided (an empty basket
// goes back to the cart).
func (s *Server) readCheckout(c echo.Context) (*checkoutForm, error) {
	priced, err := s.pricedCart(c)
	if err != nil {
		return nil, err
	}
	if priced.Empty() {
		return nil, nil
	}
	form, err := c.FormParams()
	if err != nil {
		return nil, httpkit.FormError(err)
	}
	kinds := priced.Totals().Kinds
	details, values, problems := parseCheckoutForm(form, kinds, s.deps.Checkout.Cities())
	s.session(c).setCheckoutValues(values) // kept for the session, until the order is placed
	f := &checkoutForm{priced: priced, form: form, details: details, values: values, problems: problems,
		physical: slices.Contains(kinds, catalog.Physical)}
	if details.Coupon != "" && problems[fieldCoupon] == "" {
		// Checked on every action, so the bill always shows what the coupon takes off, or why it does not.
		if f.coupon, err = s.deps.Checkout.CheckCoupon(c.Request().Context(), details.Coupon); err != nil {
			if apperr.CodeOf(err) == apperr.Unavailable {
				s.log.WarnContext(c.Request().Context(), "web: coupon check failed", "err", err)
			}
			problems[fieldCoupon] = apperr.MessageOf(err)
		}
	}
	return f, nil
}

// checkoutAction runs one checkout action on the form as read; an empty basket goes back to the cart.
func (s *Server) checkoutAction(c echo.Context, action func(*checkoutForm) error) error {
	f, err := s.readCheckout(c)
	if err != nil || f == nil {
		return s.backToEmptyCart(c, err)
	}
	return action(f)
}

// view is the checkout page showing what was typed, with the loyalty box as loyaltyAction leaves it.
func (s *Server) checkoutView(c echo.Context, f *checkoutForm, loyaltyAction string) templates.CheckoutPage {
	v := s.checkoutPage(c, f.priced, f.values)
	v.Loyalty = s.loyaltyAction(c, loyaltyAction, f.form, f.details)
	if msg := f.problems[fieldCoupon]; msg != "" {
		v.Errors[fieldCoupon] = msg // told whatever the action, so the shopper can clear it and go on
	}
	fillBills(&v, f.priced, nil, f.values, f.coupon)
	return v
}

// checkoutCitiesSubmit lists a province's cities, for browsers without JavaScript.
func (s *Server) checkoutCitiesSubmit(c echo.Context) error {
	return s.checkoutAction(c, func(f *checkoutForm) error {
		return s.render(c, http.StatusOK, templates.CheckoutView(s.checkoutView(c, f, "")))
	})
}

// checkoutLoyaltyLookup asks the loyalty club about the national code typed in its box.
func (s *Server) checkoutLoyaltyLookup(c echo.Context) error {
	return s.checkoutAction(c, func(f *checkoutForm) error {
		return s.render(c, http.StatusOK, templates.CheckoutView(s.checkoutView(c, f, "loyalty")))
	})
}

// checkoutLoyaltyJoin joins the loyalty club with the box's details and the checkout's name and mobile.
func (s *Server) checkoutLoyaltyJoin(c echo.Context) error {
	return s.checkoutAction(c, func(f *checkoutForm) error {
		return s.render(c, http.StatusOK, templates.CheckoutView(s.checkoutView(c, f, "loyalty_join")))
	})
}

// checkoutQuote shows the shipping table. Asking for shipping needs only the destination: the table is shown as
// soon as the city is right, and only the fields the shopper already filled in are marked, so nobody is scolded
// for a form they have not reached.
func (s *Server) checkoutQuote(c echo.Context) error {
	return s.checkoutAction(c, func(f *checkoutForm) error {
		v := s.checkoutView(c, f, "")
		v.Errors = f.problems
		if !f.physical || f.problems["province"] != "" || f.problems["city"] != "" {
			status := http.StatusOK
			if len(f.problems) > 0 {
				status = http.StatusUnprocessableEntity
			}
			return s.render(c, status, templates.CheckoutView(v))
		}
		for field := range v.Errors {
			if strings.TrimSpace(f.form.Get(field)) == "" {
				delete(v.Errors, field)
			}
		}
		q, err := s.quote(c, f)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Unavailable {
				return err
			}
			v.QuoteError = apperr.MessageOf(err) + " لطفاً چند لحظه بعد دوباره تلاش کنید."
			return s.render(c, http.StatusOK, templates.CheckoutView(v))
		}
		v.Quote = quoteView(q)
		fillBills(&v, f.priced, &q, f.values, f.coupon)
		return s.render(c, http.StatusOK, templates.CheckoutView(v))
	})
}

// quote asks for the shipping table of the form's basket and city. A quote Frotel could not give is logged here,
// once, as a warning: the shopper sees the Persian message on the page.
func (s *Server) quote(c echo.Context, f *checkoutForm) (checkout.ShippingQuote, error) {
	q, err := s.deps.Checkout.QuoteWithCoupon(c.Request().Context(), f.priced, f.details.Buyer.CityID, f.coupon)
	if err != nil && apperr.CodeOf(err) == apperr.Unavailable {
		s.log.WarnContext(c.Request().Context(), "web: shipping quote failed", "err", err)
	} else if err != nil {
		err = fmt.Errorf("web: quote: %w", err)
	}
	return q, err
}

// checkoutPlace saves and registers the order(s). The shipping table is asked for once, here, and handed to
// Place with the option chosen from it; the page is only built when it is shown again (a mistake, a failure).
func (s *Server) checkoutPlace(c echo.Context) error {
	return s.checkoutAction(c, func(f *checkoutForm) error {
		again := func(status int, edit func(*templates.CheckoutPage)) error {
			v := s.checkoutView(c, f, "")
			v.Errors = f.problems
			edit(&v)
			return s.render(c, status, templates.CheckoutView(v))
		}
		if len(f.problems) > 0 {
			return again(http.StatusUnprocessableEntity, func(*templates.CheckoutPage) {})
		}
		var quote *checkout.ShippingQuote
		if f.physical {
			q, err := s.quote(c, f)
			if err != nil {
				if apperr.CodeOf(err) != apperr.Unavailable {
					return err
				}
				return again(http.StatusOK, func(v *templates.CheckoutPage) {
					v.QuoteError = apperr.MessageOf(err) + " لطفاً چند لحظه بعد دوباره تلاش کنید."
				})
			}
			if _, ok := q.Find(f.details.Send, f.details.Payment); !f.details.OptionChosen || !ok {
				return again(http.StatusUnprocessableEntity, func(v *templates.CheckoutPage) {
					v.Quote = quoteView(q)
					fillBills(v, f.priced, &q, f.values, f.coupon)
					v.Errors[fieldSend] = "یکی از روش‌های ارسال و پرداخت جدول را انتخاب کنید."
				})
			}
			quote = &q
		}
		d := f.details
		d.Buyer.IP = httpkit.ClientIP(c)
		sess := s.session(c)
		marketer, _ := checkout.ParseMarketer(sess.marketer())
		placed, err := s.deps.Checkout.Place(c.Request().Context(), checkout.PlaceRequest{
			Cart: f.priced, Buyer: d.Buyer, Send: d.Send, Payment: d.Payment, Marketer: marketer, Quote: quote,
			Coupon: d.Coupon, MobileConfirmed: d.Buyer.Mobile != "" && s.signedInMobile(c) == d.Buyer.Mobile,
		})
		switch {
		case errors.Is(err, checkout.ErrQuoteFailed):
			return again(http.StatusOK, func(v *templates.CheckoutPage) {
				v.QuoteError = apperr.MessageOf(err) + " لطفاً دوباره تلاش کنید."
			})
		case errors.Is(err, checkout.ErrCouponRefused), errors.Is(err, checkout.ErrCouponUnavailable):
			// Frotel changed its mind about the code between the bill and the button: nothing was saved.
			return again(http.StatusUnprocessableEntity, func(v *templates.CheckoutPage) {
				if quote != nil {
					v.Quote = quoteView(*quote)
					fillBills(v, f.priced, quote, f.values, checkout.Coupon{})
				}
				v.Errors[fieldCoupon] = apperr.MessageOf(err)
			})
		case errors.Is(err, checkout.ErrOutOfStock):
			// Another shopper took the last ones since the basket was priced: nothing was saved or sent; the
			// basket says which line to change.
			sess.flash("error", apperr.MessageOf(err))
			return s.redirect(c, "/cart")
		case errors.Is(err, checkout.ErrEarlierOrderUnsettled):
			// The same goods are still being checked from an earlier try: show that order, never make a second.
			sess.flash("error", apperr.MessageOf(err))
			return s.redirect(c, "/orders/"+placed.Orders[0].Token)
		case errors.Is(err, checkout.ErrOptionUnavailable):
			return again(http.StatusUnprocessableEntity, func(v *templates.CheckoutPage) {
				if quote != nil {
					v.Quote = quoteView(*quote)
					fillBills(v, f.priced, quote, f.values, f.coupon)
				}
				v.Errors[fieldSend] = apperr.MessageOf(err)
			})
		case err != nil && len(placed.Orders) == 0:
			return fmt.Errorf("web: place order: %w", err)
		case err != nil:
			// The orders are saved; only recording an outcome failed. Show what we have rather than an error page.
			s.log.ErrorContext(c.Request().Context(), "web: place order", "err", err)
		}
		return s.placed(c, f, placed)
	})
}

// placed ends a placing: the lines Frotel accepted (or may have accepted) leave the basket, refused ones stay to
// retry; the orders are remembered in this browser and their links mailed; the shopper goes to the first order.
func (s *Server) placed(c echo.Context, f *checkoutForm, placed checkout.Placement) error {
	sess := s.session(c)
	contents := sess.contents()
	registered := placed.Registered()
	for _, l := range f.priced.Lines {
		if slices.Contains(registered, l.Product.Kind) {
			contents.Remove(l.Key())
		}
	}
	sess.setContents(contents)
	var tokens []string
	for _, o := range placed.Orders {
		tokens = append(tokens, o.Token)
	}
	sess.rememberOrders(tokens...)
	if len(registered) > 0 {
		sess.forgetCheckout()
	}
	emailed := s.mailOrderLinks(c, f.details.Buyer, placed.Orders)
	first := placed.Orders[0]
	for _, o := range placed.Orders {
		if o.State != checkout.StateRegisterFailed {
			first = o
			break
		}
	}
	codeStep := ""
	for _, o := range placed.Orders {
		if o.State == checkout.StateAwaitingCode && s.deps.Account != nil {
			first, codeStep = o, s.sendOrderCode(c, o) // the code's form is on this order's page
			break
		}
	}
	switch {
	case len(registered) == 0:
		sess.flash("error", "سفارش ثبت نشد؛ جزئیات در همین صفحه آمده است.")
	default:
		msg := "سفارش شما ثبت شد."
		if len(placed.Orders) > 1 {
			msg = "سبد شما در " + strconv.Itoa(len(placed.Orders)) + " سفارش جداگانه ثبت شد؛ هر کدام را از همین صفحه ببینید."
		}
		if emailed {
			msg += " پیوند سفارش به " + f.details.Buyer.Email + " هم فرستاده می‌شود."
		}
		if codeStep != "" {
			msg = "سفارش شما ذخیره شد." + codeStep
		}
		sess.flash("ok", msg)
	}
	return s.redirect(c, "/orders/"+first.Token)
}

func quoteView(q checkout.ShippingQuote) *templates.QuoteView {
	v := &templates.QuoteView{Free: q.Free, Fallback: q.Fallback}
	for _, m := range q.SendMethods() {
		row := templates.QuoteRow{Send: string(m), SendLabel: m.Label()}
		if o, ok := q.Find(m, checkout.Online); ok {
			row.Online, row.HasOnline = o.Cost, true
		}
		if o, ok := q.Find(m, checkout.CashOnDelivery); ok {
			row.COD, row.HasCOD = o.Cost, true
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// mailOrderLinks says whether the links of the orders Frotel accepted go to the e-mail the shopper gave, so the
// order can be found again from another browser. The e-mail itself is the outbox's "order placed" message,
// queued with the order's move in the same transaction and sent by the outbox's sender, never in this request.
func (s *Server) mailOrderLinks(_ echo.Context, b checkout.Buyer, orders []*checkout.Order) bool {
	if s.deps.Mailer == nil || b.Email == "" {
		return false
	}
	for _, o := range orders {
		if o.State == checkout.StateRegistered || o.State == checkout.StateAwaitingPayment {
			return true
		}
	}
	return false
}
