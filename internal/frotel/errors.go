package frotel

import (
	"errors"
	"fmt"
)

// Sentinel errors callers decide on with errors.Is.
var (
	// ErrOutcomeUnknown means a call that creates something upstream (an
	// order or a payment) may have reached Frotel but we never saw the answer.
	// Calling again could duplicate the order, so the caller must reconcile
	// first (Tracking, OrderPay) and only then decide.
	ErrOutcomeUnknown = errors.New("outcome unknown: the request may have reached frotel")

	// ErrUnavailable means every mirror failed and, for calls that create
	// something, none of them received the request.
	ErrUnavailable = errors.New("all frotel mirrors unavailable")

	// ErrBadResponse means a mirror answered something that is not the API's
	// JSON envelope or whose result cannot be read.
	ErrBadResponse = errors.New("malformed response")

	// ErrBadRedirectForm means the pay/continuePay answer is not an HTML
	// page at all (not a string, or empty).
	ErrBadRedirectForm = errors.New("bad bank redirect form")

	// ErrInvalidRequest means the request was rejected before sending.
	ErrInvalidRequest = errors.New("invalid request")

	// ErrUnsupported means a send method or payment way has no code in the
	// API method being called (for example chabok in getPrices).
	ErrUnsupported = errors.New("unsupported by this frotel method")
)

// APIError is a well-formed answer with code != 0: the mirror is healthy and
// has refused the request, so it is never retried on another mirror.
type APIError struct {
	Code    int
	Message string
}

func (e *APIError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("api error (code %d)", e.Code)
	}
	return fmt.Sprintf("api error (code %d): %s", e.Code, e.Message)
}

// ShopperMessage is the Persian sentence shown to the shopper. Frotel's
// messages are already Persian, so they are quoted rather than translated.
func (e *APIError) ShopperMessage() string {
	if e.Message == "" {
		return fmt.Sprintf("سامانهٔ فروتل این درخواست را نپذیرفت (کد %d).", e.Code)
	}
	return fmt.Sprintf("سامانهٔ فروتل این درخواست را نپذیرفت: «%s»", e.Message)
}

// ShopperMessage turns any error from this package into a plain Persian
// sentence for the shopper; details stay in the logs and the admin pages.
func ShopperMessage(err error) string {
	var apiErr *APIError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &apiErr):
		return apiErr.ShopperMessage()
	case errors.Is(err, ErrBadRedirectForm):
		// Checked before ErrOutcomeUnknown, which a bad pay form also wraps:
		// what the shopper can do about it is pick another bank.
		return "ورود به درگاه بانک ممکن نشد؛ لطفاً درگاه دیگری را انتخاب کنید یا کمی بعد دوباره تلاش کنید."
	case errors.Is(err, ErrOutcomeUnknown):
		return "پاسخ سامانهٔ فروتل به دست ما نرسید؛ وضعیت سفارش را بررسی می‌کنیم. لطفاً سفارش را دوباره ثبت نکنید."
	case errors.Is(err, ErrUnavailable):
		return "سامانهٔ فروتل در دسترس نیست؛ لطفاً چند دقیقهٔ دیگر دوباره تلاش کنید."
	case errors.Is(err, ErrInvalidRequest), errors.Is(err, ErrUnsupported):
		return "اطلاعات سفارش کامل یا درست نیست؛ لطفاً آن را بازبینی کنید."
	default:
		return "در ارتباط با سامانهٔ فروتل خطایی رخ داد؛ لطفاً کمی بعد دوباره تلاش کنید."
	}
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidRequest, fmt.Sprintf(format, args...))
}
