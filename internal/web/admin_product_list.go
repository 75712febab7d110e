package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/web/templates"
)

// adminProductList is every product, hidden ones too, in catalog order.
func (s *Server) adminProductList(c echo.Context) error {
	products, err := s.deps.Admin.Products.AllProducts(c.Request().Context())
	if err != nil {
		return err
	}
	v := templates.AdminProductListPage{AdminPage: s.adminPage(c, "کالاها", "products")}
	for _, p := range products {
		v.Rows = append(v.Rows, templates.AdminProductRow{Code: p.Code, Name: p.Name, Kind: string(p.Kind),
			KindLabel: p.Kind.Label(), Price: p.Price, FinalPrice: p.UnitPriceAfterDiscount(), DiscountPercent: p.DiscountPercent,
			Weight: p.Weight, FreeShipping: p.FreeShipping, Active: p.Active, Image: p.Image})
		if !p.Active {
			v.Hidden++
		}
	}
	return s.render(c, http.StatusOK, templates.AdminProductListView(v))
}

// adminProductHide takes a product out of the catalog; adminProductShow puts it back. Orders keep their own
// copy of every item, so neither changes an order.
func (s *Server) adminProductHide(c echo.Context) error { return s.setProductActive(c, false) }
func (s *Server) adminProductShow(c echo.Context) error { return s.setProductActive(c, true) }

func (s *Server) setProductActive(c echo.Context, active bool) error {
	code := c.Param("code")
	if !catalog.ValidCode(code) {
		return echo.ErrNotFound
	}
	err := s.deps.Admin.Products.SetProductActive(c.Request().Context(), code, active)
	if errors.Is(err, catalog.ErrProductNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	s.productsChanged()
	done := "product-hidden"
	if active {
		done = "product-shown"
	}
	return redirectSeeOther(c, "/admin/products?done="+done)
}

// productsChanged tells whatever keeps a copy of the catalog that it changed (serve wires the catalog snapshot's
// Invalidate), so the product editor does not need to know about it.
func (s *Server) productsChanged() {
	if f := s.deps.Admin.ProductsChanged; f != nil {
		f()
	}
}
