package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/web/templates"
)

// checkoutSubmit handles every button of the checkout form. The form is one form, so whatever was typed is kept:
// action=cities lists a province's cities (for browsers without JavaScript), loyalty and loyalty_join drive the
// loyalty club box, quote shows the shipping table, and place saves and registers the order(s).
func (s *Server) checkoutSubmit(c echo.Context) error {
	priced, err := s.pricedCart(c)
	if err != nil || priced.Empty() {
		return s.backToEmptyCart(c, err)
	}
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest).SetInternal(err)
	}
	kinds := priced.Totals().Kinds
	details, values, problems := parseCheckoutForm(form, kinds, s.deps.Checkout.Cities())
	v := s.checkoutPage(c, priced, values)
	action := form.Get("action")
	v.Loyalty = s.loyaltyAction(c, action, form, details)
	if action == "cities" || action == "loyalty" || action == "loyalty_join" {
		return s.render(c, http.StatusOK, templates.CheckoutView(v))
	}
	physical := slices.Contains(kinds, catalog.Physical)
	// Asking for shipping needs only the destination: the table is shown as soon as the city is right, and only
	// the fields the shopper already filled in are marked, so nobody is scolded for a form they have not reached.
	quoteOnly := action != "place" && physical && problems["province"] == "" && problems["city"] == ""
	if quoteOnly {
		for field := range problems {
			if strings.TrimSpace(form.Get(field)) == "" {
				delete(problems, field)
			}
		}
	}
	if len(problems) > 0 && !quoteOnly {
		v.Errors = problems
		return s.render(c, http.StatusUnprocessableEntity, templates.CheckoutView(v))
	}
	v.Errors = problems
	if physical {
		q, err := s.deps.Checkout.Quote(c.Request().Context(), priced, details.Buyer.CityID)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Unavailable {
				return fmt.Errorf("web: quote: %w", err)
			}
			s.log.Warn("web: shipping quote failed", "err", err, "request_id", requestID(c))
			v.QuoteError = apperr.MessageOf(err) + " لطفاً چند لحظه بعد دوباره تلاش کنید."
			return s.render(c, http.StatusOK, templates.CheckoutView(v))
		}
		v.Quote = quoteView(q)
		fillBills(&v, priced, &q, values)
		if action != "place" {
			return s.render(c, http.StatusOK, templates.CheckoutView(v))
		}
		if _, ok := q.Find(details.Send, details.Payment); !details.OptionChosen || !ok {
			v.Errors[fieldSend] = "یکی از روش‌های ارسال و پرداخت جدول را انتخاب کنید."
			return s.render(c, http.StatusUnprocessableEntity, templates.CheckoutView(v))
		}
	} else if action != "place" {
		return s.render(c, http.StatusOK, templates.CheckoutView(v))
	}

	details.Buyer.IP = clientIP(c)
	sess := s.session(c)
	marketer, _ := checkout.ParseMarketer(sess.marketer())
	placed, err := s.deps.Checkout.Place(c.Request().Context(), checkout.PlaceRequest{
		Cart: priced, Buyer: details.Buyer, Send: details.Send, Payment: details.Payment, Marketer: marketer,
	})
	switch {
	case errors.Is(err, checkout.ErrQuoteFailed):
		v.QuoteError = apperr.MessageOf(err) + " لطفاً دوباره تلاش کنید."
		v.Quote = nil
		fillBills(&v, priced, nil, values)
		return s.render(c, http.StatusOK, templates.CheckoutView(v))
	case errors.Is(err, checkout.ErrEarlierOrderUnsettled):
		// The same goods are still being checked from an earlier try: show that order, never make a second.
		sess := s.session(c)
		sess.flash("error", apperr.MessageOf(err))
		return s.redirect(c, "/orders/"+placed.Orders[0].Token)
	case errors.Is(err, checkout.ErrOptionUnavailable):
		v.Errors[fieldSend] = apperr.MessageOf(err)
		return s.render(c, http.StatusUnprocessableEntity, templates.CheckoutView(v))
	case err != nil && len(placed.Orders) == 0:
		return fmt.Errorf("web: place order: %w", err)
	case err != nil:
		// The orders are saved; only recording an outcome failed. Show what we have rather than an error page.
		s.log.Error("web: place order", "err", err, "request_id", requestID(c))
	}

	// Lines whose order Frotel accepted (or may have accepted) leave the basket; refused ones stay to retry.
	contents := sess.contents()
	registered := placed.Registered()
	for _, l := range priced.Lines {
		if slices.Contains(registered, l.Product.Kind) {
			contents.Remove(l.Product.Code)
		}
	}
	sess.setContents(contents)
	var tokens []string
	for _, o := range placed.Orders {
		tokens = append(tokens, o.Token)
	}
	sess.rememberOrders(tokens...)
	emailed := s.mailOrderLinks(c, details.Buyer, placed.Orders)
	first := placed.Orders[0]
	for _, o := range placed.Orders {
		if o.State != checkout.StateRegisterFailed {
			first = o
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
			msg += " پیوند سفارش به " + details.Buyer.Email + " هم فرستاده می‌شود."
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

// mailOrderLinks sends the links of the orders Frotel accepted to the e-mail the shopper gave, so the order can be
// found again from another browser. It never holds the shopper up: the mail goes in the background, and a
// failure is only logged.
func (s *Server) mailOrderLinks(c echo.Context, b checkout.Buyer, orders []*checkout.Order) bool {
	if s.deps.Mailer == nil || b.Email == "" {
		return false
	}
	var links []string
	for _, o := range orders {
		if o.State != checkout.StateRegisterFailed {
			links = append(links, "• "+o.Kind.Label()+": "+s.deps.Checkout.OrderURL(o))
		}
	}
	if len(links) == 0 {
		return false
	}
	body := b.FirstName + " عزیز، سلام.\n\nسفارش شما ثبت شد. وضعیت، پرداخت و پیگیری آن همیشه در این نشانی است؛ آن را نگه دارید:\n\n" +
		strings.Join(links, "\n") + "\n\nاین پیوند مخصوص شماست؛ آن را به دیگران ندهید."
	ctx := context.WithoutCancel(c.Request().Context())
	id := requestID(c)
	s.mail.Add(1)
	go func() {
		defer s.mail.Done()
		if err := s.deps.Mailer.Send(ctx, b.Email, "پیوند سفارش شما", body); err != nil {
			s.log.Warn("web: order link e-mail not sent", "err", err, "request_id", id)
		}
	}()
	return true
}
