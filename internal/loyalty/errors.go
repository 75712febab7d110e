package loyalty

import (
	"errors"
	"fmt"
)

// Sentinel errors, one per status code of the spec, named after it. A response with one of these codes
// yields a *StatusError that wraps the sentinel, so callers write errors.Is(err, loyalty.ErrCustomerWasNotFound).
var (
	ErrCustomerTypeWasNotFound                                       = errors.New("loyalty: customer type was not found")
	ErrCustomerGroupWasNotFound                                      = errors.New("loyalty: customer group was not found")
	ErrCardGroupWasNotFound                                          = errors.New("loyalty: card group was not found")
	ErrCardRepositoryWasNotFound                                     = errors.New("loyalty: card repository was not found")
	ErrNationalCodeWasRegisteredPreviously                           = errors.New("loyalty: national code was registered previously")
	ErrCardRepositoryIsEmpty                                         = errors.New("loyalty: card repository is empty")
	ErrTerminalWasNotFound                                           = errors.New("loyalty: terminal was not found")
	ErrCustomerWasNotFound                                           = errors.New("loyalty: customer was not found")
	ErrCardWasNotFound                                               = errors.New("loyalty: card was not found")
	ErrCardAccountWasNotFound                                        = errors.New("loyalty: card account was not found")
	ErrTransactionWasNotFound                                        = errors.New("loyalty: transaction was not found")
	ErrTransactionInformationWasNotFound                             = errors.New("loyalty: transaction information was not found")
	ErrMaxLoyaltyCardExceededOrganizationCapacity                    = errors.New("loyalty: loyalty cards exceed the organisation's capacity")
	ErrMaxLoyaltyCardExceededAgencyCapacity                          = errors.New("loyalty: loyalty cards exceed the agency's capacity")
	ErrMaxShetabCardMappedExceededOrganizationCapacity               = errors.New("loyalty: mapped bank cards exceed the organisation's capacity")
	ErrMaxShetabCardMappedPerUserExceededOrganizationCapacity        = errors.New("loyalty: mapped bank cards per customer exceed the organisation's capacity")
	ErrMaxShetabCardMappedExceededAgencyCapacity                     = errors.New("loyalty: mapped bank cards exceed the agency's capacity")
	ErrMaxShetabCardMappedPerUserExceededAgencyCapacity              = errors.New("loyalty: mapped bank cards per customer exceed the agency's capacity")
	ErrMaxShetabCardMappedPerUserInRequestCannotExceedSpecifiedValue = errors.New("loyalty: too many bank cards in one request")
)

// Errors that do not come from a status code.
var (
	// ErrUnavailable marks transport failures: the club could not be reached, timed out, or answered
	// something that is not its JSON envelope. Callers show «باشگاه مشتریان فعلاً در دسترس نیست».
	ErrUnavailable = errors.New("loyalty: service unavailable")
	// ErrUnexpectedAnswer marks a well-formed response whose content we cannot interpret.
	ErrUnexpectedAnswer = errors.New("loyalty: unexpected answer")
	// ErrDisabled is returned by the Service when the club is switched off in configuration.
	ErrDisabled = errors.New("loyalty: club is disabled")
)

type statusInfo struct {
	name    string
	err     error
	message string // Persian sentence for people
}

