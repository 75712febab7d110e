package web

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// render writes a templ component as the response with the given status, rendered whole and compressed
// (httpkit.RenderWith); a page whose forms carry the shopper's token goes through the page cache.
func (s *Server) render(c echo.Context, status int, component templ.Component) error {
	return httpkit.RenderWith(c, component, func(page []byte) error {
		if token, ok := c.Get(ctxPageToken).(string); ok {
			return s.pages.send(c, status, page, token, mayKeep(c))
		}
		return httpkit.SendCompressed(c, status, echo.MIMETextHTMLCharsetUTF8, page)
	})
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
		RequestID: httpkit.RequestID(c),
	}
	if s.deps.Settings != nil {
		sh := s.deps.Settings.Current()
		p.ShopTitle, p.ShopContact = sh.Name, sh.Contact
	}
	p.CSRF = s.formToken(c)
	if p.Flash.Message != "" {
		s.saveSession(c, sess)
	}
	return p
}
