package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/account"
	"shop/internal/apperr"
	"shop/internal/iran"
	"shop/web/templates"
)

// accountShow is GET /account: the mobile's form; a browser already signed in goes to its orders.
func (s *Server) accountShow(c echo.Context) error {
	if s.signedInMobile(c) != "" {
		return c.Redirect(http.StatusSeeOther, "/account/orders")
	}
	v := templates.AccountPage{Page: s.page(c, "سفارش‌های من")}
	return s.render(c, http.StatusOK, templates.AccountView(v))
}

// accountCodeSend is POST /account: a one-time code to the typed mobile, then the code's form. Past the mobile's
// hourly bound it is the 429 page.
func (s *Server) accountCodeSend(c echo.Context) error {
	v := templates.AccountPage{Page: s.page(c, "سفارش‌های من"), Mobile: c.FormValue("mobile")}
	mobile, problem := parseMobileField(v.Mobile)
	if problem != "" {
		v.Error = problem
		return s.render(c, http.StatusUnprocessableEntity, templates.AccountView(v))
	}
	if err := s.deps.Account.SendCode(c.Request().Context(), mobile); err != nil {
		return err
	}
	v.CodeStep, v.Mobile = true, mobile
	return s.render(c, http.StatusOK, templates.AccountView(v))
}

// accountCodeCheck is POST /account/code: a right code signs this browser in for 30 days and shows the orders.
func (s *Server) accountCodeCheck(c echo.Context) error {
	mobile, problem := parseMobileField(c.FormValue("mobile"))
	if problem != "" {
		v := templates.AccountPage{Page: s.page(c, "سفارش‌های من"), Mobile: c.FormValue("mobile"), Error: problem}
		return s.render(c, http.StatusUnprocessableEntity, templates.AccountView(v))
	}
	v := templates.AccountPage{Page: s.page(c, "سفارش‌های من"), CodeStep: true, Mobile: mobile}
	code, ok := parseCodeField(c.FormValue("code"))
	if !ok {
		v.Error = "کد پنج‌رقمی پیامک‌شده را وارد کنید."
		return s.render(c, http.StatusUnprocessableEntity, templates.AccountView(v))
	}
	check, err := s.deps.Account.CheckCode(c.Request().Context(), mobile, code)
	if err != nil {
		if msg, needNew, known := codeProblem(err, check); known {
			v.Error, v.NeedNewCode = msg, needNew
			return s.render(c, http.StatusUnprocessableEntity, templates.AccountView(v))
		}
		return err
	}
	sess := s.session(c)
	sess.signIn(mobile, s.deps.Account.Now())
	sess.flash("ok", "وارد شدید؛ این مرورگر تا ۳۰ روز شما را می‌شناسد.")
	return s.redirect(c, "/account/orders")
}

// codeProblem is the Persian sentence for a code that was not accepted, and whether a new code is needed; known
// is false for failures of our own (the error page).
func codeProblem(err error, check account.Verification) (msg string, needNew, known bool) {
	switch {
	case errors.Is(err, account.ErrWrongCode):
		return "کد درست نیست؛ " + iran.FormatNumber(int64(check.TriesLeft)) + " بار دیگر می‌توانید امتحان کنید.", false, true
	case errors.Is(err, account.ErrCodeSpent), errors.Is(err, account.ErrNoCode):
		return apperr.MessageOf(err), true, true
	}
	return "", false, false
}

// accountOrders is GET /account/orders: the signed-in mobile's orders, newest first.
func (s *Server) accountOrders(c echo.Context) error {
	mobile := s.signedInMobile(c)
	if mobile == "" {
		return c.Redirect(http.StatusSeeOther, "/account")
	}
	orders, err := s.deps.Account.Orders(c.Request().Context(), mobile)
	if err != nil {
		return err
	}
	v := templates.AccountOrdersPage{Page: s.page(c, "سفارش‌های من"), Mobile: mobile}
	for _, o := range orders {
		v.Orders = append(v.Orders, templates.AccountOrder{Token: o.Token, Title: itemsTitle(o), FactorID: o.FactorID,
			Reference: o.Reference(), Created: when(o.CreatedAt), Total: orderAmount(o), StateLabel: o.State.Label(),
			StateClass: stateClass(o.State)})
	}
	return s.render(c, http.StatusOK, templates.AccountOrdersView(v))
}

// accountLogout is POST /account/logout: this browser forgets the mobile.
func (s *Server) accountLogout(c echo.Context) error {
	sess := s.session(c)
	sess.signOut()
	sess.flash("ok", "از سفارش‌های من خارج شدید.")
	return s.redirect(c, "/account")
}
