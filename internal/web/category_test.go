package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"shop/internal/catalog"
	"shop/internal/web/webtest"
)

// A category page lists its products only; the product page links back to its category and offers related
// products of the same category.
func TestCategoriesAndRelated(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)
	page := c.Get("/c/food")
	if page.Status != http.StatusOK {
		t.Fatalf("status %d", page.Status)
	}
	for _, code := range []string{"saffron-1m", "lahijan-tea-500"} {
		if !page.Has("product-" + code) {
			t.Errorf("/c/food has no %s", code)
		}
	}
	if page.Has("product-kashan-rug-1x15") || page.Has("product-ebook-cooking") {
		t.Error("/c/food lists products of other categories")
	}
	if got := page.Attr("category-food", "aria-current"); got != "page" {
		t.Errorf("the food link is not marked current: %q", got)
	}
	if r := c.Get("/c/no-such-category"); r.Status != http.StatusNotFound {
		t.Errorf("unknown category: status %d, want 404", r.Status)
	}
	if !c.Get("/").Has("categories") {
		t.Error("the catalog has no category links")
	}

	product := c.Get("/p/saffron-1m")
	if got := product.Attr("crumb-category", "href"); got != "/c/food" {
		t.Errorf("breadcrumb category link %q", got)
	}
	related := product.Find("related")
	if related == nil {
		t.Fatal("no related products")
	}
	if !(webtest.Page{Doc: related}).Has("product-lahijan-tea-500") {
		t.Error("the tea is not related to the saffron")
	}
	if (webtest.Page{Doc: related}).Has("product-saffron-1m") {
		t.Error("a product is related to itself")
	}
}

// /c/:slug serves the seller's rows: a category made in the store is served once the catalog is told, a hidden
// one is a 404, and the navigation follows their order. The kept pages follow too (the same client asks again).
func TestCategoryPagesFollowTheRows(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	ctx := context.Background()
	c := webtest.NewClient(t, s.URL)
	if r := c.Get("/c/nuts"); r.Status != http.StatusNotFound {
		t.Fatalf("a category not made yet: status %d", r.Status)
	}
	c.Get("/")
	if err := s.Store.CreateCategory(ctx, catalog.Category{Slug: "nuts", Name: "آجیل"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.MoveCategory(ctx, "nuts", -1); err != nil {
		t.Fatal(err)
	}
	s.Products.Invalidate()
	if r := c.Get("/c/nuts"); r.Status != http.StatusOK || !r.Has("category-empty") {
		t.Fatalf("/c/nuts: status %d", r.Status)
	}
	if got, _ := c.Get("/").Text("categories"); !strings.Contains(got, "خدمات") || strings.Index(got, "آجیل") > strings.Index(got, "خدمات") {
		t.Fatalf("navigation %q: the moved category is not before services", got)
	}
	if err := s.Store.SetCategoryHidden(ctx, "food", true); err != nil {
		t.Fatal(err)
	}
	s.Products.Invalidate()
	if r := c.Get("/c/food"); r.Status != http.StatusNotFound {
		t.Fatalf("hidden category: status %d", r.Status)
	}
	if c.Get("/").Has("category-food") {
		t.Fatal("the navigation links a hidden category")
	}
}
