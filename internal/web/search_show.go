package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/web/templates"
)

// searchShow is /search?q=: the active products whose name, description or code hold every word of the query,
// compared as Persian text (catalog.Fold), with an empty state that leads back to the catalog.
func (s *Server) searchShow(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("q"))
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	title := "جست‌وجو"
	if q != "" {
		title = "جست‌وجوی «" + q + "»"
	}
	l, err := readListing(c)
	if err != nil {
		return err
	}
	v := templates.SearchPage{Page: s.page(c, title), Query: q, Back: "/search?" + url.Values{"q": {q}}.Encode()}
	if q != "" {
		products, _, key, err := s.products(c, "/search")
		if err != nil {
			return fmt.Errorf("web: search: %w", err)
		}
		var found []catalog.Product
		if key != nil { // the shared catalog, numbered: its index is kept
			found = s.search.of(products, key.version).Search(q)
		} else {
			found = catalog.Search(products, q)
		}
		shown, nav, ok := s.show(c.Request().Context(), l, found, "/search", url.Values{"q": {q}})
		if !ok {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		v.Listing, v.Page.PrevURL, v.Page.NextURL = nav, nav.PrevURL, nav.NextURL
		for _, p := range shown {
			v.Products = append(v.Products, productCard(p))
		}
	}
	return s.render(c, http.StatusOK, templates.SearchView(v))
}
