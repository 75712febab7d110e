package web

import (
	"bytes"
	"compress/flate"
	stdgzip "compress/gzip"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// gunzip reads a gzip stream with the standard library, the way a browser's inflater would.
func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := stdgzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gzip header: %v", err)
	}
	zr.Multistream(false)
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip stream: %v", err)
	}
	return out
}

func TestStitchedPages(t *testing.T) {
	ph := tokenPlaceholder
	card := `<article class="card"><h2>زعفران سرگل یک مثقالی</h2><p>قیمت: ۱۲۰٬۰۰۰ تومان</p>` +
		`<form method="post" action="/cart/add"><input type="hidden" name="_csrf" value="` + ph + `"/>` +
		`<button>افزودن به سبد</button></form></article>`
	tests := map[string]string{
		"no hole":              strings.Repeat("<p>سلام دنیا</p>", 400),
		"one hole":             "<html>" + strings.Repeat(card, 1) + strings.Repeat("<p>پایان</p>", 300),
		"many holes":           "<html>" + strings.Repeat(card, 40) + "</html>",
		"hole first and last":  ph + strings.Repeat("<i>x</i>", 700) + ph,
		"adjacent holes":       strings.Repeat("a", 5000) + ph + ph + ph + strings.Repeat("b", 10),
		"page looks like hole": strings.Repeat(ph[:10], 600) + ph,
	}
	for name, page := range tests {
		t.Run(name, func(t *testing.T) {
			e, err := stitch([]byte(page), 86)
			if err != nil {
				t.Fatal(err)
			}
			for _, token := range []string{strings.Repeat("A", 86), strings.Repeat("z9-_", 21) + "QQ", strings.Repeat("\x01", 86)} {
				got := gunzip(t, e.appendGzip(nil, token))
				if want := strings.ReplaceAll(page, ph, token); string(got) != want {
					t.Fatalf("token %q: the page came back different (%d bytes, want %d)", token[:4], len(got), len(want))
				}
			}
		})
	}
}

// TestStitchedPagesCompress: compressed with holes, a page shrinks about as much as compressed whole.
func TestStitchedPagesCompress(t *testing.T) {
	card := `<article class="card"><h2>زعفران سرگل یک مثقالی</h2><p>قیمت: ۱۲۰٬۰۰۰ تومان</p>` +
		`<form method="post" action="/cart/add"><input type="hidden" name="_csrf" value="` + tokenPlaceholder + `"/>` +
		`<button>افزودن به سبد</button></form></article>`
	page := []byte("<html>" + strings.Repeat(card, 12) + "</html>")
	e, err := stitch(page, 86)
	if err != nil {
		t.Fatal(err)
	}
	stitched := len(e.appendGzip(nil, strings.Repeat("k", 86)))
	var whole bytes.Buffer
	zw, _ := stdgzip.NewWriterLevel(&whole, stdgzip.DefaultCompression)
	zw.Write(fillHoles(page, strings.Repeat("k", 86)))
	zw.Close()
	t.Logf("page %d bytes: stitched %d, whole %d", len(page), stitched, whole.Len())
	// The first hole costs its token in clear and each later one a copy of it (about ten bytes); the rest
	// compresses as before.
	if limit := whole.Len() + 86 + 12*16; stitched > limit {
		t.Fatalf("stitched %d bytes, more than %d", stitched, limit)
	}
}

func TestPageCacheServesEachShopperTheirToken(t *testing.T) {
	pc := newPageCache()
	e := echo.New()
	page := []byte("<html>" + strings.Repeat(`<form><input name="_csrf" value="`+tokenPlaceholder+`"></form><p>محصول</p>`, 200) + "</html>")
	for i, token := range []string{strings.Repeat("a", 86), strings.Repeat("b", 86), strings.Repeat("c", 86), strings.Repeat("d", 86)} {
		for _, gz := range []bool{true, false} {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if gz {
				req.Header.Set("Accept-Encoding", "gzip")
			}
			rec := httptest.NewRecorder()
			if err := pc.send(e.NewContext(req, rec), http.StatusOK, page, token, true); err != nil {
				t.Fatal(err)
			}
			body := rec.Body.Bytes()
			if gz {
				if rec.Header().Get("Content-Encoding") != "gzip" {
					t.Fatalf("request %d: not gzipped", i)
				}
				body = gunzip(t, body)
			}
			if want := fillHoles(page, token); !bytes.Equal(body, want) {
				t.Fatalf("request %d (gzip %v): wrong page", i, gz)
			}
			if strings.Contains(string(body), tokenPlaceholder) {
				t.Fatal("the placeholder reached the shopper")
			}
		}
	}
	if pc.entries.Len() != 1 {
		t.Fatalf("%d pages kept, want 1 (the page was seen four times)", pc.entries.Len())
	}
}

