package dashboard

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/web/httpkit"
)

// csrfField is the form field the dashboard's forms carry their token in (the layout's csrfField component).
const csrfField = "_csrf"

// The dashboard's forms carry a token bound to the admin session, not the shopper's: HMAC-SHA256 under the
// dashboard's key of the admin cookie's token. It needs no storage (the session row already is the secret), it
// dies with the session (signing out, a new password, the idle time), and one account's token is worth nothing
// in another's session. Pages write it under a fresh mask each time (httpkit.MaskToken). This is defence in depth
// behind the SameSite=Strict cookie and the shop's cross-origin check.
func (d *Dashboard) csrfSecret(sessionToken string) []byte {
	m := hmac.New(sha256.New, d.deps.CSRFKey)
	m.Write([]byte("shop dashboard csrf\x00"))
	m.Write([]byte(sessionToken))
	return m.Sum(nil)
}

// formToken is the masked token for this page's forms; "" without a signed-in account (the sign-in page).
func (d *Dashboard) formToken(c echo.Context) string {
	if currentAdmin(c) == nil {
		return ""
	}
	return httpkit.MaskToken(d.csrfSecret(adminToken(c)))
}

// multipartMemory is what a multipart form may keep in memory before its files spill to temporary files (which
// net/http removes after the request): a few photos of a seller's upload need not sit in memory whole.
const multipartMemory = 4 << 20

// csrfGuard refuses every state-changing request of the /admin group whose form body does not carry this admin
// session's token. It runs after requireAdmin, so there always is a session to check against. The token is read
// from the body only, never the URL.
func (d *Dashboard) csrfGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			return next(c)
		}
		var err error
		if strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
			err = r.ParseMultipartForm(multipartMemory)
		} else {
			err = r.ParseForm()
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.ErrStatusRequestEntityTooLarge.WithInternal(err) // half a form has no token: say what happened
		}
		got, ok := httpkit.UnmaskToken(r.PostFormValue(csrfField))
		if !ok || subtle.ConstantTimeCompare(got, d.csrfSecret(adminToken(c))) != 1 {
			// A missing and a wrong token are the same thing to a person: the form is stale or forged.
			return echo.NewHTTPError(http.StatusForbidden, "csrf")
		}
		return next(c)
	}
}
