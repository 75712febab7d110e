package web

import (
	"bytes"
	"errors"
	"net/http"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"shop/web/templates"
)

// pageBuffers are reused across requests: a page is rendered whole before it is sent.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a templ component as the response with the given status. The page is rendered into a buffer
// first and compressed whole: templ flushes the writer it is given after each component, and behind a streaming
// gzip writer every flush ended a compressed block (the profile had half a page's CPU in those flushes); a failed
// render also still gets the error page instead of half a page.
func (s *Server) render(c echo.Context, status int, component templ.Component) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 { // a rare huge page should not stay in the pool
			pageBuffers.Put(buf)
		}
	}()
	if err := component.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	if err := s.commitSession(c); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return sendCompressed(c, status, echo.MIMETextHTMLCharsetUTF8, buf.Bytes())
}

// page fills the parts of the layout every page shares: title, basket count, one-time message. Taking the message
// changes the session, which render then writes.
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
