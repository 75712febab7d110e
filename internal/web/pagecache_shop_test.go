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

// TestFirstVisitSetsNoCookie: a first anonymous GET of any page costs no session; the session starts with the
// first thing worth remembering (a basket, a marketer's id).
func TestFirstVisitSetsNoCookie(t *testing.T) {
	shop := newFullShop(t, shopOptions{})
	for _, path := range []string{"/", "/p/saffron-1m", "/c/food", "/search?q=زعفران", "/cart", "/checkout", "/track",
		"/admin/login", "/no/such/page"} {
		t.Run(path, func(t *testing.T) {
			resp, err := http.Get(shop.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if ck := resp.Header.Values("Set-Cookie"); len(ck) > 0 {
				t.Errorf("status %d set %q", resp.StatusCode, ck)
			}
		})
	}
	c := webtest.NewClient(t, shop.URL)
	if r := c.Post("/cart/add", url.Values{"code": {"saffron-1m"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add: status %d", r.Status)
	}
	if n, _ := c.Get("/").Text("cart-count"); n != "۱" {
		t.Errorf("the basket was not remembered: %q", n)
	}
	resp, err := http.Get(shop.URL + "/?bz=1234")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(resp.Header.Values("Set-Cookie")) != 1 {
		t.Errorf("a marketer's link should start the session with one cookie: %q", resp.Header.Values("Set-Cookie"))
	}
}

// TestKeptPagesFollowEveryChange: the catalog, category and product pages are the same bytes for every shopper
// with the same basket count, carry an ETag that a 304 answers, count each shopper's own basket, and show a
// product edit at once.
func TestKeptPagesFollowEveryChange(t *testing.T) {
	shop := newFullShop(t, shopOptions{})
	sara, reza := webtest.NewClient(t, shop.URL), webtest.NewClient(t, shop.URL)
	etags := map[string]string{}
	for _, path := range []string{"/", "/c/food", "/p/saffron-1m"} {
		t.Run(path, func(t *testing.T) {
			a, b := get(t, sara, path, ""), get(t, reza, path, "")
			if a.body != b.body || a.etag == "" || a.etag != b.etag {
				t.Fatalf("two shoppers with empty baskets got different pages (etags %q, %q)", a.etag, b.etag)
			}
			if a.cacheControl != "private, no-cache" {
				t.Errorf("Cache-Control %q", a.cacheControl)
			}
			again := get(t, sara, path, a.etag)
			if again.status != http.StatusNotModified || again.body != "" || again.etag != a.etag {
				t.Errorf("If-None-Match of the same page: status %d, %d bytes", again.status, len(again.body))
			}
			if other := get(t, sara, path, `W/"something-else"`); other.status != http.StatusOK {
				t.Errorf("If-None-Match of another page: status %d", other.status)
			}
			etags[path] = a.etag
		})
	}

	// Sara fills her basket; Reza's page still counts his own (empty) basket.
	if r := sara.Post("/cart/add", url.Values{"code": {"saffron-1m"}, "back": {"/"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add: status %d", r.Status)
	}
	for i := range 3 {
		if n, _ := sara.Get("/").Text("cart-count"); n != "۱" {
			t.Fatalf("Sara's basket count on visit %d: %q", i, n)
		}
		if n, _ := reza.Get("/").Text("cart-count"); n != "۰" {
			t.Fatalf("Reza's basket count on visit %d: %q", i, n)
		}
	}
	if p := get(t, sara, "/", etags["/"]); p.status != http.StatusOK {
		t.Errorf("Sara's browser kept the empty basket's catalog: status %d", p.status)
	}

	// The seller renames the saffron: every kept page that shows it is built again, under a new ETag.
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
		p := get(t, reza, path, etags[path])
		if p.status != http.StatusOK || !strings.Contains(p.body, "زعفران نگین ممتاز") {
			t.Errorf("%s after the edit: status %d, new name shown %v", path, p.status, strings.Contains(p.body, "زعفران نگین ممتاز"))
		}
	}
}

// TestKeptPageBuiltOnceForACrowd: shoppers arriving together at a page not kept yet each get the whole page (one of
// them builds it; -race watches the others wait).
func TestKeptPageBuiltOnceForACrowd(t *testing.T) {
	shop := newFullShop(t, shopOptions{})
	bodies := make(chan string, 20)
	var wg sync.WaitGroup
	for range 20 {
		c := webtest.NewClient(t, shop.URL)
		wg.Go(func() {
			p := c.Get("/p/saffron-1m")
			if p.Status != http.StatusOK || !strings.Contains(p.Body, "saffron-1m") {
				t.Errorf("status %d", p.Status)
			}
			bodies <- p.Body
		})
	}
	wg.Wait()
	close(bodies)
	first := <-bodies
	for b := range bodies {
		if b != first {
			t.Fatal("shoppers of the same page got different bytes")
		}
	}
}

type response struct {
	status             int
	body, etag         string
	cacheControl, vary string
}

// get asks for path as a browser with the page cached under etag would ("" for none).
func get(t *testing.T, c *webtest.Client, path, etag string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.Base+path, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	p := webtest.Read(t, resp)
	return response{status: p.Status, body: p.Body, etag: resp.Header.Get("ETag"),
		cacheControl: resp.Header.Get("Cache-Control"), vary: resp.Header.Get("Vary")}
}
