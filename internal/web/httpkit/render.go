package httpkit

import (
	"bytes"
	"errors"
	"net/http"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// pageBuffers are reused across requests: a page is rendered whole before it is sent.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render writes a templ component as the response with the given status, compressed whole (SendCompressed).
func Render(c echo.Context, status int, component templ.Component) error {
	return RenderWith(c, component, func(page []byte) error {
		return SendCompressed(c, status, echo.MIMETextHTMLCharsetUTF8, page)
	})
}

// RenderWith renders a component into a pooled buffer and hands the whole page to send. The page is rendered
// into a buffer first and compressed whole: templ flushes the writer it is given after each component, and
// behind a streaming gzip writer every flush ended a compressed block (the profile had half a page's CPU in those
// flushes); a failed render also still gets the error page instead of half a page. Pages are never cached by a
// browser or a proxy (Cache-Control: no-store). page is only valid until send returns.
func RenderWith(c echo.Context, component templ.Component, send func(page []byte) error) error {
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
	c.Response().Header().Set("Cache-Control", "no-store")
	return send(buf.Bytes())
}

// RedirectSeeOther ends a POST with a redirect, so reloading the next page never re-sends the form.
func RedirectSeeOther(c echo.Context, to string) error { return c.Redirect(http.StatusSeeOther, to) }

// FormError is a form that could not be read: too large (413, see the body limit) or malformed (400).
func FormError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return echo.ErrStatusRequestEntityTooLarge.WithInternal(err)
	}
	return echo.ErrBadRequest.WithInternal(err)
}

// RequestID is the request's id as RequestIDs set it, shown on error pages and in log lines.
func RequestID(c echo.Context) string {
	if id := c.Response().Header().Get(echo.HeaderXRequestID); id != "" {
		return id
	}
	return c.Request().Header.Get(echo.HeaderXRequestID)
}
