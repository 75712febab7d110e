package web

import (
	"errors"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"shop/web/templates"
)

// render writes a templ component as the response with the given status.
func render(c echo.Context, status int, component templ.Component) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().WriteHeader(status)
	return component.Render(c.Request().Context(), c.Response())
}

// page fills the parts of the layout every page shares: title, CSRF token, basket count, one-time message.
func (s *Server) page(c echo.Context, title string) templates.Page {
	sess := s.session(c)
	p := templates.Page{
		Title:     title,
		CartCount: sess.contents().Count(),
		PriceUnit: s.deps.PriceUnit,
		Flash:     sess.takeFlash(),
		Sandbox:   s.deps.Sandbox != nil,
		RequestID: requestID(c),
	}
	if s.deps.Settings != nil {
		sh := s.deps.Settings.Current()
		p.ShopTitle, p.ShopContact = sh.Name, sh.Contact
	}
	if tok, ok := c.Get("csrf").(string); ok {
		p.CSRF = tok
	}
	if p.Flash.Message != "" {
		s.saveSession(c, sess)
	}
	return p
}

// redirectSeeOther ends a POST with a redirect, so reloading the next page never re-sends the form.
func redirectSeeOther(c echo.Context, to string) error { return c.Redirect(http.StatusSeeOther, to) }

// formError is a form that could not be read: too large (413, see bodyLimit) or malformed (400).
func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return echo.ErrStatusRequestEntityTooLarge.WithInternal(err)
	}
	return echo.ErrBadRequest.WithInternal(err)
}
