package httpkit

import "net/url"

// HTTPURL keeps an upstream URL only if it is plain http(s); anything else is dropped rather than linked.
func HTTPURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
