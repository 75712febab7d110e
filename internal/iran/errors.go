package iran

import (
	"errors"
	"fmt"
)

// Sentinel errors returned by the validators; callers compare with errors.Is.
var (
	ErrInvalidMobile       = errors.New("iran: invalid mobile number")
	ErrInvalidPhone        = errors.New("iran: invalid phone number")
	ErrInvalidNationalCode = errors.New("iran: invalid national code")
	// ErrNationalCodeCheck is a national code of the right length whose check digit (or pattern) is wrong: a
	// typo, not a misunderstanding of the format. It is also ErrInvalidNationalCode.
	ErrNationalCodeCheck        = fmt.Errorf("%w: wrong check digit", ErrInvalidNationalCode)
	ErrInvalidLegalID           = errors.New("iran: invalid legal-entity national id")
	ErrInvalidNationalOrLegalID = errors.New("iran: invalid national code or legal-entity national id")
	ErrInvalidPostalCode        = errors.New("iran: invalid postal code")
	ErrInvalidCardNumber        = errors.New("iran: invalid bank card number")
	ErrInvalidPriceUnit         = errors.New("iran: invalid price unit")
)

// Message returns a Persian sentence for shoppers explaining err. It returns ""
// for a nil error and a generic sentence for errors this package does not own.
func Message(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrInvalidMobile):
		return "شماره موبایل معتبر نیست؛ مثال: ۰۹۱۲۱۲۳۴۵۶۷"
	case errors.Is(err, ErrInvalidPhone):
		return "شماره تلفن معتبر نیست؛ آن را با کد شهر وارد کنید، مثال: ۰۲۱۱۲۳۴۵۶۷۸"
	case errors.Is(err, ErrNationalCodeCheck):
		return "این کد ملی درست نیست؛ رقم‌ها را با کارت ملی مقایسه کنید، شاید یکی جابه‌جا یا اشتباه نوشته شده است."
	case errors.Is(err, ErrInvalidNationalCode):
		return "کد ملی معتبر نیست؛ کد ملی ۱۰ رقم است، مثال: ۰۰۱۳۵۴۲۴۱۹"
	case errors.Is(err, ErrInvalidLegalID):
		return "شناسه ملی معتبر نیست؛ شناسه ملی اشخاص حقوقی ۱۱ رقم است."
	case errors.Is(err, ErrInvalidNationalOrLegalID):
		return "کد ملی (۱۰ رقم) یا شناسه ملی (۱۱ رقم) معتبر نیست."
	case errors.Is(err, ErrInvalidPostalCode):
		return "کد پستی معتبر نیست؛ کد پستی ۱۰ رقم و بدون خط تیره است."
	case errors.Is(err, ErrInvalidCardNumber):
		return "شماره کارت معتبر نیست؛ ۱۶ رقم روی کارت را وارد کنید."
	case errors.Is(err, ErrInvalidPriceUnit):
		return "واحد قیمت باید تومان یا ریال باشد."
	default:
		return "مقدار واردشده معتبر نیست."
	}
}
