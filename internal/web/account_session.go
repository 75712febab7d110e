package web

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// The signed-in mobile lives in the shopper's session cookie (authenticated and encrypted, 30 days), with the
// time it was proven: instances stay stateless, and a sign-in ends after 30 days however often the cookie is
// rewritten in between. An anonymous visitor still gets no cookie: only a right code writes these keys.
const (
	keyAccountMobile = "acct"
	keyAccountAt     = "acct_at" // unix seconds of the code's confirmation
)

// signIn remembers in this browser that the shopper proved mobile now.
func (v *shopSession) signIn(mobile string, at time.Time) {
	v.set(keyAccountMobile, mobile)
	v.set(keyAccountAt, strconv.FormatInt(at.Unix(), 10))
}

func (v *shopSession) signOut() {
	v.del(keyAccountMobile)
	v.del(keyAccountAt)
}

func (v *shopSession) accountSignIn() (mobile string, at time.Time) {
	mobile, _ = v.raw.Values[keyAccountMobile].(string)
	secs, _ := v.raw.Values[keyAccountAt].(string)
	n, err := strconv.ParseInt(secs, 10, 64)
	if mobile == "" || err != nil {
		return "", time.Time{}
	}
	return mobile, time.Unix(n, 0)
}

// signedInMobile is the mobile this browser proved within the sign-in's lifetime, or "".
func (s *Server) signedInMobile(c echo.Context) string {
	if s.deps.Account == nil {
		return ""
	}
	mobile, at := s.session(c).accountSignIn()
	if mobile == "" || !s.deps.Account.SignedIn(at) {
		return ""
	}
	return mobile
}
