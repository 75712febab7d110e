package dashboard

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// MaxImportBytes bounds an uploaded product file: 3,000 products with descriptions are about 2 MB. The shop's
// body limit for POST /admin/import is a little over it (internal/web/middleware.go).
const MaxImportBytes = 8 << 20

// Shown on the report page at most; the counts are always whole.
const (
	maxShownProblems = 1000
	maxShownRows     = 300
)

// adminImportShow is the upload form.
func (d *Dashboard) adminImportShow(c echo.Context) error {
	v := views.AdminImportPage{AdminPage: d.adminPage(c, "ورود کالاها از CSV", "products"), Columns: catalog.ExportColumns,
		MaxMB: MaxImportBytes >> 20}
	return httpkit.Render(c, http.StatusOK, views.AdminImportView(v))
}

// adminImportSubmit reads the uploaded file (multipart field "file") and, by default, only checks it: every row's
// problem and what would be created or updated. With mode=import and no problem at all it saves every new and
// changed product in one transaction: all of the file or nothing.
func (d *Dashboard) adminImportSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	real := c.FormValue("mode") == "import"
	v := views.AdminImportPage{AdminPage: d.adminPage(c, "ورود کالاها از CSV", "products"), Columns: catalog.ExportColumns,
		MaxMB: MaxImportBytes >> 20}
	fh, err := c.FormFile("file")
	if err != nil || fh.Size == 0 {
		v.FileProblem = "پرونده‌ی CSV را انتخاب کنید."
		return httpkit.Render(c, http.StatusUnprocessableEntity, views.AdminImportView(v))
	}
	if fh.Size > MaxImportBytes {
		v.FileProblem = "پرونده بیش از " + iran.FormatNumber(MaxImportBytes>>20) + " مگابایت است؛ آن را در چند پرونده بفرستید."
		return httpkit.Render(c, http.StatusUnprocessableEntity, views.AdminImportView(v))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	cats, err := d.deps.Products.Categories(ctx)
	if err != nil {
		return err
	}
	file, err := catalog.ParseProductCSV(f, cats)
	if err != nil {
		v.FileProblem = "این پرونده CSV خوانده نشد؛ آن را از برنامه‌ی صفحه‌گسترده با قالب «CSV UTF-8» ذخیره کنید."
		return httpkit.Render(c, http.StatusUnprocessableEntity, views.AdminImportView(v))
	}
	all, err := d.deps.Products.AllProducts(ctx)
	if err != nil {
		return err
	}
	existing := make(map[string]catalog.Product, len(all))
	for _, p := range all {
		existing[p.Code] = p
	}
	plan := file.Plan(existing)
	v.FileName = fh.Filename
	fillImportReport(&v, plan)
	if len(plan.Problems) > 0 {
		return httpkit.Render(c, http.StatusUnprocessableEntity, views.AdminImportView(v))
	}
	if !real {
		return httpkit.Render(c, http.StatusOK, views.AdminImportView(v))
	}
	if changed := plan.Changed(); len(changed) > 0 {
		if err := d.deps.Products.SaveProducts(ctx, changed); err != nil {
			if errors.Is(err, catalog.ErrUnknownCategory) {
				// A category removed between the check and the save: say so rather than fail.
				v.FileProblem = "دسته‌بندی‌ها در همین میان عوض شدند؛ پرونده را دوباره بررسی کنید. هیچ کالایی ذخیره نشد."
				return httpkit.Render(c, http.StatusConflict, views.AdminImportView(v))
			}
			return err
		}
		d.productsChanged()
	}
	v.Imported = true
	return httpkit.Render(c, http.StatusOK, views.AdminImportView(v))
}

func fillImportReport(v *views.AdminImportPage, plan catalog.ImportPlan) {
	v.Checked = true
	v.Created, v.Updated, v.Unchanged = plan.Count(catalog.ImportCreate), plan.Count(catalog.ImportUpdate), plan.Count(catalog.ImportUnchanged)
	v.ProblemCount = len(plan.Problems)
	for i, p := range plan.Problems {
		if i == maxShownProblems {
			break
		}
		v.Problems = append(v.Problems, views.AdminImportProblem{Line: p.Line, Column: p.Column, Value: p.Value, Message: p.Message})
	}
	for _, r := range plan.Rows {
		if r.Action == catalog.ImportUnchanged {
			continue
		}
		if len(v.Rows) == maxShownRows {
			v.MoreRows = true
			break
		}
		v.Rows = append(v.Rows, views.AdminImportRow{Line: r.Line, Code: r.Product.Code, Name: r.Product.Name,
			Action: string(r.Action), ActionLabel: r.Action.Label()})
	}
}
