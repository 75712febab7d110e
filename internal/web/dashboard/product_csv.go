package dashboard

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/internal/iran"
)

// adminProductCSV exports every product, hidden ones too, in catalog order, as UTF-8 CSV with a byte-order mark
// (Excel then reads Persian right), in catalog.ExportColumns: the file the import reads back unchanged.
func (d *Dashboard) adminProductCSV(c echo.Context) error {
	products, err := d.deps.Products.AllProducts(c.Request().Context())
	if err != nil {
		return err
	}
	name := "products-" + d.now().In(iran.Tehran).Format("20060102-1504") + ".csv"
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	if _, err := c.Response().Write([]byte("\ufeff")); err != nil {
		return nil // the client went away
	}
	w := newCSVWriter(c.Response())
	if err := w.Write(catalog.ExportColumns); err != nil {
		return nil
	}
	for _, p := range products {
		rec := catalog.ExportRecord(p)
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		if err := w.Write(rec); err != nil {
			return nil
		}
	}
	w.Flush()
	return nil
}
