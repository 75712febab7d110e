package dashboard

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	"shop/web/templates"
	views "shop/web/templates/admin"
)

// adminProductList is the products, hidden ones too, in catalog order, a page at a time (?page=N), narrowed by
// a search over name and code (?q=) and a category (?category=SLUG, its children included). Links only: it works
// without a script, and a page of 50 stays small whatever the catalog's size.
func (d *Dashboard) adminProductList(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	f := catalog.ProductFilter{Query: strings.TrimSpace(q.Get("q")), Page: 1}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(iran.NormalizeDigits(p))
		if err != nil || n < 1 {
			return echo.ErrNotFound
		}
		f.Page = n
	}
	cats, err := d.deps.Products.Categories(ctx)
	if err != nil {
		return err
	}
	category := q.Get("category")
	if category != "" {
		if _, ok := cats.Find(category); !ok {
			category = "" // a stale link: the whole list rather than nothing
		} else {
			f.Categories = append([]string{category}, cats.Children(category)...)
		}
	}
	page, err := d.deps.Products.ListProductPage(ctx, f)
	if err != nil {
		return err
	}
	v := views.AdminProductListPage{AdminPage: d.adminPage(c, "کالاها", "products"), Total: page.Total, Hidden: page.Hidden,
		Query: f.Query, Page: f.Page, Pages: max(1, (page.Total+f.Limit()-1)/f.Limit()), Filtered: f.Query != "" || category != "",
		Categories: categoryOptions(cats, category)}
	v.Categories[0].Label = "همه‌ی دسته‌ها"
	if f.Page > v.Pages {
		return echo.ErrNotFound
	}
	if f.Page > 1 {
		v.PrevURL = "/admin/products" + encodedQuery(q, "page", strconv.Itoa(f.Page-1))
	}
	if f.Page < v.Pages {
		v.NextURL = "/admin/products" + encodedQuery(q, "page", strconv.Itoa(f.Page+1))
	}
	names := map[string]string{}
	for _, cat := range cats {
		names[cat.Slug] = cat.Name
	}
	for _, p := range page.Products {
		v.Rows = append(v.Rows, views.AdminProductRow{Code: p.Code, Name: p.Name, Kind: string(p.Kind),
			KindLabel: p.Kind.Label(), Price: p.Price, FinalPrice: p.UnitPriceAfterDiscount(), DiscountPercent: p.DiscountPercent,
			Weight: p.Weight, FreeShipping: p.FreeShipping, Active: p.Active, Image: p.Image, Category: names[p.Category], Thumb: firstThumb(p),
			Stock: stockLabel(p), StockLow: p.SoldOut() || p.LowStock() || variantsLow(p)})
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

// firstThumb is the URL of the product's first photo's thumbnail, "" without photos.
func firstThumb(p catalog.Product) string {
	ph, ok := p.CardPhoto()
	if !ok {
		return ""
	}
	return templates.PhotoPath(ph.ID, catalog.PhotoThumb, ph.File(catalog.PhotoThumb))
}
