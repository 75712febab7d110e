package web

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// render writes a templ component as the response with the given status, rendered whole and compressed
// (httpkit.RenderWith); the session, if the page changed it, is written before the first byte.
func (s *Server) render(c echo.Context, status int, component templ.Component) error {
	return httpkit.RenderWith(c, component, func(page []byte) error {
		if err := s.commitSession(c); err != nil {
			return err
		}
		return httpkit.SendCompressed(c, status, echo.MIMETextHTMLCharsetUTF8, page)
	})
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
		RequestID: httpkit.RequestID(c),
		Account:   s.deps.Account != nil && s.deps.Checkout != nil,
	}
	if s.deps.Settings != nil {
		sh := s.deps.Settings.Current()
		p.ShopTitle, p.ShopContact = sh.Name, sh.Contact
	}
	return p
}