func TestPageCacheKeepsNoDashboardPage(t *testing.T) {
	pc := newPageCache()
	e := echo.New()
	page := []byte(strings.Repeat(`<p>نشانی مشتری</p><input value="`+tokenPlaceholder+`">`, 300))
	for range 3 {
		req := httptest.NewRequest(http.MethodGet, "/admin/orders/1", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		if err := pc.send(e.NewContext(req, rec), http.StatusOK, page, strings.Repeat("t", 86), false); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gunzip(t, rec.Body.Bytes()), fillHoles(page, strings.Repeat("t", 86))) {
			t.Fatal("wrong page")
		}
	}
	if pc.entries.Len() != 0 || pc.seen.Len() != 0 {
		t.Fatal("a dashboard page was kept")
	}
}

func FuzzStitchedPage(f *testing.F) {
	f.Add("<p>سلام</p>"+tokenPlaceholder+"<p>سلام</p>", uint8(86))
	f.Add(tokenPlaceholder+tokenPlaceholder, uint8(3))
	f.Add("", uint8(0))
	f.Fuzz(func(t *testing.T, page string, n uint8) {
		// Placeholders go in where the fuzzer writes "@", as the page's forms would have them.
		page = strings.ReplaceAll(strings.ReplaceAll(page, "\x01", ""), "@", tokenPlaceholder)
		token := strings.Repeat("Z", int(n))
		e, err := stitch([]byte(page), len(token))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := gunzip(t, e.appendGzip(nil, token)), fillHoles([]byte(page), token); !bytes.Equal(got, want) {
			t.Fatalf("page %q: got %q", page, got)
		}
	})
}

// TestCopyBlock inflates a stored token followed by copyBlock for every length and a spread of distances.
func TestCopyBlock(t *testing.T) {
	for length := 3; length <= 258; length++ {
		for _, distance := range []int{1, 2, 4, 5, 100, 257, 1024, 1025, 24577, 32767, 32768} {
			src := bytes.Repeat([]byte("ab"), 20000)[:max(distance, length)]
			// A stored block with src, then the copy, then an empty final block.
			var raw []byte
			for i := 0; i < len(src); i += 65535 {
				part := src[i:min(len(src), i+65535)]
				raw = append(raw, 0, byte(len(part)), byte(len(part)>>8), ^byte(len(part)), ^byte(len(part)>>8))
				raw = append(raw, part...)
			}
			block := copyBlock(length, distance)
			if block == nil {
				t.Fatalf("length %d distance %d: no block", length, distance)
			}
			raw = append(append(raw, block...), 3, 0) // 3, 0: a final empty fixed-Huffman block
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
			if err != nil {
				t.Fatalf("length %d distance %d: %v", length, distance, err)
			}
			want := append([]byte{}, src...)
			for k := 0; k < length; k++ {
				want = append(want, want[len(want)-distance])
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("length %d distance %d: wrong bytes", length, distance)
			}
		}
	}
	for _, bad := range [][2]int{{2, 10}, {259, 1000}, {10, 0}, {10, 32769}} {
		if copyBlock(bad[0], bad[1]) != nil {
			t.Errorf("copyBlock(%d, %d) should be nil", bad[0], bad[1])
		}
	}
}

// TestPageCRC: the CRC put together from the holes' positions is the CRC of the page with the token in.
func TestPageCRC(t *testing.T) {
	pages := [][]string{{"only one part"}, {"", ""}, {"a", "b"}, {"<p>سلام</p>", strings.Repeat("x", 5000), "", "end"},
		{strings.Repeat("y", 40000), "z"}}
	for _, parts := range pages {
		for _, token := range []string{"", "k", strings.Repeat("Qw-_", 21) + "zz"} {
			static := make([][]byte, len(parts))
			for i, p := range parts {
				static[i] = []byte(p)
			}
			c := newPageCRC(static, len(token))
			if got, want := c.sum(token), crc32.ChecksumIEEE([]byte(strings.Join(parts, token))); got != want {
				t.Errorf("%d parts, token of %d: CRC %08x, want %08x", len(parts), len(token), got, want)
			}
		}
	}
}

// fillHoles is the page a shopper with token should get.
func fillHoles(page []byte, token string) []byte {
	return bytes.ReplaceAll(page, []byte(tokenPlaceholder), []byte(token))
}

func TestMayKeep(t *testing.T) {
	e := echo.New()
	for path, want := range map[string]bool{
		"/": true, "/cart": true, "/search": true, "/c/food": true, "/p/saffron-1m": true,
		"/admin": false, "/admin/orders/12": false, "/checkout": false, "/orders/tok": false, "/track": false,
		"/payment/callback/tok": false,
	} {
		c := e.NewContext(httptest.NewRequest(http.MethodGet, path, nil), httptest.NewRecorder())
		if got := mayKeep(c); got != want {
			t.Errorf("mayKeep(%s) = %v, want %v", path, got, want)
		}
	}
}
