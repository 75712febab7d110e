package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
)

// The admin session is apart from the shopper's: its own cookie, scoped to /admin, SameSite=Strict (no other
// site can make a browser send it), holding only a random token whose hash names a row in admin_sessions.
// Signing out or changing the password deletes the row, so a copied cookie dies with it.
const (
	adminCookie     = "shop_admin"
	adminCookiePath = "/admin"
	ctxAdmin        = "shop.admin"
	adminLoginPath  = "/admin/login"
)

func (d *Dashboard) setAdminCookie(c echo.Context, token string, maxAge int) {
	c.SetCookie(&http.Cookie{
		Name: adminCookie, Value: token, Path: adminCookiePath, MaxAge: maxAge,
		HttpOnly: true, Secure: d.deps.SecureCookies, SameSite: http.SameSiteStrictMode,
	})
}

func adminToken(c echo.Context) string {
	ck, err := c.Cookie(adminCookie)
	if err != nil {
		return ""
	}
	return ck.Value
}

// requireAdmin lets a request through only with a live admin session; anything else under /admin goes to the
// sign-in page, which sends a person back to the page they asked for (GET) once signed in.
func (d *Dashboard) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		a, err := d.deps.Accounts.Authenticate(c.Request().Context(), adminToken(c))
		if errors.Is(err, admin.ErrNoSession) {
			if adminToken(c) != "" {
				d.setAdminCookie(c, "", -1)
			}
			to := adminLoginPath
			if m := c.Request().Method; m == http.MethodGet || m == http.MethodHead {
				to += "?next=" + url.QueryEscape(safeNext(c.Request().URL.RequestURI()))
			}
			// Every method is sent to the sign-in page: a form posted after the session expired lands there too.
			return c.Redirect(http.StatusSeeOther, to)
		}
		if err != nil {
			return err
		}
		c.Set(ctxAdmin, a)
		// Admin pages carry customers' addresses: never let a shared cache or the back button keep them.
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

// requireOwner refuses staff: for the settings and accounts pages.
func (d *Dashboard) requireOwner(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a := currentAdmin(c); a == nil || a.Role != admin.Owner {
			return admin.ErrOwnerOnly
		}
		return next(c)
	}
}

func currentAdmin(c echo.Context) *admin.Account {
	a, _ := c.Get(ctxAdmin).(*admin.Account)
	return a
}

// safeNext keeps a return path only when it is a path inside the dashboard, so the sign-in page can never
// send anyone to another site.
func safeNext(p string) string {
	if len(p) < len(adminCookiePath) || p[:len(adminCookiePath)] != adminCookiePath || len(p) > 512 {
		return "/admin"
	}
	if len(p) > len(adminCookiePath) && p[len(adminCookiePath)] != '/' && p[len(adminCookiePath)] != '?' {
		return "/admin"
	}
	for _, r := range p {
		if r == '\\' || r < ' ' {
			return "/admin"
		}
	}
	return p
}

// adminCookieAge is the cookie's lifetime: the server forgets the session after the idle time anyway, but a
// cookie that outlives it by a day keeps "your session expired" from being "you were never signed in".
func (d *Dashboard) adminCookieAge() int {
	return int((d.deps.Accounts.Idle + 24*time.Hour) / time.Second)
}