// statuses is the spec's table of negative codes: the one place codes, names, errors and sentences meet.
var statuses = map[int]statusInfo{
	-101:  {"CustomerTypeWasNotFound", ErrCustomerTypeWasNotFound, "نوع مشتری در باشگاه تعریف نشده است."},
	-102:  {"CustomerGroupWasNotFound", ErrCustomerGroupWasNotFound, "گروه مشتری انتخاب‌شده در باشگاه پیدا نشد."},
	-103:  {"CardGroupWasNotFound", ErrCardGroupWasNotFound, "گروه کارت انتخاب‌شده در باشگاه پیدا نشد."},
	-104:  {"CardRepositoryWasNotFound", ErrCardRepositoryWasNotFound, "مخزن کارت‌های باشگاه برای این فروشگاه تعریف نشده است."},
	-105:  {"NationalCodeWasRegisteredPreviously", ErrNationalCodeWasRegisteredPreviously, "این کد ملی پیش‌تر در باشگاه مشتریان ثبت شده است."},
	-106:  {"CardRepositoryIsEmpty", ErrCardRepositoryIsEmpty, "فعلاً کارت باشگاه برای صدور باقی نمانده است؛ لطفاً بعداً دوباره تلاش کنید."},
	-107:  {"TerminalWasNotFound", ErrTerminalWasNotFound, "پایانه در باشگاه پیدا نشد."},
	-108:  {"CustomerWasNotFound", ErrCustomerWasNotFound, "مشتری با این کد ملی در باشگاه پیدا نشد."},
	-109:  {"CardWasNotFound", ErrCardWasNotFound, "این کارت در باشگاه ثبت نشده است."},
	-110:  {"CardAccountWasNotFound", ErrCardAccountWasNotFound, "حساب کارت باشگاه پیدا نشد."},
	-111:  {"TransactionWasNotFound", ErrTransactionWasNotFound, "تراکنشی پیدا نشد."},
	-112:  {"TransactionInformationWasNotFound", ErrTransactionInformationWasNotFound, "اطلاعات تراکنش پیدا نشد."},
	-201:  {"MaxLoyaltyCardExceededOrganizationCapacity", ErrMaxLoyaltyCardExceededOrganizationCapacity, "ظرفیت صدور کارت باشگاه برای سازمان پر شده است."},
	-202:  {"MaxLoyaltyCardExceededAgencyCapacity", ErrMaxLoyaltyCardExceededAgencyCapacity, "ظرفیت صدور کارت باشگاه برای این فروشگاه پر شده است."},
	-203:  {"MaxShetabCardMappedExceededOrganizationCapacity", ErrMaxShetabCardMappedExceededOrganizationCapacity, "ظرفیت ثبت کارت بانکی در باشگاه برای سازمان پر شده است."},
	-204:  {"MaxShetabCardMappedPerUserExceededOrganizationCapacity", ErrMaxShetabCardMappedPerUserExceededOrganizationCapacity, "تعداد کارت‌های بانکی این مشتری از سقف مجاز سازمان بیشتر می‌شود."},
	-205:  {"MaxShetabCardMappedExceededAgencyCapacity", ErrMaxShetabCardMappedExceededAgencyCapacity, "ظرفیت ثبت کارت بانکی در باشگاه برای این فروشگاه پر شده است."},
	-206:  {"MaxShetabCardMappedPerUserExceededAgencyCapacity", ErrMaxShetabCardMappedPerUserExceededAgencyCapacity, "تعداد کارت‌های بانکی این مشتری از سقف مجاز بیشتر می‌شود."},
	-1001: {"MaxShetabCardMappedPerUserInRequestCannotExceedSpecifiedValue", ErrMaxShetabCardMappedPerUserInRequestCannotExceedSpecifiedValue, "تعداد کارت‌های بانکی در یک درخواست از سقف مجاز بیشتر است؛ کارت‌ها را در چند نوبت ثبت کنید."},
}

// StatusError is a negative Status from the club. For the codes of the spec it wraps the matching sentinel.
type StatusError struct {
	Method  string // the API method that answered, e.g. "Balance"
	Status  int
	Message string // the upstream ErrorMessage, verbatim
}

func (e *StatusError) Error() string {
	name := "unclassified"
	if info, ok := statuses[e.Status]; ok {
		name = info.name
	}
	if e.Message != "" {
		return fmt.Sprintf("loyalty: %s: status %d (%s): %s", e.Method, e.Status, name, e.Message)
	}
	return fmt.Sprintf("loyalty: %s: status %d (%s)", e.Method, e.Status, name)
}

// Unwrap returns the sentinel for a known code, nil otherwise.
func (e *StatusError) Unwrap() error {
	if info, ok := statuses[e.Status]; ok {
		return info.err
	}
	return nil
}

// Known reports whether the status is one of the spec's codes.
func (e *StatusError) Known() bool {
	_, ok := statuses[e.Status]
	return ok
}

// statusError turns a negative status into an error; non-negative statuses are not errors.
func statusError(method string, status int, msg string) error {
	if status >= 0 {
		return nil
	}
	return &StatusError{Method: method, Status: status, Message: msg}
}

// Messages for people; kept here so the web layer never words loyalty errors itself.
const (
	MessageUnavailable = "باشگاه مشتریان فعلاً در دسترس نیست."
	messageUnknown     = "باشگاه مشتریان درخواست را نپذیرفت؛ لطفاً بعداً دوباره تلاش کنید."
	messageDisabled    = "باشگاه مشتریان در این فروشگاه فعال نیست."
	messageUnexpected  = "پاسخ باشگاه مشتریان قابل فهم نبود؛ لطفاً بعداً دوباره تلاش کنید."
	messageUnconfirmed = "پاسخ باشگاه مشتریان روشن نبود و عضویت شما هنوز تأیید نشده است؛ چند دقیقه بعد عضویت را با کد ملی بررسی کنید و تا آن زمان دوباره ثبت‌نام نکنید."
)

// Message returns a Persian sentence for people explaining err: a field error names the field, a status
// code gets its sentence, transport failures say the club is unavailable. "" for nil.
func Message(err error) string {
	if err == nil {
		return ""
	}
	var fe FieldErrors
	if errors.As(err, &fe) {
		return fe.Message()
	}
	if errors.Is(err, ErrJoinUnconfirmed) {
		return messageUnconfirmed
	}
	for _, info := range statuses {
		if errors.Is(err, info.err) {
			return info.message
		}
	}
	switch {
	case errors.Is(err, ErrDisabled):
		return messageDisabled
	case errors.Is(err, ErrUnavailable):
		return MessageUnavailable
	case errors.Is(err, ErrUnexpectedAnswer):
		return messageUnexpected
	}
	var se *StatusError
	if errors.As(err, &se) {
		return messageUnknown
	}
	return MessageUnavailable
}
