package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"shop/internal/iran"
	"strings"
	"testing"
	"time"

	"shop/internal/catalog"
)

// fillCatalog adds n products to the demo's, in one transaction as an import does; every tenth is in "food",
// every seventh hidden.
func fillCatalog(t *testing.T, s *fullShop, n int) {
	t.Helper()
	ps := make([]catalog.Product, n)
	for i := range ps {
		ps[i] = catalog.Product{Code: fmt.Sprintf("bulk-%04d", i), Name: fmt.Sprintf("کالای انبوه شماره‌ی %d با نامی به اندازه‌ی نام‌های واقعی", i),
			Description: strings.Repeat("توضیح کالا. ", 20), Kind: catalog.Physical, Price: int64(10_000 * (i + 1)), Weight: 100,
			TaxPercent: 10, Active: i%7 != 0}
		if i%10 == 0 {
			ps[i].Category = "food"
		}
	}
	if err := s.Store.SaveProducts(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
	s.Products.Invalidate()
}

func TestAdminProductListPages(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	fillCatalog(t, s, 3000)
	total := 3000 + len(catalog.DemoProducts())

	start := time.Now()
	first := c.Get("/admin/products")
	took := time.Since(start)
	if first.Status != http.StatusOK {
		t.Fatalf("status %d", first.Status)
	}
	if n := len(first.FindAll("product-row")); n != catalog.DefaultPerPage {
		t.Fatalf("%d rows on a page, want %d", n, catalog.DefaultPerPage)
	}
	if len(first.Body) > 200<<10 {
		t.Fatalf("the first page is %d KB at %d products, over 200 KB", len(first.Body)>>10, total)
	}
	t.Logf("first page: %d KB in %v", len(first.Body)>>10, took)
	if got, _ := first.Text("product-count"); !strings.Contains(got, iran.FormatNumber(int64(total))) {
		t.Errorf("count says %q, want %d in all", got, total)
	}
	next := first.Attr("next-page", "href")
	if next != "/admin/products?page=2" || first.Find("next-page") == nil || first.Attr("next-page", "rel") != "next" {
		t.Fatalf("next link %q", next)
	}
	second := c.Get(next)
	if second.Attr("prev-page", "href") != "/admin/products" && second.Attr("prev-page", "href") != "/admin/products?page=1" {
		t.Errorf("prev link %q", second.Attr("prev-page", "href"))
	}
	if second.Find("product-row") == nil || attrOf(second.FindAll("product-row")[0], "data-code") == attrOf(first.FindAll("product-row")[0], "data-code") {
		t.Error("page 2 starts where page 1 did")
	}
	pages := (total + catalog.DefaultPerPage - 1) / catalog.DefaultPerPage
	last := c.Get(fmt.Sprintf("/admin/products?page=%d", pages))
	if last.Status != http.StatusOK || last.Has("next-page") || len(last.FindAll("product-row")) != total-(pages-1)*catalog.DefaultPerPage {
		t.Fatalf("last page: status %d, %d rows", last.Status, len(last.FindAll("product-row")))
	}
	for _, bad := range []string{fmt.Sprint(pages + 1), "0", "-1", "x"} {
		if r := c.Get("/admin/products?page=" + bad); r.Status != http.StatusNotFound {
			t.Errorf("page %s: status %d, want 404", bad, r.Status)
		}
	}
}

func TestAdminProductListSearch(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	fillCatalog(t, s, 120)
	codes := func(path string) []string {
		t.Helper()
		p := c.Get(path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: status %d", path, p.Status)
		}
		var out []string
		for _, n := range p.FindAll("product-row") {
			out = append(out, attrOf(n, "data-code"))
		}
		return out
	}
	tests := []struct {
		name, query string
		want        []string // exactly these, when set
		count       int      // else how many on the first page
	}{
		{"Persian name", "q=" + url.QueryEscape("زعفران"), []string{"saffron-1m"}, 0},
		{"typed with Arabic yeh and kaf", "q=" + url.QueryEscape("چاي سياه"), []string{"lahijan-tea-500"}, 0},
		{"Arabic kaf", "q=" + url.QueryEscape("كتاب"), []string{"ebook-cooking"}, 0},
		{"code, any case", "q=KASHAN-rug", []string{"kashan-rug-1x15"}, 0},
		{"two words, both needed", "q=" + url.QueryEscape("قوری دست"), []string{"teapot-porcelain"}, 0},
		{"code digits", "q=bulk-011", []string{"bulk-0110", "bulk-0111", "bulk-0112", "bulk-0113", "bulk-0114", "bulk-0115", "bulk-0116", "bulk-0117", "bulk-0118", "bulk-0119"}, 0},
		{"a percent is a percent", "q=" + url.QueryEscape("%"), []string{}, 0},
		{"category", "category=food", nil, 2 + 12},
		{"category and words", "category=food&q=" + url.QueryEscape("چای"), []string{"lahijan-tea-500"}, 0},
		{"an unknown category is the whole list", "category=no-such", nil, catalog.DefaultPerPage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codes("/admin/products?" + tt.query)
			if tt.want != nil {
				if strings.Join(sorted(got), ",") != strings.Join(sorted(tt.want), ",") {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
				return
			}
			if len(got) != tt.count {
				t.Fatalf("%d rows, want %d", len(got), tt.count)
			}
		})
	}
	// The pager keeps the search.
	p := c.Get("/admin/products?q=" + url.QueryEscape("انبوه"))
	if href := p.Attr("next-page", "href"); !strings.Contains(href, "q=") || !strings.Contains(href, "page=2") {
		t.Fatalf("next link %q loses the search", href)
	}
	if !p.Has("ps-clear") || p.Attr("ps-q", "value") != "انبوه" {
		t.Error("the search box does not keep what was typed, or offers no way back")
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
