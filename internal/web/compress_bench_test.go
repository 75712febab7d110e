package web_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// BenchmarkCompressionLevels compresses the shop's real catalog and product pages at the levels worth considering
// and reports the bytes each sends: a kept page (pagecache.go) is compressed once and sent many times, so its
// level is chosen by size; a page rendered per request (render.go) pays its level's time on every request.
func BenchmarkCompressionLevels(b *testing.B) {
	ts, _ := newShopTB(b)
	for _, path := range []string{"/", "/p/saffron-1m", "/cart"} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("Accept-Encoding", "identity")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, level := range []struct {
			name  string
			level int
		}{{"stateless", gzip.StatelessCompression}, {"1", gzip.BestSpeed}, {"6", gzip.DefaultCompression}, {"9", gzip.BestCompression}} {
			b.Run(path+"/"+level.name, func(b *testing.B) {
				var out bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&out, level.level)
				b.SetBytes(int64(len(page)))
				for b.Loop() {
					out.Reset()
					zw.Reset(&out)
					_, _ = zw.Write(page)
					_ = zw.Close()
				}
				b.ReportMetric(float64(len(page)), "page-bytes")
				b.ReportMetric(float64(out.Len()), "gz-bytes")
			})
		}
	}
}
