package catalog

// Category groups products for browsing (/c/SLUG). The list is the shop's; a product names one by its slug.
type Category struct {
	Slug string
	Name string
}

// Categories lists the shop's categories in the order the catalog shows them.
func Categories() []Category {
	return []Category{
		{Slug: "food", Name: "خوراکی و نوشیدنی"},
		{Slug: "home", Name: "خانه و هدیه"},
		{Slug: "learning", Name: "کتاب و آموزش"},
		{Slug: "services", Name: "خدمات"},
	}
}

// CategoryBySlug finds a category.
func CategoryBySlug(slug string) (Category, bool) {
	for _, c := range Categories() {
		if c.Slug == slug {
			return c, true
		}
	}
	return Category{}, false
}

// InCategory returns the products of one category, in the order given.
func InCategory(products []Product, slug string) []Product {
	var out []Product
	for _, p := range products {
		if p.Category == slug {
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
