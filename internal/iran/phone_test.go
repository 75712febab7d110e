package iran

import (
	"errors"
	"testing"
)

func TestNormalizeMobile(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"plain", "09121234567", "09121234567", nil},
		{"persian digits", "۰۹۱۲۱۲۳۴۵۶۷", "09121234567", nil},
		{"arabic-indic digits", "٠٩١٢١٢٣٤٥٦٧", "09121234567", nil},
		{"plus 98", "+989121234567", "09121234567", nil},
		{"0098", "00989121234567", "09121234567", nil},
		{"98", "989121234567", "09121234567", nil},
		{"98 with zero", "9809121234567", "09121234567", nil},
		{"plus 98 with zero", "+98 0912 123 4567", "09121234567", nil},
		{"without zero", "9121234567", "09121234567", nil},
		{"spaces and dashes", " 0912-123 45 67 ", "09121234567", nil},
		{"too short", "0912123456", "", ErrInvalidMobile},
		{"too long", "091212345678", "", ErrInvalidMobile},
		{"landline", "02112345678", "", ErrInvalidMobile},
		{"letters", "0912abc4567", "", ErrInvalidMobile},
		{"other country", "+4915112345678", "", ErrInvalidMobile},
		{"empty", "", "", ErrInvalidMobile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeMobile(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("NormalizeMobile(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestValidPhone(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"tehran landline", "02112345678", "02112345678", nil},
		{"with dash", "021-12345678", "02112345678", nil},
		{"persian", "۰۳۱۳۲۲۲۳۳۴۴", "03132223344", nil},
		{"international landline", "+98 21 1234 5678", "02112345678", nil},
		{"mobile", "09121234567", "09121234567", nil},
		{"mobile without zero", "9121234567", "09121234567", nil},
		{"no area code", "12345678", "", ErrInvalidPhone},
		{"double zero", "00112345678", "", ErrInvalidPhone},
		{"too long", "021123456789", "", ErrInvalidPhone},
		{"letters", "021abcdefgh", "", ErrInvalidPhone},
		{"empty", "", "", ErrInvalidPhone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ValidPhone(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ValidPhone(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
