package httpkit

import (
	"net/url"
	"unicode"
	"unicode/utf8"
)

// HTTPURL keeps an upstream URL only if it is plain http(s); anything else is dropped rather than linked.
func HTTPURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// PlainURLText reports whether s is valid UTF-8 without control characters (a tab, a DEL, C1 controls): only
// such text may go into a Location header, which otherwise breaks or smuggles a header line.
func PlainURLText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
