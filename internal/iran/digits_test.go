package iran

import "testing"

func TestNormalizeDigits(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ascii", "0912", "0912"},
		{"persian", "۰۱۲۳۴۵۶۷۸۹", "0123456789"},
		{"arabic-indic", "٠١٢٣٤٥٦٧٨٩", "0123456789"},
		{"mixed and trimmed", "  ۱2٣ ", "123"},
		{"letters kept", "کد ۴۲", "کد 42"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeDigits(tt.in); got != tt.want {
				t.Errorf("NormalizeDigits(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPersianDigits(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"digits", "0123456789", "۰۱۲۳۴۵۶۷۸۹"},
		{"factor id", "F-1405", "F-۱۴۰۵"},
		{"already persian", "۱۲", "۱۲"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PersianDigits(tt.in); got != tt.want {
				t.Errorf("PersianDigits(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
