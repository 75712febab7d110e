package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"shop/internal/web/webtest"
)

// BenchmarkPages measures the storefront's pages served in-process to a browser that takes gzip: the catalog and
// product pages come kept (pagecache.go), the basket is rendered each time. A first visit sends no cookie; a
// returning shopper sends the session of a basket of three lines.
func BenchmarkPages(b *testing.B) {
	for _, tc := range []struct {
		name, path string
		firstVisit bool
	}{{"catalog, first visit", "/", true}, {"product, first visit", "/p/saffron-1m", true},
		{"catalog", "/", false}, {"product", "/p/saffron-1m", false}, {"basket with 3 lines", "/cart", false}} {
		b.Run(tc.name, func(b *testing.B) {
			ts, _ := newShopTB(b)
			c := webtest.NewClient(b, ts.URL)
			for _, code := range []string{"saffron-1m", "ebook-cooking", "samovar-install"} {
				c.Submit("/", "/cart/add", url.Values{"code": {code}})
			}
			c.Get("/cart") // shows the basket's one-time message, so the cookie measured carries none
			req, _ := http.NewRequest(http.MethodGet, ts.URL+tc.path, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			u, _ := url.Parse(ts.URL)
			for _, ck := range c.HTTP.Jar.Cookies(u) {
				if !tc.firstVisit {
					req.AddCookie(ck)
				}
			}
			handler := ts.Config.Handler
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				w := httptest.NewRecorder()
				handler.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
