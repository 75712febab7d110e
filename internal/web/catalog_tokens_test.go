package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"shop/internal/web/webtest"
)

// TestCatalogTokensAndEdits: every add form of the kept catalog page carries the shopper's own CSRF token, and a
// product change shows at once (the dashboard's save empties the in-memory catalog, whose new number names new
// pages).
func TestCatalogTokensAndEdits(t *testing.T) {
	shop := newFullShop(t, shopOptions{})
	st := shop.Store
	alice, bob := webtest.NewClient(t, shop.URL), webtest.NewClient(t, shop.URL)
	for _, tc := range []struct {
		name string
		c    *webtest.Client
	}{{"first shopper", alice}, {"second shopper", bob}, {"first shopper again", alice}} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.c.Get("/")
			tok := p.CSRF()
			if p.Status != http.StatusOK || tok == "" {
				t.Fatalf("status %d, token %q", p.Status, tok)
			}
			form := p.Find("add-saffron-1m")
			if form == nil {
				t.Fatal("no add button for saffron-1m")
			}
			// Every add form of the page carries the shopper's token, not the placeholder.
			inputs := allWithName(p, "_csrf")
			if len(inputs) < 2 {
				t.Fatalf("%d token fields, want one per product", len(inputs))
			}
			for _, in := range inputs {
				if v := webtest.Attr(in, "value"); v != tok {
					t.Errorf("an add form carries token %q, the page's is %q", v, tok)
				}
			}
		})
	}
	if alice.Get("/").CSRF() == bob.Get("/").CSRF() {
		t.Error("two shoppers got the same token")
	}

	t.Run("a product change shows at once", func(t *testing.T) {
		ps, err := st.ProductsByCode(context.Background(), []string{"saffron-1m"})
		if err != nil {
			t.Fatal(err)
		}
		p := ps["saffron-1m"]
		p.Name = "زعفران تازه"
		p.Active = true
		if err := st.SaveProduct(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		shop.Products.Invalidate() // as the dashboard's product editor does (ProductsChanged)
		if got, _ := alice.Get("/").Text("product-saffron-1m"); !contains(got, "زعفران تازه") {
			t.Errorf("catalog card after the change: %q", got)
		}
	})
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// allWithName lists the elements of the page with name=name.
func allWithName(p webtest.Page, name string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && webtest.Attr(n, "name") == name {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.Doc)
	return out
}
