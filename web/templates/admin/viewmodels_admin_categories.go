package admin

// AdminCategoryRow is one category of /admin/categories, with its rename form's values.
type AdminCategoryRow struct {
	Slug       string
	Name       string // as typed when a rename was refused, else as saved
	ParentName string // "" for a top-level category
	Hidden     bool
	Child      bool // has a parent: shown indented
	First      bool // no "up" button
	Last       bool // no "down" button
	Products   int
	Parents    []AdminOption // the rename form's parent choices, the current one selected; nil when it has children
	Problem    string        // why the last rename of this row was refused
}

// AdminCategoryListPage is GET /admin/categories: the seller's categories and the form to add one.
type AdminCategoryListPage struct {
	AdminPage
	Rows []AdminCategoryRow
	// The new-category form, as typed when refused.
	Name, Slug string
	Parents    []AdminOption
	Problems   map[string]string // "name", "slug", "parent"
}
