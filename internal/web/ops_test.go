package web_test

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/metrics"
	"shop/internal/store"
	"shop/internal/web"
	"shop/web/static"
)

// opsShop is the storefront with metrics on, readiness from ready, and the given metrics token.
func opsShop(t *testing.T, ready func(context.Context) error, token string, secure bool) *httptest.Server {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.SeedProducts(context.Background(), catalog.DemoProducts()); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Deps{Catalog: catalog.NewSnapshot(st, 0), PriceUnit: iran.Toman, Logger: slog.New(slog.DiscardHandler),
		Sessions: web.NewSessionStore([]byte("test-secret-test-secret-test-secret!"), secure), SecureCookies: secure,
		Ready: ready, Metrics: metrics.New(), MetricsToken: token})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// fetch sends one request with the given headers and no transparent decompression, and returns the raw answer.
func fetch(t *testing.T, method, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestStaticFilesStandApart(t *testing.T) {
	ts := opsShop(t, nil, "", false)
	cssBytes, err := fs.ReadFile(static.FS(), "css/shop.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(cssBytes)
	for _, tc := range []struct {
		name, path, encoding string
		wantGzip             bool
		wantCache            string
	}{
		{"hashed stylesheet, gzip", static.URL("css/shop.css"), "gzip", true, "public, max-age=31536000, immutable"},
		{"hashed stylesheet, plain", static.URL("css/shop.css"), "", false, "public, max-age=31536000, immutable"},
		{"stale hash: an hour", "/static/css/shop.css?v=00000000", "gzip", true, "public, max-age=3600"},
		{"script", static.URL("js/shop.js"), "gzip", true, "public, max-age=31536000, immutable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := fetch(t, http.MethodGet, ts.URL+tc.path, map[string]string{"Accept-Encoding": tc.encoding})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if c := resp.Header.Values("Set-Cookie"); len(c) > 0 {
				t.Errorf("Set-Cookie %v on a static file", c)
			}
			if v := resp.Header.Values("Vary"); strings.Contains(strings.Join(v, ","), "Cookie") {
				t.Errorf("Vary %v on a static file", v)
			}
			if got := resp.Header.Get("Cache-Control"); got != tc.wantCache {
				t.Errorf("Cache-Control %q, want %q", got, tc.wantCache)
			}
			gz := resp.Header.Get("Content-Encoding") == "gzip"
			if gz != tc.wantGzip {
				t.Fatalf("Content-Encoding %q, want gzip %v", resp.Header.Get("Content-Encoding"), tc.wantGzip)
			}
			if tc.path == static.URL("css/shop.css") {
				got := string(body)
				if gz {
					got = gunzip(t, body)
				}
				if got != css {
					t.Errorf("body differs from the embedded file (%d bytes, want %d)", len(got), len(css))
				}
			}
		})
	}
	t.Run("woff2 is sent as it is", func(t *testing.T) {
		entries, _ := fs.ReadDir(static.FS(), "fonts")
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".woff2") {
				continue
			}
			resp, _ := fetch(t, http.MethodGet, ts.URL+static.URL("fonts/"+name), map[string]string{"Accept-Encoding": "gzip"})
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("Content-Type") != "font/woff2" {
				t.Errorf("%s: status %d, encoding %q, type %q", name, resp.StatusCode, resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"))
			}
		}
	})
	t.Run("unchanged file answers 304", func(t *testing.T) {
		first, _ := fetch(t, http.MethodGet, ts.URL+static.URL("css/shop.css"), map[string]string{"Accept-Encoding": "gzip"})
		again, body := fetch(t, http.MethodGet, ts.URL+static.URL("css/shop.css"),
			map[string]string{"Accept-Encoding": "gzip", "If-None-Match": first.Header.Get("ETag")})
		if again.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("status %d with %d bytes, want 304 and none", again.StatusCode, len(body))
		}
	})
}

