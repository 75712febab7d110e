package web

import (
	"net/http"
	"os"

	"github.com/labstack/echo/v4"
)

// productImagesPath is where uploaded product pictures are served, outside the dashboard: shoppers see them.
const productImagesPath = "/product-images/"

// productImage serves one uploaded picture. Names are the content's hash, so a year of caching is safe.
func (s *Server) productImage(c echo.Context) error {
	path, ok := s.deps.ProductImages.Path(c.Param("name"))
	if !ok {
		return echo.ErrNotFound
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	// Only sniffed JPEG, PNG and WebP are ever stored; the sandbox keeps a browser from reading one as anything else.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(c.Response(), c.Request(), c.Param("name"), st.ModTime(), f)
	return nil
}
