package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
	"github.com/maypok86/otter/v2"

	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// The catalog's pages — the catalog, each category, each product — are the shop's busiest, and a shopper's copy
// of one differs from the next shopper's only by what the key below names (no page carries a per-shopper token:
// csrf.go). They are kept rendered and gzipped once, by everything they show, in a cache bounded by bytes; a
// request for one is a lookup. Each carries a weak ETag of its bytes, so a browser that has the page already
// (Cache-Control: private, no-cache: it asks every time) gets a 304 without a body. Every other page is rendered
// and compressed per request (render.go) and sent with no-store.

// DefaultPageCacheBytes bounds the kept pages' memory when the setting is 0.
const DefaultPageCacheBytes = 16 << 20

// keptLevel is the compression of a kept page: it is compressed once and sent many times, so the smallest output
// pays for itself (BenchmarkCompressionLevels: the catalog page at level 9 against the stateless level used per
// request).
const keptLevel = gzip.BestCompression

// viewKey names a page by everything it shows, so that the catalog's pages are neither built nor rendered again
// while none of it changes.
type viewKey struct {
	route   string         // the path, with whatever the handler read from it
	version uint64         // the catalog load the page was built from (catalog.Snapshot.Shared)
	extra   int            // one more number the page shows: the product page's count in the basket
	ranking uint64         // the sales a best-selling page was sorted by (soldCounts' generation)
	page    templates.Page // the layout's parts; the request id is left out
}

// keptPage is a page as it is sent.
type keptPage struct {
	gz   []byte // the page gzipped
	etag string // W/"…": the page's SHA-256, shortened
}

type pageCache struct {
	pages *otter.Cache[viewKey, *keptPage]
}

// keyBytes is about what a key and an entry cost besides the page itself (the key's strings, otter's node).
const keyBytes = 512

func newPageCache(maxBytes int64) (*pageCache, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultPageCacheBytes
	}
	pages, err := otter.New(&otter.Options[viewKey, *keptPage]{
		MaximumWeight: uint64(maxBytes),
		Weigher: func(k viewKey, p *keptPage) uint32 {
			return uint32(len(p.gz) + len(k.route) + len(k.page.Title) + len(k.page.ShopTitle) + len(k.page.ShopContact) + keyBytes)
		},
	})
	if err != nil {
		return nil, err
	}
	return &pageCache{pages: pages}, nil
}

// renderView serves the page named key: from the cache when it is there, else built, rendered, kept and served.
// Shoppers who ask for a page not kept yet at the same moment wait for one of them to build it (otter's Get). A
// page with a one-time message is not kept, nor is one without a key (the catalog cannot say its version).
func (s *Server) renderView(c echo.Context, key *viewKey, build func() (templ.Component, error)) error {
	if key == nil || key.page.Flash.Message != "" {
		component, err := build()
		if err != nil {
			return err
		}
		return s.render(c, http.StatusOK, component)
	}
	key.page.RequestID = ""
	kept, err := s.pages.pages.Get(c.Request().Context(), *key, otter.LoaderFunc[viewKey, *keptPage](
		func(ctx context.Context, _ viewKey) (*keptPage, error) {
			component, err := build()
			if err != nil {
				return nil, err
			}
			return keep(ctx, component)
		}))
	if err != nil {
		return err
	}
	return s.sendKept(c, kept)
}

// keep renders and compresses a page for the cache.
func keep(ctx context.Context, component templ.Component) (*keptPage, error) {
	var page bytes.Buffer
	if err := component.Render(ctx, &page); err != nil {
		return nil, err
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, keptLevel)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(page.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(page.Bytes())
	return &keptPage{gz: bytes.Clone(gz.Bytes()), etag: `W/"` + hex.EncodeToString(sum[:12]) + `"`}, nil
}

// sendKept answers with a kept page: 304 when the browser has it, gzipped, or inflated for a client without gzip.
func (s *Server) sendKept(c echo.Context, p *keptPage) error {
	if err := s.commitSession(c); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", p.etag)
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	if etagMatches(c.Request().Header.Get("If-None-Match"), p.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	if httpkit.AcceptsGzip(c.Request()) {
		return httpkit.SendGzipped(c, http.StatusOK, echo.MIMETextHTMLCharsetUTF8, p.gz)
	}
	zr, err := gzip.NewReader(bytes.NewReader(p.gz))
	if err != nil {
		return fmt.Errorf("web: kept page: %w", err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("web: kept page: %w", err)
	}
	return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, plain)
}

// etagMatches is If-None-Match's weak comparison (RFC 9110 13.1.2): any listed tag equal to etag, W/ aside, or *.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
			return true
		}
	}
	return false
}
