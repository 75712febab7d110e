package catalog

// ProductFilter is the dashboard's product list as asked for: words to find in the name or the code, the
// categories to keep (none: every product), and the page.
type ProductFilter struct {
	Query      string
	Categories []string
	Page       int // from 1
	PerPage    int
}

// DefaultPerPage is the dashboard's product list page size: at 3,000 products a page stays a few dozen KB.
const DefaultPerPage = 50

// Offset is where the page starts.
func (f ProductFilter) Offset() int { return (max(f.Page, 1) - 1) * f.Limit() }

// Limit is the page size.
func (f ProductFilter) Limit() int {
	if f.PerPage <= 0 || f.PerPage > 500 {
		return DefaultPerPage
	}
	return f.PerPage
}

// ProductPage is one page of the filtered products, in catalog order, and how many match in all.
type ProductPage struct {
	Products []Product
	Total    int
	Hidden   int // of Total, how many are hidden
}
