package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"shop/internal/catalog"
	"shop/internal/web/webtest"
)

// Search reads Persian as shoppers type it (Arabic yeh and kaf, Persian digits) and says so when nothing matches.
func TestSearch(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)
	tests := []struct {
		q     string
		want  []string
		empty bool
	}{
		{q: "چاي", want: []string{"lahijan-tea-500"}},
		{q: "۵۰۰ گرم", want: []string{"lahijan-tea-500"}},
		{q: "كتاب", want: []string{"ebook-cooking"}},
		{q: "هیچ‌چیز ناموجود", empty: true},
		{q: ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			page := c.Get("/search?" + url.Values{"q": {tt.q}}.Encode())
			if page.Status != http.StatusOK {
				t.Fatalf("status %d", page.Status)
			}
			for _, code := range tt.want {
				if !page.Has("product-" + code) {
					t.Errorf("no %s for %q", code, tt.q)
				}
			}
			if got := len(allWithTestid(page, "price")); got != len(tt.want) {
				t.Errorf("%d products for %q, want %d", got, tt.q, len(tt.want))
			}
			if page.Has("search-empty") != tt.empty {
				t.Errorf("empty state shown %v, want %v", page.Has("search-empty"), tt.empty)
			}
			if got := page.Attr("search-q", "value"); got != tt.q {
				t.Errorf("the query box holds %q, want %q", got, tt.q)
			}
		})
	}
	// Adding from the results comes back to them.
	back := "/search?" + url.Values{"q": {"چای"}}.Encode()
	r := c.Submit(back, "/cart/add", url.Values{"code": {"lahijan-tea-500"}, "back": {back}})
	if r.Status != http.StatusSeeOther || r.Location != back {
		t.Errorf("add from search: status %d location %q, want %q", r.Status, r.Location, back)
	}
}

// The search's folded index is kept while the catalog is unchanged, and a product saved afterwards is found: the
// index follows the catalog's loads, not the first one.
func TestSearchFollowsTheCatalog(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := webtest.NewClient(t, s.URL)
	q := "/search?" + url.Values{"q": {"گلیم"}}.Encode()
	if page := c.Get(q); !page.Has("search-empty") {
		t.Fatal("a kilim before there is one")
	}
	kilim := catalog.Product{Code: "kilim-kerman", Name: "گلیم کرمان", Kind: catalog.Physical, Price: 10_000_000, Weight: 2000, Active: true}
	if err := s.Store.SaveProduct(context.Background(), kilim); err != nil {
		t.Fatal(err)
	}
	s.Products.Invalidate() // as the dashboard's editor does after a save
	if page := c.Get(q); !page.Has("product-kilim-kerman") {
		t.Errorf("the new product is not found:\n%s", page.Body)
	}
}
