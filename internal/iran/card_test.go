package iran

import (
	"errors"
	"strings"
	"testing"
)

func TestValidCardNumber(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"melli", "6037991234561235", "6037991234561235", nil},
		{"spaces", "6104 3300 0000 0003", "6104330000000003", nil},
		{"dashes persian", "۶۲۷۴-۱۲۹۹-۹۹۹۹-۹۹۹۱", "6274129999999991", nil},
		{"luhn fails", "6037991234561234", "", ErrInvalidCardNumber},
		{"fifteen digits", "603799123456123", "", ErrInvalidCardNumber},
		{"seventeen digits", "60379912345612350", "", ErrInvalidCardNumber},
		{"letters", "60379912345612a5", "", ErrInvalidCardNumber},
		{"empty", "", "", ErrInvalidCardNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ValidCardNumber(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ValidCardNumber(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestLuhn(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"79927398713", true},
		{"79927398710", false},
		{"5022291111222236", true},
		{"6219865555444439", true},
		{"6219865555444438", false},
		{"0", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := luhn(tt.in); got != tt.want {
				t.Errorf("luhn(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestMaskCard(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"sixteen", "6037991234561234", "603799******1234"},
		{"spaced persian", "۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۱۲۳۴", "603799******1234"},
		{"nineteen", "6037991234561234567", "603799*********4567"},
		{"short digits", "123456789", "*********"},
		{"thirteen digits", "6037991234561", "*************"},
		{"tiny", "12", "****"},
		{"empty", "", "****"},
		{"not a card", "hello world card number 1234", "*******************"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MaskCard(tt.in); got != tt.want {
				t.Errorf("MaskCard(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCardBankName(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"melli", "6037991234561235", "بانک ملی ایران"},
		{"mellat", "6104330000000003", "بانک ملت"},
		{"mellat new", "991975", "بانک ملت"},
		{"saderat", "603769", "بانک صادرات ایران"},
		{"tejarat", "5859831234567890", "بانک تجارت"},
		{"pasargad spaced", "5022 2911 1122 2236", "بانک پاسارگاد"},
		{"saman persian", "۶۲۱۹۸۶۵۵۵۵۴۴۴۴۳۹", "بانک سامان"},
		{"unknown", "4111111111111111", ""},
		{"short", "60379", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CardBankName(tt.in); got != tt.want {
				t.Errorf("CardBankName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for bin, name := range cardBanks {
		if len(bin) != 6 || !allDigits(bin) || !strings.HasPrefix(name, "بانک") && !strings.HasPrefix(name, "پست بانک") && !strings.HasPrefix(name, "مؤسسه") {
			t.Errorf("bad BIN entry %q: %q", bin, name)
		}
	}
}
