package web

import (
	"strings"

	"shop/internal/account"
	"shop/internal/iran"
)

// parseMobileField reads the `mobile` field of the sign-in form: Persian or Arabic digits, spaces, dashes and
// the +98/0098/98 prefixes are accepted, the result is 09XXXXXXXXX. problem is the Persian sentence for a field
// that is not a mobile.
func parseMobileField(raw string) (mobile, problem string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", "شماره‌ی موبایل را وارد کنید."
	}
	if len(raw) > 40 {
		return "", "شماره‌ی موبایل درست نیست؛ مانند ۰۹۱۲۱۲۳۴۵۶۷ بنویسید."
	}
	m, err := iran.NormalizeMobile(raw)
	if err != nil {
		return "", "شماره‌ی موبایل درست نیست؛ مانند ۰۹۱۲۱۲۳۴۵۶۷ بنویسید."
	}
	return m, ""
}

// parseCodeField reads the `code` field: exactly five digits (Persian, Arabic or Latin), spaces around or
// between them ignored. ok is false for anything else, which spends no try.
func parseCodeField(raw string) (code string, ok bool) {
	if len(raw) > 40 {
		return "", false
	}
	s := strings.Join(strings.Fields(iran.NormalizeDigits(raw)), "")
	if len(s) != account.CodeDigits {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	return s, true
}
