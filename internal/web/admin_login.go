package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/apperr"
	"shop/web/templates"
)

// adminLoginShow is the sign-in form; a browser already signed in goes straight to the dashboard.
func (s *Server) adminLoginShow(c echo.Context) error {
	if _, err := s.deps.Admin.Accounts.Authenticate(c.Request().Context(), adminToken(c)); err == nil {
		return c.Redirect(http.StatusSeeOther, "/admin")
	}
	v := templates.AdminLoginPage{AdminPage: s.adminPage(c, "ورود", ""), Next: safeNext(c.QueryParam("next"))}
	return s.render(c, http.StatusOK, templates.AdminLoginView(v))
}

// adminLoginSubmit checks the e-mail and password. Success opens a new session (a new token: the session id
// is never carried over from before sign-in) and goes to the page asked for; failure shows the form again;
// too many failures answer 429 with the time to try again.
func (s *Server) adminLoginSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	email, password := c.FormValue("email"), c.FormValue("password")
	v := templates.AdminLoginPage{AdminPage: s.adminPage(c, "ورود", ""), Email: email, Next: safeNext(c.FormValue("next"))}
	token, _, err := s.deps.Admin.Accounts.SignIn(ctx, email, password, c.RealIP())
	var limited *admin.LimitedError
	switch {
	case errors.As(err, &limited):
		secs := int(time.Until(limited.RetryAt).Seconds()) + 1
		c.Response().Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
		v.Limited = apperr.MessageOf(err)
		return s.render(c, http.StatusTooManyRequests, templates.AdminLoginView(v))
	case errors.Is(err, admin.ErrBadCredentials):
		v.Error = apperr.MessageOf(err)
		return s.render(c, http.StatusUnauthorized, templates.AdminLoginView(v))
	case err != nil:
		return err
	}
	if old := adminToken(c); old != "" {
		if err := s.deps.Admin.Accounts.SignOut(ctx, old); err != nil {
			return err
		}
	}
	s.setAdminCookie(c, token, s.adminCookieAge())
	return c.Redirect(http.StatusSeeOther, v.Next)
}

// adminLogout ends the session and forgets the cookie.
func (s *Server) adminLogout(c echo.Context) error {
	if err := s.deps.Admin.Accounts.SignOut(c.Request().Context(), adminToken(c)); err != nil {
		return err
	}
	s.setAdminCookie(c, "", -1)
	return c.Redirect(http.StatusSeeOther, adminLoginPath)
}
