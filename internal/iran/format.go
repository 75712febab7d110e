package iran

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// persianPrinter formats numbers the Persian way. The tag must be plain "fa":
// CLDR gives "fa-IR" the latn numbering system, which prints ASCII digits.
var persianPrinter = message.NewPrinter(language.MustParse("fa"))

// FormatNumber writes n with Persian digits and the Arabic thousands
// separator ٬, e.g. 1250000 -> "۱٬۲۵۰٬۰۰۰".
func FormatNumber(n int64) string {
	return persianPrinter.Sprintf("%d", n)
}

// PriceUnit is the unit prices are shown in; amounts are always kept in rials.
type PriceUnit string

// Price units. Shops show toman by default, as Iranian shoppers expect.
const (
	Toman PriceUnit = "toman"
	Rial  PriceUnit = "rial"
)

// ParsePriceUnit reads a configured price unit: "toman" or "rial" in any
// case, or their Persian names. An empty string means the default, Toman.
func ParsePriceUnit(s string) (PriceUnit, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "toman", "تومان":
		return Toman, nil
	case "rial", "ریال":
		return Rial, nil
	}
	return "", ErrInvalidPriceUnit
}

// FormatPrice shows an amount of rials in the chosen unit with Persian digits,
// e.g. 12500000 rials -> "۱٬۲۵۰٬۰۰۰ تومان" or "۱۲٬۵۰۰٬۰۰۰ ریال". Toman is
// rials/10 with integer division; prices are multiples of 10 rials in
// practice. Any unit other than Rial is shown as toman.
func FormatPrice(rials int64, unit PriceUnit) string {
	if unit == Rial {
		return FormatNumber(rials) + " ریال"
	}
	return FormatNumber(rials/10) + " تومان"
}
