package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestSameBytesServerAnswersAsTheShop: a page captured from a shop-like handler is answered by the same-bytes
// server with the same status, headers and gzipped body, for the kind of client (with or without a cookie) it was
// captured for, and not for the other.
func TestSameBytesServerAnswersAsTheShop(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(bytes.Repeat([]byte("<p>زعفران</p>"), 2000))
	_ = zw.Close()
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Vary", "Accept-Encoding")
		w.Header().Set("Etag", `W/"abc"`)
		w.Header().Set("X-Request-Id", "r1")
		if r.Header.Get("Cookie") != "" {
			w.Header().Set("Cache-Control", "private, no-cache")
		}
		_, _ = w.Write(gz.Bytes())
	}))
	defer shop.Close()
	same := httptest.NewServer(replayHandler())
	defer same.Close()
	ctx := context.Background()

	for _, tc := range []struct {
		name   string
		path   string
		cookie string
	}{{"first visit", "/p/first", ""}, {"returning", "/p/returning", "shop=abc"}} {
		t.Run(tc.name, func(t *testing.T) {
			tr := transport(1)
			defer tr.CloseIdleConnections()
			c := newClient(shop.URL, tr, 0)
			c.forgetCookies()
			c.cookie = tc.cookie
			want, err := c.get(ctx, tc.path, http.StatusOK)
			if err != nil {
				t.Fatal(err)
			}
			p := &proc{url: same.URL}
			if err := p.register(ctx, replayed{Path: tc.path, Cookie: tc.cookie != "", Status: want.status, Header: want.header, Body: want.raw}); err != nil {
				t.Fatal(err)
			}
			c.base = same.URL
			got, err := c.get(ctx, tc.path, http.StatusOK)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.raw, want.raw) || !got.gzipped {
				t.Errorf("body: %d bytes (gzip %t), want the shop's %d", len(got.raw), got.gzipped, len(want.raw))
			}
			for k := range want.header {
				if got.header.Get(k) != want.header.Get(k) {
					t.Errorf("header %s: %q, want the shop's %q", k, got.header.Get(k), want.header.Get(k))
				}
			}
			if len(got.header) != len(want.header) {
				t.Errorf("headers %v, want the shop's %v", got.header, want.header)
			}
			if want.header.Get("Content-Length") == "" {
				t.Error("the capture lost Content-Length")
			}
			other := newClient(same.URL, tr, 1) // the other kind of client
			other.forgetCookies()
			if tc.cookie == "" {
				other.cookie = "shop=other"
			}
			if r, err := other.do(ctx, http.MethodGet, tc.path, nil); err != nil || r.status != http.StatusNotFound {
				t.Errorf("the other kind of client got this page: %d, %v", r.status, err)
			}
		})
	}
}
