package web

import (
	"errors"
	"fmt"
	"net/http"

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
	v := templates.CatalogPage{Page: s.page(c, "محصولات")}
	for _, p := range products {
		v.Products = append(v.Products, productCard(p))
	}
	return render(c, http.StatusOK, templates.CatalogView(v))
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
