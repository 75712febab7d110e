package dashboard

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/apperr"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// adminLoginShow is the sign-in form; a browser already signed in goes straight to the dashboard.
func (d *Dashboard) adminLoginShow(c echo.Context) error {
	if _, err := d.deps.Accounts.Authenticate(c.Request().Context(), adminToken(c)); err == nil {
		return c.Redirect(http.StatusSeeOther, "/admin")
	}
	v := views.AdminLoginPage{AdminPage: d.adminPage(c, "ورود", ""), Next: safeNext(c.QueryParam("next"))}
	return httpkit.Render(c, http.StatusOK, views.AdminLoginView(v))
}

// adminLoginSubmit checks the e-mail and password. Success opens a new session (a new token: the session id
// is never carried over from before sign-in) and goes to the page asked for; failure shows the form again;
// too many failures answer 429 with the time to try again.
func (d *Dashboard) adminLoginSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	email, password := c.FormValue("email"), c.FormValue("password")
	v := views.AdminLoginPage{AdminPage: d.adminPage(c, "ورود", ""), Email: email, Next: safeNext(c.FormValue("next"))}
	token, _, err := d.deps.Accounts.SignIn(ctx, email, password, c.RealIP())
	var limited *admin.LimitedError
	switch {
	case errors.As(err, &limited):
		secs := int(limited.RetryAt.Sub(d.now()).Seconds()) + 1
		c.Response().Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
		v.Limited = apperr.MessageOf(err)
		return httpkit.Render(c, http.StatusTooManyRequests, views.AdminLoginView(v))
	case errors.Is(err, admin.ErrBadCredentials):
		v.Error = apperr.MessageOf(err)
		return httpkit.Render(c, http.StatusUnauthorized, views.AdminLoginView(v))
	case err != nil:
		return err
	}
	if old := adminToken(c); old != "" {
		if err := d.deps.Accounts.SignOut(ctx, old); err != nil {
			return err
		}
	}
	d.setAdminCookie(c, token, d.adminCookieAge())
	return c.Redirect(http.StatusSeeOther, v.Next)
}

// adminLogout ends the session and forgets the cookie.
func (d *Dashboard) adminLogout(c echo.Context) error {
	if err := d.deps.Accounts.SignOut(c.Request().Context(), adminToken(c)); err != nil {
		return err
	}
	d.setAdminCookie(c, "", -1)
	return c.Redirect(http.StatusSeeOther, adminLoginPath)
}
