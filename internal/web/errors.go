package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// statusClientClosed is nginx's name for a request the client gave up on: nobody reads the answer, and it is
// not the shop's failure.
const statusClientClosed = 499

// statusOf is the one map from an error to an HTTP status: echo's own errors keep theirs, domain errors go by
// their code (apperr.Code says which status each one is).
func statusOf(err error) int {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he.Code
	}
	var tooLarge *http.MaxBytesError // a body cut off by the body limit (middleware.go)
	if errors.As(err, &tooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	switch apperr.CodeOf(err) {
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	case apperr.Timeout:
		return http.StatusGatewayTimeout
	case apperr.RateLimited:
		return http.StatusTooManyRequests
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Canceled:
		return statusClientClosed
	}
	return http.StatusInternalServerError
}

// handleError is echo's one error handler: every error becomes a Persian page (never a stack trace). It does not
// log: the request logger writes one line per request, with the error when the status is a server error.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := statusOf(err)
	if status == statusClientClosed {
		c.Response().WriteHeader(status) // for the request log; nobody is reading
		return
	}
	heading, message := errorText(status)
	// A domain error may say more precisely what happened; server errors keep the generic sentence.
	if m := apperr.MessageOf(err); m != "" && (status < 500 || status == http.StatusServiceUnavailable) {
		message = m
	}
	v := templates.ErrorPage{Status: status, Heading: heading, Message: message}
	v.Page = templates.Page{Title: heading, PriceUnit: s.deps.PriceUnit, Sandbox: s.deps.Sandbox != nil, RequestID: httpkit.RequestID(c)}
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
	if d := s.deps.Dashboard; d != nil && strings.HasPrefix(c.Request().URL.Path, "/admin") && d.RendersError(c) {
		// A signed-in admin stays in the dashboard's frame (a staff member on an owner's page, say).
		if rerr := d.RenderError(c, status, heading, message, v.RequestID); rerr != nil {
			s.log.ErrorContext(c.Request().Context(), "web: render the dashboard's error page", "err", rerr)
		}
		return
	}
	if rerr := s.render(c, status, templates.ErrorView(v)); rerr != nil {
		s.log.ErrorContext(c.Request().Context(), "web: render error page", "err", rerr)
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
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return "درخواست نادرست", "اطلاعات فرستاده‌شده کامل یا درست نیست."
	case http.StatusGatewayTimeout:
		return "پاسخ دیر شد", "کار شما در زمان مجاز تمام نشد. چند لحظه‌ی دیگر دوباره تلاش کنید؛ اگر سفارشی ثبت کرده بودید، پیش از ثبت دوباره آن را در «پیگیری سفارش» ببینید."
	case http.StatusConflict:
		return "این کار اکنون ممکن نیست", "وضعیت این مورد اجازه‌ی این کار را نمی‌دهد. صفحه را دوباره باز کنید."
	case http.StatusTooManyRequests:
		return "درخواست‌ها بیش از حد", "چند لحظه صبر کنید و دوباره تلاش کنید."
	case http.StatusServiceUnavailable, http.StatusBadGateway:
		return "سرویس موقتاً در دسترس نیست", "یکی از سرویس‌های بیرونی پاسخ نمی‌دهد. چند دقیقه‌ی دیگر دوباره تلاش کنید."
	}
	if status >= 500 {
		return "خطایی پیش آمد", "مشکلی در فروشگاه رخ داد و ثبت شد. لطفاً کمی بعد دوباره تلاش کنید."
	}
	return "درخواست انجام نشد", "درخواست شما انجام نشد."
}
