package dashboard

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
)

const maxCategoryName = 60

// categoryName checks a category's Persian name; "" when it is fine.
func categoryName(name string) string {
	switch {
	case name == "":
		return "نام دسته را بنویسید."
	case utf8.RuneCountInString(name) > maxCategoryName:
		return "نام دسته حداکثر " + iran.FormatNumber(maxCategoryName) + " نویسه است."
	}
	return ""
}

// adminCategoryCreate adds a category (form fields name, slug and, optionally, parent); it is in the shop at once.
func (d *Dashboard) adminCategoryCreate(c echo.Context) error {
	f := categoryForm{Name: strings.Join(strings.Fields(c.FormValue("name")), " "), Slug: strings.TrimSpace(c.FormValue("slug")),
		Parent: strings.TrimSpace(c.FormValue("parent")), problems: map[string]string{}}
	if msg := categoryName(f.Name); msg != "" {
		f.problems["name"] = msg
	}
	switch {
	case f.Slug == "":
		f.problems["slug"] = "نشانی دسته را بنویسید."
	case !catalog.ValidSlug(f.Slug):
		f.problems["slug"] = "نشانی فقط حروف کوچک انگلیسی، رقم و خط تیره است (بدون فاصله، تا ۴۰ نویسه، نه با خط تیره در آغاز یا پایان)."
	}
	if len(f.problems) == 0 {
		err := d.deps.Products.CreateCategory(c.Request().Context(), catalog.Category{Slug: f.Slug, Name: f.Name, Parent: f.Parent})
		switch {
		case errors.Is(err, catalog.ErrCategoryExists):
			f.problems["slug"] = apperr.MessageOf(err)
		case errors.Is(err, catalog.ErrCategoryParent):
			f.problems["parent"] = apperr.MessageOf(err)
		case err != nil:
			return err
		}
	}
	if len(f.problems) > 0 {
		return d.renderCategories(c, http.StatusUnprocessableEntity, f)
	}
	d.productsChanged()
	return httpkit.RedirectSeeOther(c, "/admin/categories?done=category-created")
}

// adminCategoryUpdate renames a category and sets its parent (form fields name and parent); the slug stays.
func (d *Dashboard) adminCategoryUpdate(c echo.Context) error {
	slug := c.Param("slug")
	if !catalog.ValidSlug(slug) {
		return echo.ErrNotFound
	}
	f := categoryForm{Name: strings.Join(strings.Fields(c.FormValue("name")), " "), Parent: strings.TrimSpace(c.FormValue("parent")),
		row: slug, problems: map[string]string{}}
	if msg := categoryName(f.Name); msg != "" {
		f.problems["name"] = msg
	}
	if len(f.problems) == 0 {
		err := d.deps.Products.UpdateCategory(c.Request().Context(), slug, f.Name, f.Parent)
		switch {
		case errors.Is(err, catalog.ErrCategoryNotFound):
			return echo.ErrNotFound
		case errors.Is(err, catalog.ErrCategoryParent):
			f.problems["parent"] = apperr.MessageOf(err)
		case err != nil:
			return err
		}
	}
	if len(f.problems) > 0 {
		f.Parent = "" // the add form's parent stays empty
		return d.renderCategories(c, http.StatusUnprocessableEntity, f)
	}
	d.productsChanged()
	return httpkit.RedirectSeeOther(c, "/admin/categories?done=category-saved")
}

// adminCategoryUp and adminCategoryDown move a category one place among its siblings.
func (d *Dashboard) adminCategoryUp(c echo.Context) error   { return d.moveCategory(c, -1) }
func (d *Dashboard) adminCategoryDown(c echo.Context) error { return d.moveCategory(c, +1) }

func (d *Dashboard) moveCategory(c echo.Context, by int) error {
	slug := c.Param("slug")
	if !catalog.ValidSlug(slug) {
		return echo.ErrNotFound
	}
	err := d.deps.Products.MoveCategory(c.Request().Context(), slug, by)
	if errors.Is(err, catalog.ErrCategoryNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	d.productsChanged()
	return httpkit.RedirectSeeOther(c, "/admin/categories?done=category-moved")
}

// adminCategoryHide takes a category out of the shop (its page and its link); adminCategoryShow puts it back.
// Its products stay in the whole catalog.
func (d *Dashboard) adminCategoryHide(c echo.Context) error { return d.setCategoryHidden(c, true) }
func (d *Dashboard) adminCategoryShow(c echo.Context) error { return d.setCategoryHidden(c, false) }

func (d *Dashboard) setCategoryHidden(c echo.Context, hidden bool) error {
	slug := c.Param("slug")
	if !catalog.ValidSlug(slug) {
		return echo.ErrNotFound
	}
	err := d.deps.Products.SetCategoryHidden(c.Request().Context(), slug, hidden)
	if errors.Is(err, catalog.ErrCategoryNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	d.productsChanged()
	done := "category-shown"
	if hidden {
		done = "category-hidden"
	}
	return httpkit.RedirectSeeOther(c, "/admin/categories?done="+done)
}
