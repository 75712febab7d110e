package iran

import (
	"errors"
	"testing"
)

func TestValidNationalCode(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"well-known test code", "0013542419", "0013542419", nil},
		{"check digit from r<2", "1234567891", "1234567891", nil},
		{"persian digits", "۰۰۱۳۵۴۲۴۱۹", "0013542419", nil},
		{"dashes", "001-354241-9", "0013542419", nil},
		{"eight digits padded", "13542419", "0013542419", nil},
		{"nine digits padded", "087654326", "0087654326", nil},
		{"another valid", "0072601302", "0072601302", nil},
		{"wrong check digit", "0013542418", "", ErrNationalCodeCheck},
		{"digits 4-9 zero", "0490000002", "", ErrInvalidNationalCode},
		{"all ones", "1111111111", "", ErrInvalidNationalCode},
		{"all zeros", "0000000000", "", ErrInvalidNationalCode},
		{"seven digits", "1354241", "", ErrInvalidNationalCode},
		{"eleven digits", "00135424190", "", ErrInvalidNationalCode},
		{"letters", "00135424x9", "", ErrInvalidNationalCode},
		{"empty", "", "", ErrInvalidNationalCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ValidNationalCode(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ValidNationalCode(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestValidNationalCodeAllSameDigits(t *testing.T) {
	for d := '0'; d <= '9'; d++ {
		code := string([]rune{d, d, d, d, d, d, d, d, d, d})
		if _, err := ValidNationalCode(code); !errors.Is(err, ErrInvalidNationalCode) {
			t.Errorf("ValidNationalCode(%q) error = %v, want ErrInvalidNationalCode", code, err)
		}
	}
}

func TestValidLegalID(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"valid", "10380284790", "10380284790", nil},
		{"valid persian digits", "۱۰۸۶۱۳۹۴۷۴۴", "10861394744", nil},
		{"valid with remainder", "12345678906", "12345678906", nil},
		{"valid 3", "14001234562", "14001234562", nil},
		{"wrong check digit", "10380284791", "", ErrInvalidLegalID},
		{"digits 4-9 zero", "14100000004", "", ErrInvalidLegalID},
		{"all zero", "00000000000", "", ErrInvalidLegalID},
		{"ten digits", "1038028479", "", ErrInvalidLegalID},
		{"letters", "1038028479a", "", ErrInvalidLegalID},
		{"empty", "", "", ErrInvalidLegalID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ValidLegalID(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ValidLegalID(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestValidNationalOrLegalID(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"national code", "0013542419", "0013542419", nil},
		{"padded national code", "13542419", "0013542419", nil},
		{"legal id", "10380284790", "10380284790", nil},
		{"bad national code", "0013542418", "", ErrInvalidNationalOrLegalID},
		{"bad legal id", "10380284791", "", ErrInvalidNationalOrLegalID},
		{"twelve digits", "103802847901", "", ErrInvalidNationalOrLegalID},
		{"empty", "", "", ErrInvalidNationalOrLegalID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ValidNationalOrLegalID(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ValidNationalOrLegalID(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestValidPostalCode(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"valid", "1439813118", "1439813118", nil},
		{"persian with dash", "۱۴۳۹۸-۱۳۱۱۸", "1439813118", nil},
		{"zero after the first five", "1317700000", "1317700000", nil},
		{"zero in first five", "1039813118", "", ErrInvalidPostalCode},
		{"two in first five", "1429813118", "", ErrInvalidPostalCode},
		{"nine digits", "143981311", "", ErrInvalidPostalCode},
		{"eleven digits", "14398131181", "", ErrInvalidPostalCode},
		{"letters", "14398a3118", "", ErrInvalidPostalCode},
		{"empty", "", "", ErrInvalidPostalCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ValidPostalCode(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ValidPostalCode(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
