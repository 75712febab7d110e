package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"shop/internal/web/webtest"
)

// TestDemoPhotosOnPages: the demo's products show their photos — the catalog's cards the first photo's
// thumbnail, the product page every photo — each <img> with its pixel size, a srcset and sizes, lazy below the
// first screen; the files are served as JPEG with a year's caching.
func TestDemoPhotosOnPages(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := webtest.NewClient(t, s.URL)

	p := c.Get("/p/saffron-1m")
	photos := p.FindAll("gallery-photo")
	if len(photos) != 3 {
		t.Fatalf("the saffron page shows %d photos, want 3", len(photos))
	}
	ratios := map[string]bool{}
	for i, fig := range photos {
		img := webtest.Elements(fig, "img")[0]
		w, errW := strconv.Atoi(webtest.Attr(img, "width"))
		h, errH := strconv.Atoi(webtest.Attr(img, "height"))
		if errW != nil || errH != nil || w <= 0 || h <= 0 {
			t.Fatalf("photo %d: width %q height %q", i, webtest.Attr(img, "width"), webtest.Attr(img, "height"))
		}
		ratios[strconv.Itoa(w*100/h)] = true
		if !strings.Contains(webtest.Attr(img, "srcset"), "w, ") || webtest.Attr(img, "sizes") == "" {
			t.Errorf("photo %d: srcset %q sizes %q", i, webtest.Attr(img, "srcset"), webtest.Attr(img, "sizes"))
		}
		if lazy := webtest.Attr(img, "loading") == "lazy"; lazy != (i > 0) {
			t.Errorf("photo %d lazy=%v", i, lazy)
		}
		if alt := webtest.Attr(img, "alt"); alt == "" {
			t.Errorf("photo %d has no alt text", i)
		}
		if i == 0 {
			resp, err := http.Get(s.URL + webtest.Attr(img, "src"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" ||
				resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("photo file: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
			}
		}
	}
	if len(ratios) != 3 {
		t.Errorf("the three demo photos should be square, landscape and portrait: ratios %v", ratios)
	}
	if thumbs := p.Find("gallery-thumbs"); thumbs == nil || len(webtest.Elements(thumbs, "a")) != 3 {
		t.Error("no link to each of the three photos")
	}

	grid := c.Get("/").Find("catalog")
	cards := webtest.Elements(grid, "article")
	if len(cards) < 5 {
		t.Fatalf("%d cards", len(cards))
	}
	for i, card := range cards {
		img := webtest.Elements(card, "img")[0]
		if !strings.HasPrefix(webtest.Attr(img, "src"), "/photos/") || !strings.Contains(webtest.Attr(img, "src"), "/thumb-") {
			t.Errorf("card %d shows %q, not a photo's thumbnail", i, webtest.Attr(img, "src"))
		}
		if webtest.Attr(img, "width") == "" || webtest.Attr(img, "height") == "" || webtest.Attr(img, "srcset") == "" {
			t.Errorf("card %d img %v", i, img.Attr)
		}
		if lazy := webtest.Attr(img, "loading") == "lazy"; lazy != (i >= 4) {
			t.Errorf("card %d lazy=%v", i, lazy)
		}
	}
}