func TestPagesAreGzipped(t *testing.T) {
	ts := opsShop(t, nil, "", false)
	for _, tc := range []struct {
		path string
		gzip bool
	}{
		{"/", true},
		{"/cart", false}, // an empty basket is under httpkit.GzipMinLength: sent as it is
	} {
		t.Run(tc.path, func(t *testing.T) {
			path := tc.path
			resp, body := fetch(t, http.MethodGet, ts.URL+path, map[string]string{"Accept-Encoding": "gzip"})
			if resp.StatusCode != http.StatusOK || (resp.Header.Get("Content-Encoding") == "gzip") != tc.gzip {
				t.Fatalf("status %d, Content-Encoding %q, want gzip %v", resp.StatusCode, resp.Header.Get("Content-Encoding"), tc.gzip)
			}
			if vary := strings.Join(resp.Header.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Encoding") {
				t.Errorf("Vary %q lacks Accept-Encoding", vary)
			}
			html := string(body)
			if tc.gzip {
				html = gunzip(t, body)
			}
			if !strings.Contains(html, "</html>") || !persianLetters.MatchString(html) {
				t.Errorf("decoded body is not the Persian page: %.200s", html)
			}
			t.Logf("%s: %d bytes sent, %d plain", path, len(body), len(html))
		})
	}
	t.Run("no gzip unless asked", func(t *testing.T) {
		resp, body := fetch(t, http.MethodGet, ts.URL+"/", nil)
		if resp.Header.Get("Content-Encoding") != "" || !strings.Contains(string(body), "</html>") {
			t.Errorf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
	})
}

func TestHeadIsAnsweredWhereGetIs(t *testing.T) {
	ts := opsShop(t, nil, "", false)
	for _, path := range []string{"/", "/healthz", "/readyz", "/p/saffron-1m", "/cart", static.URL("css/shop.css")} {
		t.Run(path, func(t *testing.T) {
			resp, body := fetch(t, http.MethodHead, ts.URL+path, map[string]string{"Accept-Encoding": "gzip"})
			if resp.StatusCode != http.StatusOK || len(body) != 0 {
				t.Errorf("HEAD %s: status %d, %d body bytes; want 200 and none", path, resp.StatusCode, len(body))
			}
		})
	}
	if resp, _ := fetch(t, http.MethodHead, ts.URL+"/p/no-such-thing", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("HEAD of a missing product: %d, want 404", resp.StatusCode)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	for _, tc := range []struct {
		name      string
		ready     error
		wantReady int
	}{
		{"database answers", nil, http.StatusOK},
		{"database lost", errors.New("disk I/O error"), http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := opsShop(t, func(context.Context) error { return tc.ready }, "", false)
			if resp, _ := fetch(t, http.MethodGet, ts.URL+"/healthz", nil); resp.StatusCode != http.StatusOK {
				t.Errorf("/healthz %d: alive whatever the database says", resp.StatusCode)
			}
			if resp, _ := fetch(t, http.MethodGet, ts.URL+"/readyz", nil); resp.StatusCode != tc.wantReady {
				t.Errorf("/readyz %d, want %d", resp.StatusCode, tc.wantReady)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	t.Run("content, by route pattern", func(t *testing.T) {
		ts := opsShop(t, nil, "", false)
		for _, p := range []string{"/p/saffron-1m", "/p/lahijan-tea-500", "/p/nope", static.URL("css/shop.css"), "/wp-login.php"} {
			fetch(t, http.MethodGet, ts.URL+p, nil)
		}
		resp, body := fetch(t, http.MethodGet, ts.URL+"/metrics", nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		text := string(body)
		for _, want := range []string{
			`shop_http_requests_total{code="200",method="GET",route="/p/:code"} 2`,
			`shop_http_requests_total{code="404",method="GET",route="/p/:code"} 1`,
			`shop_http_requests_total{code="200",method="GET",route="/static/*"} 1`,
			`shop_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
			`shop_http_request_duration_seconds_bucket{method="GET",route="/p/:code",le="+Inf"} 3`,
			"go_goroutines", "process_resident_memory_bytes",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("metrics lack %q", want)
			}
		}
		if strings.Contains(text, "saffron-1m") || strings.Contains(text, "wp-login") {
			t.Error("a raw path leaked into the labels")
		}
		if c := resp.Header.Values("Set-Cookie"); len(c) > 0 {
			t.Errorf("Set-Cookie %v on /metrics", c)
		}
	})
	for _, tc := range []struct {
		name   string
		token  string
		secure bool
		header map[string]string
		want   int
	}{
		{"loopback, no token set", "", false, nil, http.StatusOK},
		{"through a proxy, no token set", "", false, map[string]string{"X-Forwarded-For": "5.6.7.8"}, http.StatusNotFound},
		{"behind https, no token set", "", true, nil, http.StatusNotFound},
		{"token set, none sent", "s3cret-token", false, nil, http.StatusNotFound},
		{"token set, wrong one", "s3cret-token", false, map[string]string{"Authorization": "Bearer guess"}, http.StatusNotFound},
		{"token set and sent", "s3cret-token", true, map[string]string{"Authorization": "Bearer s3cret-token", "X-Forwarded-For": "5.6.7.8"}, http.StatusOK},
	} {
		t.Run("access: "+tc.name, func(t *testing.T) {
			ts := opsShop(t, nil, tc.token, tc.secure)
			if resp, _ := fetch(t, http.MethodGet, ts.URL+"/metrics", tc.header); resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
}
