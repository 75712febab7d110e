package iran

import (
	"errors"
	"strings"
	"testing"
)

func FuzzNormalizeMobile(f *testing.F) {
	for _, s := range []string{"09121234567", "+989121234567", "۰۹۱۲۱۲۳۴۵۶۷", "9121234567", "0098 912-123-4567", "", "+", "98"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeMobile(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidMobile) || got != "" {
				t.Fatalf("NormalizeMobile(%q) = %q, %v", s, got, err)
			}
			return
		}
		if len(got) != 11 || !strings.HasPrefix(got, "09") || !allDigits(got) {
			t.Fatalf("NormalizeMobile(%q) = %q: not 09XXXXXXXXX", s, got)
		}
		if again, err := NormalizeMobile(got); err != nil || again != got {
			t.Fatalf("NormalizeMobile not idempotent on %q: %q, %v", got, again, err)
		}
	})
}

func FuzzValidNationalCode(f *testing.F) {
	for _, s := range []string{"0013542419", "13542419", "۰۰۱۳۵۴۲۴۱۹", "1111111111", "0490000002", "", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ValidNationalCode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidNationalCode) || got != "" {
				t.Fatalf("ValidNationalCode(%q) = %q, %v", s, got, err)
			}
			return
		}
		if len(got) != 10 || !allDigits(got) || got[3:9] == "000000" || strings.Count(got, got[:1]) == 10 {
			t.Fatalf("ValidNationalCode(%q) = %q: not a valid shape", s, got)
		}
		if again, err := ValidNationalCode(got); err != nil || again != got {
			t.Fatalf("ValidNationalCode not idempotent on %q: %q, %v", got, again, err)
		}
	})
}

func FuzzValidCardNumber(f *testing.F) {
	for _, s := range []string{"6037991234561235", "6037 9912 3456 1235", "۶۰۳۷۹۹۱۲۳۴۵۶۱۲۳۵", "6037991234561234", "", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		masked := MaskCard(s)
		shown := strings.ReplaceAll(masked, "*", "")
		if len(shown) > 10 || shown != "" && strings.Count(masked, "*") < 6 {
			t.Fatalf("MaskCard(%q) = %q: too little masked", s, masked)
		}
		_ = CardBankName(s)
		got, err := ValidCardNumber(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidCardNumber) || got != "" {
				t.Fatalf("ValidCardNumber(%q) = %q, %v", s, got, err)
			}
			return
		}
		if len(got) != 16 || !allDigits(got) || !luhn(got) {
			t.Fatalf("ValidCardNumber(%q) = %q: not 16 Luhn digits", s, got)
		}
		if m := MaskCard(got); m != got[:6]+"******"+got[12:] {
			t.Fatalf("MaskCard(%q) = %q", got, m)
		}
	})
}
