package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/web/templates"
)

// handleError is echo's one error handler: every error becomes a Persian page (never a stack trace), and
// server errors are logged with the request id the page shows.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
	}
	if status >= 500 {
		s.log.Error("web: request failed", "err", err, "request_id", requestID(c), "method", c.Request().Method, "path", c.Request().URL.Path)
	}
	heading, message := errorText(status)
	v := templates.ErrorPage{Status: status, Heading: heading, Message: message}
	v.Page = templates.Page{Title: heading, PriceUnit: s.deps.PriceUnit, Sandbox: s.deps.Sandbox != nil, RequestID: requestID(c)}
	if status < 500 {
		v.RequestID = ""
	}
	if sess := s.sessionIfAny(c); sess != nil {
		v.CartCount = sess.contents().Count()
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	if rerr := render(c, status, templates.ErrorView(v)); rerr != nil {
		s.log.Error("web: render error page", "err", rerr, "request_id", requestID(c))
	}
}

func errorText(status int) (heading, message string) {
	switch status {
	case http.StatusNotFound:
		return "صفحه پیدا نشد", "نشانی‌ای که باز کردید در فروشگاه وجود ندارد یا برداشته شده است."
	case http.StatusForbidden:
		return "درخواست پذیرفته نشد", "این فرم منقضی شده یا از جای دیگری فرستاده شده است. لطفاً صفحه را دوباره باز کنید و دوباره تلاش کنید."
	case http.StatusMethodNotAllowed:
		return "درخواست نادرست", "این نشانی این نوع درخواست را نمی‌پذیرد."
	case http.StatusRequestEntityTooLarge:
		return "درخواست بیش از حد بزرگ است", "اطلاعات فرستاده‌شده بیش از اندازه‌ی مجاز است."
	case http.StatusBadRequest:
		return "درخواست نادرست", "اطلاعات فرستاده‌شده کامل یا درست نیست."
	case http.StatusTooManyRequests:
		return "درخواست‌ها بیش از حد", "چند لحظه صبر کنید و دوباره تلاش کنید."
	case http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout:
		return "سرویس موقتاً در دسترس نیست", "یکی از سرویس‌های بیرونی پاسخ نمی‌دهد. چند دقیقه‌ی دیگر دوباره تلاش کنید."
	}
	if status >= 500 {
		return "خطایی پیش آمد", "مشکلی در فروشگاه رخ داد و ثبت شد. لطفاً کمی بعد دوباره تلاش کنید."
	}
	return "درخواست انجام نشد", "درخواست شما انجام نشد."
}
