package web

import (
	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/checkout"
)

// orderConfirm is POST /orders/:token/confirm: the one-time code that proves a cash-on-delivery order's mobile.
// A right code sends the order to Frotel and signs this browser in for that mobile; a wrong one is a message on
// the order page with the tries left.
func (s *Server) orderConfirm(c echo.Context) error {
	token := c.Param("token")
	ctx := c.Request().Context()
	o, err := s.deps.Checkout.Order(ctx, token)
	if err != nil {
		return err
	}
	if o.State != checkout.StateAwaitingCode {
		return s.afterOrderAction(c, token, checkout.ErrNotAwaitingCode, "")
	}
	sess := s.session(c)
	code, ok := parseCodeField(c.FormValue("code"))
	if !ok {
		sess.flash("error", "کد پنج‌رقمی پیامک‌شده را وارد کنید.")
		return s.redirect(c, "/orders/"+token)
	}
	check, err := s.deps.Account.CheckCode(ctx, o.Buyer.Mobile, code)
	if err != nil {
		msg, _, known := codeProblem(err, check)
		if !known {
			return err
		}
		sess.flash("error", msg)
		return s.redirect(c, "/orders/"+token)
	}
	sess.signIn(o.Buyer.Mobile, s.deps.Account.Now())
	_, err = s.deps.Checkout.ReleaseConfirmed(ctx, token)
	return s.afterOrderAction(c, token, err, "موبایل شما تأیید شد و سفارش برای ارسال ثبت شد.")
}

// orderCodeResend is POST /orders/:token/code: a new code for an order still waiting for one.
func (s *Server) orderCodeResend(c echo.Context) error {
	token := c.Param("token")
	ctx := c.Request().Context()
	o, err := s.deps.Checkout.Order(ctx, token)
	if err != nil {
		return err
	}
	if o.State != checkout.StateAwaitingCode {
		return s.afterOrderAction(c, token, checkout.ErrNotAwaitingCode, "")
	}
	err = s.deps.Account.SendCode(ctx, o.Buyer.Mobile)
	return s.afterOrderAction(c, token, err, "کد تازه به موبایل شما پیامک شد.")
}

// sendOrderCode sends the code a just-placed order waiting for its mobile needs, and says what to do next; a
// refusal (the mobile's hourly bound, the SMS service down) is said on the order page, where "send a new code"
// stays.
func (s *Server) sendOrderCode(c echo.Context, o *checkout.Order) string {
	err := s.deps.Account.SendCode(c.Request().Context(), o.Buyer.Mobile)
	if err != nil {
		s.log.WarnContext(c.Request().Context(), "web: order code not sent", "order", o.Token, "err", err)
		return " کد تأیید فرستاده نشد: " + apperr.MessageOf(err) + " با «فرستادن کد تازه» دوباره بخواهید."
	}
	return " برای ثبت نهایی، کد پیامک‌شده به موبایلتان را وارد کنید."
}
