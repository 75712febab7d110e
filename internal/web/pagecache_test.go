package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/klauspost/compress/gzip"
)

func rawPage(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	})
}

// TestPageCacheIsBoundedByBytes fills a small cache with many different pages (as shoppers with different baskets
// on a large catalog do): what it holds never passes its bound, whatever the count.
func TestPageCacheIsBoundedByBytes(t *testing.T) {
	const bound = 256 << 10
	pc, err := newPageCache(bound)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		// Pages that compress poorly, ~6 KB each: 2,000 of them are 12 MB.
		var b strings.Builder
		for j := range 300 {
			fmt.Fprintf(&b, "<p>%d-%d-%x</p>", i, j, i*7919+j*104729)
		}
		p, err := keep(context.Background(), rawPage(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		pc.pages.Set(viewKey{route: "/", extra: i}, p)
	}
	pc.pages.CleanUp()
	if got := pc.pages.WeightedSize(); got > bound {
		t.Errorf("the cache holds %d bytes, bound %d", got, bound)
	}
	if n := pc.pages.EstimatedSize(); n == 0 || n >= 2000 {
		t.Errorf("%d pages kept of 2000: want some, not all", n)
	}
}

// TestKeptPageRoundTrip: a kept page inflates to exactly what was rendered, and its ETag follows its bytes.
func TestKeptPageRoundTrip(t *testing.T) {
	page := strings.Repeat("<p>زعفران سرگل یک مثقالی</p>", 200)
	a, err := keep(context.Background(), rawPage(page))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(a.gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || string(got) != page {
		t.Fatalf("inflated page differs (%v)", err)
	}
	b, _ := keep(context.Background(), rawPage(page+"!"))
	if a.etag == b.etag || !strings.HasPrefix(a.etag, `W/"`) {
		t.Errorf("etags %q and %q", a.etag, b.etag)
	}
}

func TestETagMatches(t *testing.T) {
	const etag = `W/"abc"`
	for _, tc := range []struct {
		header string
		want   bool
	}{
		{"", false},
		{`W/"abc"`, true},
		{`"abc"`, true},
		{`"x", W/"abc"`, true},
		{`"abcd"`, false},
		{`*`, true},
		{`W/"ab"`, false},
	} {
		if got := etagMatches(tc.header, etag); got != tc.want {
			t.Errorf("etagMatches(%q) = %v, want %v", tc.header, got, tc.want)
		}
	}
}

// BenchmarkCompressionLevels compresses a catalog-sized page at the levels worth considering and reports the
// bytes each sends: a kept page is compressed once and sent many times, so its level is chosen by size; a page
// rendered per request pays its level on every request.
func BenchmarkCompressionLevels(b *testing.B) {
	var page strings.Builder
	for i := range 40 {
		fmt.Fprintf(&page, `<article class="card" data-testid="product-p%d"><a href="/p/p%d"><img src="/static/img/p%d.webp" alt="زعفران سرگل یک مثقالی %d"></a>`+
			`<h2>زعفران سرگل یک مثقالی قائنات شماره %d</h2><p class="price">۱٬۲۰۰٬۰۰۰ تومان</p><form method="post" action="/cart/add">`+
			`<input type="hidden" name="code" value="p%d"><button>افزودن به سبد</button></form></article>`, i, i, i, i, i, i)
	}
	src := []byte(page.String())
	for _, level := range []struct {
		name  string
		level int
	}{{"stateless", gzip.StatelessCompression}, {"speed-1", gzip.BestSpeed}, {"default-6", gzip.DefaultCompression}, {"best-9", gzip.BestCompression}} {
		b.Run(level.name, func(b *testing.B) {
			var out bytes.Buffer
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				out.Reset()
				zw, _ := gzip.NewWriterLevel(&out, level.level)
				_, _ = zw.Write(src)
				_ = zw.Close()
			}
			b.ReportMetric(float64(out.Len()), "gz-bytes")
		})
	}
}
