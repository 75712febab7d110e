package catalog

import (
	"cmp"
	"slices"

	"shop/internal/apperr"
)

// Category groups products for browsing (/c/SLUG). The categories are the seller's own rows (the dashboard's
// /admin/categories edits them); a product names one by its slug, which never changes once made.
type Category struct {
	Slug     string
	Name     string // Persian, as the shop shows it
	Position int    // the seller's order, smallest first
	Hidden   bool   // not served (/c/SLUG is a 404) nor listed; its products stay in the whole catalog
	Parent   string // the slug of a top-level category, or "" for a top-level one (one level only)
}

// ValidSlug reports whether s has the shape of a category slug: lowercase latin letters, digits and dashes,
// 1 to 40 of them, starting with a letter or digit and not ending with a dash.
func ValidSlug(s string) bool {
	if len(s) < 1 || len(s) > 40 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Categories is the seller's categories as a list, in any order; its methods answer what the pages ask.
type Categories []Category

// Ordered returns the categories as the shop lists them: the top-level ones by position, each followed by its
// children by position. A child whose parent is missing counts as top-level.
func (cs Categories) Ordered() Categories {
	byPos := slices.Clone(cs)
	slices.SortStableFunc(byPos, func(a, b Category) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.Slug, b.Slug))
	})
	exists := map[string]bool{}
	for _, c := range byPos {
		exists[c.Slug] = true
	}
	out := make(Categories, 0, len(byPos))
	for _, top := range byPos {
		if top.Parent != "" && exists[top.Parent] {
			continue
		}
		out = append(out, top)
		for _, child := range byPos {
			if child.Parent == top.Slug && child.Slug != top.Slug {
				out = append(out, child)
			}
		}
	}
	return out
}

// Find returns the category with the slug, hidden or not.
func (cs Categories) Find(slug string) (Category, bool) {
	for _, c := range cs {
		if c.Slug == slug {
			return c, true
		}
	}
	return Category{}, false
}

// Visible reports whether the category is served: neither it nor its parent is hidden.
func (cs Categories) Visible(slug string) (Category, bool) {
	c, ok := cs.Find(slug)
	if !ok || c.Hidden {
		return Category{}, false
	}
	if c.Parent != "" {
		if p, ok := cs.Find(c.Parent); ok && p.Hidden {
			return Category{}, false
		}
	}
	return c, true
}

// Shown is the visible categories in the shop's order (Ordered).
func (cs Categories) Shown() Categories {
	var out Categories
	for _, c := range cs.Ordered() {
		if _, ok := cs.Visible(c.Slug); ok {
			out = append(out, c)
		}
	}
	return out
}

// Children returns the slugs of slug's children, visible or not.
func (cs Categories) Children(slug string) []string {
	var out []string
	for _, c := range cs {
		if c.Parent == slug && c.Slug != slug {
			out = append(out, c.Slug)
		}
	}
	return out
}

// InCategory returns the products of the category or of its visible children, in the order given.
func (cs Categories) InCategory(products []Product, slug string) []Product {
	in := map[string]bool{slug: true}
	for _, child := range cs.Children(slug) {
		if _, ok := cs.Visible(child); ok {
			in[child] = true
		}
	}
	var out []Product
	for _, p := range products {
		if in[p.Category] {
			out = append(out, p)
		}
	}
	return out
}

// Related returns up to n other products of p's category, then of its kind, in the order given.
func Related(products []Product, p Product, n int) []Product {
	var same, kind []Product
	for _, o := range products {
		switch {
		case o.Code == p.Code:
		case p.Category != "" && o.Category == p.Category:
			same = append(same, o)
		case o.Kind == p.Kind:
			kind = append(kind, o)
		}
	}
	out := append(same, kind...)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// The category editor's refusals; the dashboard shows their Persian message beside the field.
var (
	ErrCategoryNotFound = apperr.New(apperr.NotFound, "catalog: category not found", "این دسته‌بندی پیدا نشد.")
	ErrCategoryExists   = apperr.New(apperr.Conflict, "catalog: category slug taken",
		"دسته‌بندی دیگری همین نشانی را دارد؛ نشانی دیگری بنویسید.")
	// ErrCategoryParent: a parent must be another top-level category, and a category with children cannot
	// itself have a parent (one level only).
	ErrCategoryParent = apperr.New(apperr.Invalid, "catalog: category parent refused",
		"دسته‌ی بالاتر باید یکی از دسته‌های اصلی باشد (فقط یک سطح)، و دسته‌ای که زیرشاخه دارد خودش زیرشاخه نمی‌شود.")
	// ErrUnknownCategory: a product names a category that is not among the rows.
	ErrUnknownCategory = apperr.New(apperr.Invalid, "catalog: unknown category", "این دسته‌بندی در فروشگاه نیست.")
)
