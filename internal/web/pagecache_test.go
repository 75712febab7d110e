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
