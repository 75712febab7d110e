package dashboard

import (
	"github.com/labstack/echo/v4"

	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// RendersError says whether the dashboard shows this request's error page: a signed-in admin's request under
// /admin. Anyone else (the sign-in page, a visitor without a session) gets the shop's own.
func (d *Dashboard) RendersError(c echo.Context) bool { return currentAdmin(c) != nil }

// RenderError shows an error the shop's one error handler mapped (web/errors.go) in the dashboard's frame.
func (d *Dashboard) RenderError(c echo.Context, status int, heading, message, requestID string) error {
	v := views.AdminErrorPage{AdminPage: d.adminPage(c, heading, ""), Status: status, Heading: heading, Message: message,
		RequestID: requestID}
	return httpkit.Render(c, status, views.AdminErrorView(v))
}
