package iran

import (
	"errors"
	"testing"
	"time"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name string
		in   int64
		want string
	}{
		{"zero", 0, "۰"},
		{"hundreds", 999, "۹۹۹"},
		{"thousand", 1000, "۱٬۰۰۰"},
		{"million and a quarter", 1250000, "۱٬۲۵۰٬۰۰۰"},
		// CLDR's Persian pattern puts a left-to-right mark before the minus
		// sign (U+2212) so the sign stays on the left inside RTL text.
		{"negative", -1250000, "\u200e−۱٬۲۵۰٬۰۰۰"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatNumber(tt.in); got != tt.want {
				t.Errorf("FormatNumber(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParsePriceUnit(t *testing.T) {
	tests := []struct {
		in   string
		want PriceUnit
		err  error
	}{
		{"toman", Toman, nil},
		{" Toman ", Toman, nil},
		{"", Toman, nil},
		{"تومان", Toman, nil},
		{"rial", Rial, nil},
		{"RIAL", Rial, nil},
		{"ریال", Rial, nil},
		{"dollar", "", ErrInvalidPriceUnit},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePriceUnit(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ParsePriceUnit(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestFormatPrice(t *testing.T) {
	tests := []struct {
		name  string
		rials int64
		unit  PriceUnit
		want  string
	}{
		{"toman", 12500000, Toman, "۱٬۲۵۰٬۰۰۰ تومان"},
		{"rial", 12500000, Rial, "۱۲٬۵۰۰٬۰۰۰ ریال"},
		{"zero toman", 0, Toman, "۰ تومان"},
		{"toman truncates", 15, Toman, "۱ تومان"},
		{"unknown unit is toman", 10000, PriceUnit("x"), "۱٬۰۰۰ تومان"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatPrice(tt.rials, tt.unit); got != tt.want {
				t.Errorf("FormatPrice(%d, %q) = %q, want %q", tt.rials, tt.unit, got, tt.want)
			}
		})
	}
}

func TestMessage(t *testing.T) {
	sentinels := []error{ErrInvalidMobile, ErrInvalidPhone, ErrInvalidNationalCode, ErrNationalCodeCheck, ErrInvalidLegalID,
		ErrInvalidNationalOrLegalID, ErrInvalidPostalCode, ErrInvalidCardNumber, ErrInvalidPriceUnit}
	seen := map[string]bool{}
	generic := Message(errors.New("other"))
	for _, err := range sentinels {
		t.Run(err.Error(), func(t *testing.T) {
			m := Message(err)
			if m == "" || m == generic || seen[m] {
				t.Errorf("Message(%v) = %q: want a distinct sentence", err, m)
			}
			seen[m] = true
			if wrapped := Message(errors.Join(errors.New("checkout"), err)); wrapped != m {
				t.Errorf("Message of wrapped %v = %q, want %q", err, wrapped, m)
			}
		})
	}
	if Message(nil) != "" {
		t.Errorf("Message(nil) = %q, want empty", Message(nil))
	}
	if Message(ErrInvalidMobile) != "شماره موبایل معتبر نیست؛ مثال: ۰۹۱۲۱۲۳۴۵۶۷" {
		t.Errorf("mobile message changed: %q", Message(ErrInvalidMobile))
	}
}

func TestTehranHasNoDST(t *testing.T) {
	for _, month := range []time.Month{time.January, time.June} {
		_, offset := time.Date(2026, month, 1, 12, 0, 0, 0, Tehran).Zone()
		if offset != 3*3600+30*60 {
			t.Errorf("Tehran offset in %v 2026 = %ds, want +03:30", month, offset)
		}
	}
}
