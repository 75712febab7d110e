package iran

import "strings"

// NormalizeDigits replaces Persian (U+06F0-06F9) and Arabic-Indic
// (U+0660-0669) digits with ASCII digits and trims surrounding white space.
// Other characters are kept as they are.
func NormalizeDigits(s string) string {
	s = strings.TrimSpace(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		}
		return r
	}, s)
}

// PersianDigits replaces ASCII digits with Persian digits, for ids and codes
// shown inside Persian text.
func PersianDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '۰' + (r - '0')
		}
		return r
	}, s)
}

// compact normalises digits and drops the separators people type inside
// numbers: spaces (including zero-width and no-break ones), dashes and dots.
func compact(s string) string {
	s = NormalizeDigits(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '_', '.', '\u00a0', '\u200c', '\u200f', '\u200e', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
			return -1
		}
		return r
	}, s)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
