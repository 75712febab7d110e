package dashboard

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// CategoryEditor is what the category pages need from storage; store.Store satisfies it.
type CategoryEditor interface {
	Categories(ctx context.Context) (catalog.Categories, error)
	CreateCategory(ctx context.Context, c catalog.Category) error
	UpdateCategory(ctx context.Context, slug, name, parent string) error
	SetCategoryHidden(ctx context.Context, slug string, hidden bool) error
	MoveCategory(ctx context.Context, slug string, by int) error
}

// categoryForm is what the add form and a row's rename form were sent with, so a refused one comes back as typed.
type categoryForm struct {
	Name, Slug, Parent string
	problems           map[string]string
	row                string // the row whose rename was refused ("" for the add form)
}

// adminCategoryList is the seller's categories in the shop's order, with the form to add one.
func (d *Dashboard) adminCategoryList(c echo.Context) error {
	return d.renderCategories(c, http.StatusOK, categoryForm{})
}

func (d *Dashboard) renderCategories(c echo.Context, status int, f categoryForm) error {
	ctx := c.Request().Context()
	cats, err := d.deps.Products.Categories(ctx)
	if err != nil {
		return err
	}
	products, err := d.deps.Products.AllProducts(ctx)
	if err != nil {
		return err
	}
	count := map[string]int{}
	for _, p := range products {
		count[p.Category]++
	}
	v := views.AdminCategoryListPage{AdminPage: d.adminPage(c, "دسته‌بندی‌ها", "categories"), Problems: map[string]string{}}
	if f.row == "" {
		v.Name, v.Slug, v.Problems = f.Name, f.Slug, f.problems
	}
	v.Parents = parentOptions(cats, "", f.Parent)
	ordered := cats.Ordered()
	for i, cat := range ordered {
		r := views.AdminCategoryRow{Slug: cat.Slug, Name: cat.Name, Hidden: cat.Hidden, Child: cat.Parent != "",
			Products: count[cat.Slug]}
		if p, ok := cats.Find(cat.Parent); ok {
			r.ParentName = p.Name
		}
		// First and last among its siblings: the moves stay inside a group.
		r.First, r.Last = true, true
		for j := i - 1; j >= 0; j-- {
			if ordered[j].Parent == cat.Parent {
				r.First = false
				break
			}
		}
		for j := i + 1; j < len(ordered); j++ {
			if ordered[j].Parent == cat.Parent {
				r.Last = false
				break
			}
		}
		if len(cats.Children(cat.Slug)) == 0 {
			r.Parents = parentOptions(cats, cat.Slug, cat.Parent)
		}
		if f.row == cat.Slug {
			r.Name, r.Problem = f.Name, f.problems["name"]
			if r.Problem == "" {
				r.Problem = f.problems["parent"]
			}
		}
		v.Rows = append(v.Rows, r)
	}
	return httpkit.Render(c, status, views.AdminCategoryListView(v))
}

// parentOptions are the choices of a parent for the category slug ("" for a new one): none, or another
// top-level category.
func parentOptions(cats catalog.Categories, slug, selected string) []views.AdminOption {
	out := []views.AdminOption{{Value: "", Label: "— دسته‌ی اصلی —", Selected: selected == ""}}
	for _, c := range cats.Ordered() {
		if c.Parent == "" && c.Slug != slug {
			out = append(out, views.AdminOption{Value: c.Slug, Label: c.Name, Selected: c.Slug == selected})
		}
	}
	return out
}

// categoryOptions are the product form's choices: none, then every category in the shop's order, a child
// marked under its parent and a hidden one said to be hidden (a product may sit in it all the same).
func categoryOptions(cats catalog.Categories, selected string) []views.AdminOption {
	out := []views.AdminOption{{Value: "", Label: "— بدون دسته —", Selected: selected == ""}}
	for _, c := range cats.Ordered() {
		label := c.Name
		if c.Parent != "" {
			label = "— " + label
		}
		if c.Hidden {
			label += " (پنهان)"
		}
		out = append(out, views.AdminOption{Value: c.Slug, Label: label, Selected: c.Slug == selected})
	}
	return out
}
