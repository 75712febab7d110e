package iran

import (
	"strings"
)

// FormatNumber writes n with Persian digits and the Arabic thousands
// separator ٬, e.g. 1250000 -> "۱٬۲۵۰٬۰۰۰"; a negative number starts with a
// left-to-right mark and U+2212 so the sign stays on the left in RTL text.
// It prints exactly what x/text's "fa" printer printed (a fuzz test checks),
// by hand: every price on a page goes through here, and the printer cost a
// tenth of a catalog page's time.
func FormatNumber(n int64) string {
	const (
		lrm      = "\u200e"
		minus    = "−"
		sep      = "٬"
		digitLen = len("۰") // every Persian digit, like the separator, is two bytes in UTF-8
	)
	var buf [len(lrm) + len(minus) + 19*digitLen + 6*len(sep)]byte
	i := len(buf)
	// Work on the magnitude as uint64 so the most negative int64 has one too.
	u := uint64(n)
	if n < 0 {
		u = -u
	}
	for count := 0; ; count++ {
		if count > 0 && count%3 == 0 {
			i -= len(sep)
			copy(buf[i:], sep)
		}
		d := u % 10
		i -= digitLen
		buf[i], buf[i+1] = 0xDB, byte(0xB0+d) // U+06F0 + d
		u /= 10
		if u == 0 {
			break
		}
	}
	if n < 0 {
		i -= len(lrm) + len(minus)
		copy(buf[i:], lrm+minus)
	}
	return string(buf[i:])
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
