package web

import (
	"strings"
	"testing"
	"unicode/utf8"

	"shop/internal/iran"
)

// The sign-in form's fields come from anyone: reading them never fails, a mobile is always 09 and nine digits
// (the same one however it was typed), and a code is always five ASCII digits taken from what was typed.
func FuzzAccountForm(f *testing.F) {
	f.Add("09121234567", "12345")
	f.Add("+98 912 123 4567", "۱۲۳۴۵")
	f.Add("۰۰۹۸۹۱۲۱۲۳۴۵۶۷", " ١٢٣٤٥ ")
	f.Add("9121234567", "1 2 3 4 5")
	f.Add("0912-123-4567", "123456")
	f.Add("", "")
	f.Add("+1 555 0100", "12a45")
	f.Fuzz(func(t *testing.T, mobile, code string) {
		m, problem := parseMobileField(mobile)
		switch {
		case problem == "" && (len(m) != 11 || !strings.HasPrefix(m, "09") || strings.Trim(m, "0123456789") != ""):
			t.Fatalf("parseMobileField(%q) = %q", mobile, m)
		case problem != "" && (m != "" || !utf8.ValidString(problem)):
			t.Fatalf("parseMobileField(%q) = %q with problem %q", mobile, m, problem)
		case problem == "":
			if again, p := parseMobileField(m); again != m || p != "" {
				t.Fatalf("the normal form %q reads as %q (%q)", m, again, p)
			}
		}
		c, ok := parseCodeField(code)
		if !ok {
			if c != "" {
				t.Fatalf("parseCodeField(%q) = %q, false", code, c)
			}
			return
		}
		if len(c) != 5 || strings.Trim(c, "0123456789") != "" {
			t.Fatalf("parseCodeField(%q) = %q", code, c)
		}
		if typed := strings.Join(strings.Fields(iran.NormalizeDigits(code)), ""); typed != c {
			t.Fatalf("parseCodeField(%q) = %q, not the digits typed (%q)", code, c, typed)
		}
	})
}
