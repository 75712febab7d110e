package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/web/webtest"
)

// TestListingsArePagedAndSorted fills the catalog past two pages: each page shows at most 24 products with
// links (and <link rel>) to its neighbours that work without JavaScript, a page past the last is a 404, and each
// order sorts every page, the best-selling one by what was really sold.
func TestListingsArePagedAndSorted(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	ctx := context.Background()
	for i := range 50 {
		p := catalog.Product{Code: fmt.Sprintf("tea-%02d", i), Name: fmt.Sprintf("چای نمونه %d", i), Kind: catalog.Physical,
			Price: int64(1_000_000 + (i*7919)%50*10_000), Weight: 100, Category: "food", Active: true}
		if err := s.Store.SaveProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	s.Products.Invalidate()
	c := webtest.NewClient(t, s.URL)
	first := c.Get("/")
	cards := allWithTestidPrefix(first, "product-")
	if first.Status != http.StatusOK || len(cards) != catalog.PerPage {
		t.Fatalf("page 1: status %d, %d products", first.Status, len(cards))
	}
	next := first.Attr("page-next", "href")
	if next != "/?page=2" || first.Has("page-prev") || !strings.Contains(first.Body, `<link rel="next" href="/?page=2">`) {
		t.Errorf("page 1's next %q, prev shown %v", next, first.Has("page-prev"))
	}
	last := c.Get("/?page=3")
	if n := len(allWithTestidPrefix(last, "product-")); last.Status != http.StatusOK || n != 50+len(catalog.DemoProducts())-2*catalog.PerPage || last.Has("page-next") ||
		last.Attr("page-prev", "href") != "/?page=2" {
		t.Errorf("page 3: status %d, %d products, prev %q", last.Status, n, last.Attr("page-prev", "href"))
	}
	for _, bad := range []string{"/?page=4", "/?page=0", "/?page=x", "/c/food?page=9"} {
		if r := c.Get(bad); r.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", bad, r.Status)
		}
	}

	cheap := c.Get("/c/food?sort=price_asc")
	prices := cardPrices(t, cheap)
	for i := 1; i < len(prices); i++ {
		if prices[i] < prices[i-1] {
			t.Fatalf("cheapest first, but %v", prices)
		}
	}
	if got := cheap.Attr("page-next", "href"); got != "/c/food?page=2&sort=price_asc" {
		t.Errorf("the next page of a sorted category: %q", got)
	}

	// Best-selling: the lahijan tea was bought, the saffron twice over.
	shopper := shopperWithBasket(t, s, "saffron-1m", "saffron-1m", "lahijan-tea-500")
	shopper.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place", "send": "sefareshi", "pay": "cod"}))
	best := allWithTestidPrefix(c.Get("/?sort=bestselling"), "product-")
	if len(best) < 2 || webtest.Attr(best[0], "data-testid") != "product-saffron-1m" || webtest.Attr(best[1], "data-testid") != "product-lahijan-tea-500" {
		t.Errorf("best-selling first: %v", testids(best[:2]))
	}
	search := c.Get("/search?" + url.Values{"q": {"چای"}, "sort": {"price_desc"}}.Encode())
	if n := len(allWithTestidPrefix(search, "product-")); n != catalog.PerPage || !search.Has("page-next") {
		t.Errorf("a search of 51 teas shows %d on its first page, next %v", n, search.Has("page-next"))
	}
}

// allWithTestidPrefix lists the product cards of a page (data-testid product-CODE, not product-page-…).
func allWithTestidPrefix(p webtest.Page, prefix string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if id := webtest.Attr(n, "data-testid"); n.Type == html.ElementNode && n.Data == "article" && strings.HasPrefix(id, prefix) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.Doc)
	return out
}

func testids(ns []*html.Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, webtest.Attr(n, "data-testid"))
	}
	return out
}

// cardPrices reads each card's price as shown (Persian digits and separators), in rials or toman alike.
func cardPrices(t *testing.T, p webtest.Page) []int64 {
	t.Helper()
	var out []int64
	for _, card := range allWithTestidPrefix(p, "product-") {
		for _, span := range webtest.Elements(card, "span") {
			if webtest.Attr(span, "data-testid") != "price" || span.FirstChild == nil {
				continue
			}
			digits := strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, iran.NormalizeDigits(span.FirstChild.Data))
			n, err := strconv.ParseInt(digits, 10, 64)
			if err != nil {
				t.Fatalf("price %q: %v", span.FirstChild.Data, err)
			}
			out = append(out, n)
		}
	}
	return out
}
