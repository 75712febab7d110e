package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"
)

// csrfField is the form field every template's csrfField component writes.
const csrfField = "_csrf"

const (
	keyCSRF   = "csrf"
	csrfBytes = 32
)

// csrfGuard refuses state-changing requests whose form body does not carry this session's token. The token lives
// in the session (signed and encrypted), so a cookie and a field an attacker plants together prove nothing, and
// it is read from the body only, so it never sits in a URL, a log or a Referer.
func (s *Server) csrfGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			return next(c)
		}
		if csrfExempt(c) {
			return next(c)
		}
		want, _ := s.session(c).raw.Values[keyCSRF].([]byte)
		got, ok := unmaskToken(r.PostFormValue(csrfField))
		if len(want) != csrfBytes || !ok || subtle.ConstantTimeCompare(got, want) != 1 {
			if tooLarge, _ := c.Get(ctxBodyTooLarge).(bool); tooLarge {
				return echo.ErrStatusRequestEntityTooLarge // half a form has no token: say what really happened
			}
			// A missing and a wrong token are the same thing to a person: the form is stale or forged.
			return echo.NewHTTPError(http.StatusForbidden, "csrf")
		}
		return next(c)
	}
}

// csrfToken is the token for this page's forms: the session's secret, created on first use, under a fresh mask
// each time so that the page's bytes never repeat it (a compressed page cannot leak it by its length).
func (s *Server) csrfToken(c echo.Context) string {
	sess := s.session(c)
	tok, _ := sess.raw.Values[keyCSRF].([]byte)
	if len(tok) != csrfBytes {
		tok = make([]byte, csrfBytes)
		_, _ = rand.Read(tok) // crypto/rand.Read never fails (Go 1.24+)
		sess.raw.Values[keyCSRF] = tok
		s.saveSession(c, sess)
	}
	return maskToken(tok)
}

func maskToken(tok []byte) string {
	out := make([]byte, 2*len(tok))
	pad := out[:len(tok)]
	_, _ = rand.Read(pad)
	for i, b := range tok {
		out[len(tok)+i] = b ^ pad[i]
	}
	return base64.RawURLEncoding.EncodeToString(out)
}

func unmaskToken(s string) ([]byte, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) != 2*csrfBytes {
		return nil, false
	}
	tok := make([]byte, csrfBytes)
	for i := range tok {
		tok[i] = raw[i] ^ raw[csrfBytes+i]
	}
	return tok, true
}
