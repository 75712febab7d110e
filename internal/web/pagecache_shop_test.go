package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"shop/internal/web/webtest"
)

// TestKeptPagesFollowEveryChange: the catalog, category and product pages are kept compressed between requests
// (pagecache.go); each shopper still gets a token of their own that the basket accepts, their own basket count,
// and a product edit shows at once.
func TestKeptPagesFollowEveryChange(t *testing.T) {
	shop := newFullShop(t, shopOptions{})
	sara, reza := webtest.NewClient(t, shop.URL), webtest.NewClient(t, shop.URL)
	for _, path := range []string{"/", "/c/food", "/p/saffron-1m"} {
		t.Run(path, func(t *testing.T) {
			seen := map[string]bool{}
			for i := range 4 {
				for _, c := range []*webtest.Client{sara, reza} {
					p := c.Get(path)
					tok := p.CSRF()
					if p.Status != http.StatusOK || tok == "" || seen[tok] {
						t.Fatalf("request %d: status %d, token %q (seen before: %v)", i, p.Status, tok, seen[tok])
					}
					seen[tok] = true
				}
			}
		})
	}

	// Sara's token from a kept page fills her basket; Reza's page still counts his own (empty) basket.
	page := sara.Get("/")
	added := sara.Post("/cart/add", url.Values{"_csrf": {page.CSRF()}, "code": {"saffron-1m"}, "back": {"/"}})
	if added.Status != http.StatusSeeOther {
		t.Fatalf("add with a kept page's token: status %d", added.Status)
	}
	for i := range 3 {
		if n, _ := sara.Get("/").Text("cart-count"); n != "۱" {
			t.Fatalf("Sara's basket count on visit %d: %q", i, n)
		}
		if n, _ := reza.Get("/").Text("cart-count"); n != "۰" {
			t.Fatalf("Reza's basket count on visit %d: %q", i, n)
		}
	}
	// A token is the session's: Sara's does not work for Reza.
	if r := reza.Post("/cart/add", url.Values{"_csrf": {sara.Get("/").CSRF()}, "code": {"saffron-1m"}}); r.Status != http.StatusForbidden {
		t.Fatalf("another shopper's token: status %d, want 403", r.Status)
	}

	// The seller renames the saffron: every kept page that shows it is built again.
	ctx := context.Background()
	products, err := shop.Store.ProductsByCode(ctx, []string{"saffron-1m"})
	if err != nil {
		t.Fatal(err)
	}
	saffron := products["saffron-1m"]
	saffron.Name = "زعفران نگین ممتاز"
	if err := shop.Store.SaveProduct(ctx, saffron); err != nil {
		t.Fatal(err)
	}
	shop.Products.Invalidate()
	for _, path := range []string{"/", "/c/food", "/p/saffron-1m"} {
		for _, c := range []*webtest.Client{sara, reza} {
			if body := c.Get(path).Body; !strings.Contains(body, "زعفران نگین ممتاز") {
				t.Errorf("%s after the edit does not show the new name", path)
			}
		}
	}
}

// TestKeptPageBuiltOnceForACrowd: shoppers arriving together at a page not kept yet each get a whole page with a
// token of their own (one of them builds it; -race watches the others wait).
func TestKeptPageBuiltOnceForACrowd(t *testing.T) {
	shop := newFullShop(t, shopOptions{})
	tokens := make(chan string, 20)
	var wg sync.WaitGroup
	for range 20 {
		c := webtest.NewClient(t, shop.URL)
		wg.Go(func() {
			p := c.Get("/p/saffron-1m")
			if p.Status != http.StatusOK || !p.Has("product-saffron-1m") && !strings.Contains(p.Body, "saffron-1m") {
				t.Errorf("status %d", p.Status)
			}
			tokens <- p.CSRF()
		})
	}
	wg.Wait()
	close(tokens)
	seen := map[string]bool{}
	for tok := range tokens {
		if tok == "" || seen[tok] {
			t.Fatalf("token %q empty or shared", tok)
		}
		seen[tok] = true
	}
}
