package dashboard

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// adminProductList is every product, hidden ones too, in catalog order.
func (d *Dashboard) adminProductList(c echo.Context) error {
	products, err := d.deps.Products.AllProducts(c.Request().Context())
	if err != nil {
		return err
	}
	v := views.AdminProductListPage{AdminPage: d.adminPage(c, "کالاها", "products")}
	for _, p := range products {
		v.Rows = append(v.Rows, views.AdminProductRow{Code: p.Code, Name: p.Name, Kind: string(p.Kind),
			KindLabel: p.Kind.Label(), Price: p.Price, FinalPrice: p.UnitPriceAfterDiscount(), DiscountPercent: p.DiscountPercent,
			Weight: p.Weight, FreeShipping: p.FreeShipping, Active: p.Active, Image: p.Image,
			Stock: stockLabel(p), StockLow: p.SoldOut() || p.LowStock() || variantsLow(p)})
		if !p.Active {
			v.Hidden++
		}
	}
	return httpkit.Render(c, http.StatusOK, views.AdminProductListView(v))
}

// adminProductHide takes a product out of the catalog; adminProductShow puts it back. Orders keep their own
// copy of every item, so neither changes an order.
func (d *Dashboard) adminProductHide(c echo.Context) error { return d.setProductActive(c, false) }
func (d *Dashboard) adminProductShow(c echo.Context) error { return d.setProductActive(c, true) }

func (d *Dashboard) setProductActive(c echo.Context, active bool) error {
	code := c.Param("code")
	if !catalog.ValidCode(code) {
		return echo.ErrNotFound
	}
	err := d.deps.Products.SetProductActive(c.Request().Context(), code, active)
	if errors.Is(err, catalog.ErrProductNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	d.productsChanged()
	done := "product-hidden"
	if active {
		done = "product-shown"
	}
	return httpkit.RedirectSeeOther(c, "/admin/products?done="+done)
}

// productsChanged tells whatever keeps a copy of the catalog that it changed (serve wires the catalog snapshot's
// Invalidate), so the product editor does not need to know about it.
func (d *Dashboard) productsChanged() {
	if f := d.deps.ProductsChanged; f != nil {
		f()
	}
}
