package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/web/templates"
)

// catalogShow is the home page: the grid of active products.
func (s *Server) catalogShow(c echo.Context) error {
	products, err := s.deps.Catalog.ListProducts(c.Request().Context())
	if err != nil {
		return fmt.Errorf("web: catalog: %w", err)
	}
	v := templates.CatalogPage{Page: s.page(c, "محصولات"), Categories: categoryOptions()}
	for _, p := range products {
		v.Products = append(v.Products, productCard(p))
	}
	if v.Grid, err = s.grid.grid(c.Request().Context(), v.Page, v.Products, "/"); err != nil {
		return fmt.Errorf("web: catalog: %w", err)
	}
	return render(c, http.StatusOK, templates.CatalogView(v))
}

// categoryShow is /c/:slug: the catalog narrowed to one category, with an empty state when it has no products.
func (s *Server) categoryShow(c echo.Context) error {
	cat, ok := catalog.CategoryBySlug(c.Param("slug"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	products, err := s.deps.Catalog.ListProducts(c.Request().Context())
	if err != nil {
		return fmt.Errorf("web: category: %w", err)
	}
	v := templates.CatalogPage{Page: s.page(c, cat.Name), Categories: categoryOptions(),
		Category: templates.Option{Value: cat.Slug, Label: cat.Name}}
	for _, p := range catalog.InCategory(products, cat.Slug) {
		v.Products = append(v.Products, productCard(p))
	}
	if len(v.Products) > 0 {
		if v.Grid, err = s.grid.grid(c.Request().Context(), v.Page, v.Products, "/c/"+cat.Slug); err != nil {
			return fmt.Errorf("web: category: %w", err)
		}
	}
	return render(c, http.StatusOK, templates.CatalogView(v))
}

func categoryOptions() []templates.Option {
	var out []templates.Option
	for _, c := range catalog.Categories() {
		out = append(out, templates.Option{Value: c.Slug, Label: c.Name})
	}
	return out
}

// productShow is one product's page.
func (s *Server) productShow(c echo.Context) error {
	p, err := catalog.Lookup(c.Request().Context(), s.deps.Catalog, c.Param("code"))
	if errors.Is(err, catalog.ErrProductNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return fmt.Errorf("web: product page: %w", err)
	}
	v := templates.ProductPage{Page: s.page(c, p.Name), Product: productCard(p)}
	if p.Kind == catalog.Virtual && p.Files != "" {
		v.Files = strings.Split(p.Files, "\n")
	}
	if cat, ok := catalog.CategoryBySlug(p.Category); ok {
		v.Category = templates.Option{Value: cat.Slug, Label: cat.Name}
	}
	all, err := s.deps.Catalog.ListProducts(c.Request().Context())
	if err != nil {
		return fmt.Errorf("web: product page: %w", err)
	}
	for _, r := range catalog.Related(all, p, 4) {
		v.Related = append(v.Related, productCard(r))
	}
	for _, it := range s.session(c).contents().Items {
		if it.Code == p.Code {
			v.InCart = it.Count
		}
	}
	return render(c, http.StatusOK, templates.ProductView(v))
}

// productCard shows a product at the price the shopper will pay for one: discounted, tax included, the basket's
// own arithmetic (cart.Line), so the catalog, the product page, the basket and the bill never disagree.
func productCard(p catalog.Product) templates.ProductCard {
	one := cart.Line{Product: p, Count: 1}
	return templates.ProductCard{
		Code: p.Code, Name: p.Name, Description: p.Description, Kind: string(p.Kind), KindLabel: p.Kind.Label(),
		Image: p.Image, Price: one.ListPrice(), FinalPrice: one.Total(), DiscountPercent: p.DiscountPercent,
		TaxPercent: p.TaxPercent, Weight: p.Weight, FreeShipping: p.FreeShipping,
	}
}
