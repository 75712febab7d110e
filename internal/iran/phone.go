package iran

import "strings"

// NormalizeMobile returns an Iranian mobile number as "09XXXXXXXXX". It
// accepts Persian or Arabic-Indic digits, spaces and dashes, and the +98,
// 0098 and 98 country prefixes as well as the bare ten digits "9XXXXXXXXX".
func NormalizeMobile(s string) (string, error) {
	n, ok := nationalNumber(s)
	if !ok || len(n) != 11 || !strings.HasPrefix(n, "09") {
		return "", ErrInvalidMobile
	}
	return n, nil
}

// ValidPhone accepts a landline with its area code ("0" followed by ten
// digits, e.g. 02112345678) or a mobile number, with the same prefixes and
// separators NormalizeMobile accepts, and returns the eleven digits.
func ValidPhone(s string) (string, error) {
	n, ok := nationalNumber(s)
	if !ok || len(n) != 11 || n[0] != '0' || n[1] == '0' {
		return "", ErrInvalidPhone
	}
	return n, nil
}

var parentheses = strings.NewReplacer("(", "", ")", "")

// nationalNumber turns an Iranian number written in any common way into its
// domestic form starting with a single 0. Mobiles without a leading zero
// ("912...") are recognised by their length.
func nationalNumber(s string) (string, bool) {
	s = compact(s)
	s = parentheses.Replace(s)
	switch {
	case strings.HasPrefix(s, "+98"):
		s = s[3:]
	case strings.HasPrefix(s, "0098"):
		s = s[4:]
	case strings.HasPrefix(s, "98") && (len(s) == 12 || len(s) == 13 && s[2] == '0'):
		s = s[2:]
	case strings.HasPrefix(s, "+"):
		return "", false
	}
	if !allDigits(s) {
		return "", false
	}
	if s[0] != '0' {
		s = "0" + s
	}
	return s, true
}
