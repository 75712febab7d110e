package dashboard_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"shop/internal/catalog"
	"shop/internal/web/webtest"
)

// jpegOf is a w×h JPEG of one colour.
func jpegOf(t *testing.T, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func photosOf(t *testing.T, s *fullShop, code string) []catalog.Photo {
	t.Helper()
	m, err := s.Store.ProductsByCode(context.Background(), []string{code})
	if err != nil {
		t.Fatal(err)
	}
	return m[code].Photos
}

func ids(photos []catalog.Photo) []int64 {
	var out []int64
	for _, p := range photos {
		out = append(out, p.ID)
	}
	return out
}

// fetch is a shopper's GET without a session.
func fetch(t *testing.T, u string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// TestAdminProductPhotos: the seller uploads several photos at once on the product page, makes the last the
// first, moves one down, gives one its own alternative text and deletes one; the shop's pages follow each step
// (the kept pages included) and serve the files with a year's caching.
func TestAdminProductPhotos(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	const code = "saffron-1m"
	edit := "/admin/products/" + code
	before := len(photosOf(t, s, code))

	// The product page is kept before the photos come: it must not stay as it was.
	if r := c.Get("/p/" + code); r.Status != http.StatusOK {
		t.Fatalf("product page: %d", r.Status)
	}

	red, green, blue := jpegOf(t, 1600, 900, color.RGBA{R: 220, A: 255}), jpegOf(t, 600, 800, color.RGBA{G: 200, A: 255}),
		jpegOf(t, 300, 300, color.RGBA{B: 220, A: 255})
	r := submitProduct(c, edit, edit+"/photos", url.Values{},
		webtest.File{Field: "photos", Name: "red.jpg", Data: red}, webtest.File{Field: "photos", Name: "green.jpg", Data: green},
		webtest.File{Field: "photos", Name: "blue.jpg", Data: blue})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("upload: status %d\n%s", r.Status, r.Body)
	}
	photos := photosOf(t, s, code)
	if len(photos) != before+3 {
		t.Fatalf("%d photos after uploading three to %d", len(photos), before)
	}
	added := ids(photos[before:])
	if f := photos[before].File(catalog.PhotoLarge); f.Width != 1200 || f.Height != 675 {
		t.Errorf("the 1600×900 upload is stored large as %s, want 1200×675", f)
	}

	page := c.Get(edit)
	if rows := page.FindAll("photo-row"); len(rows) != len(photos) || !page.Has("photo-upload") {
		t.Fatalf("the product page lists %d photos, has %d", len(rows), len(photos))
	}

	move := func(id int64, action string) webtest.Page {
		t.Helper()
		return c.Submit(edit, edit+"/photos/"+strconv.FormatInt(id, 10)+"/"+action, nil)
	}
	if r := move(added[2], "first"); r.Status != http.StatusSeeOther {
		t.Fatalf("make first: status %d", r.Status)
	}
	if got := ids(photosOf(t, s, code))[0]; got != added[2] {
		t.Fatalf("first photo is %d, want %d", got, added[2])
	}
	if r := move(added[2], "down"); r.Status != http.StatusSeeOther {
		t.Fatalf("down: status %d", r.Status)
	}
	if got := ids(photosOf(t, s, code)); got[1] != added[2] {
		t.Fatalf("after down %v", got)
	}
	if r := move(added[2], "up"); r.Status != http.StatusSeeOther || ids(photosOf(t, s, code))[0] != added[2] {
		t.Fatalf("up: status %d, %v", r.Status, ids(photosOf(t, s, code)))
	}
	if r := c.Submit(edit, edit+"/photos/"+strconv.FormatInt(added[0], 10)+"/alt", url.Values{"alt": {"  زعفران   در ظرف بلور "}}); r.Status != http.StatusSeeOther {
		t.Fatalf("alt: status %d", r.Status)
	}

	// The shop's product page: the blue photo first, every photo with its size and srcset, the alt texts.
	shop := webtest.NewClient(t, s.URL)
	pp := shop.Get("/p/" + code)
	imgs := pp.FindAll("gallery-photo")
	if len(imgs) != len(photos) {
		t.Fatalf("the product page shows %d photos, want %d", len(imgs), len(photos))
	}
	first := webtest.Elements(imgs[0], "img")[0]
	now := photosOf(t, s, code)
	wantSrc := "/photos/" + strconv.FormatInt(added[2], 10) + "/medium-" + now[0].File(catalog.PhotoMedium).Hash + ".jpg"
	if webtest.Attr(first, "src") != wantSrc || webtest.Attr(first, "width") != "300" || webtest.Attr(first, "height") != "300" {
		t.Errorf("first photo: src %q width %q height %q, want %q 300×300", webtest.Attr(first, "src"),
			webtest.Attr(first, "width"), webtest.Attr(first, "height"), wantSrc)
	}
	if webtest.Attr(first, "loading") == "lazy" {
		t.Error("the first photo is lazy: it is the top of the page")
	}
	redImg := webtest.Elements(imgs[slices.Index(ids(now), added[0])], "img")[0]
	if webtest.Attr(redImg, "alt") != "زعفران در ظرف بلور" || webtest.Attr(redImg, "loading") != "lazy" ||
		webtest.Attr(redImg, "width") != "640" || webtest.Attr(redImg, "height") != "360" {
		t.Errorf("red photo: %v", redImg.Attr)
	}
	set := webtest.Attr(redImg, "srcset")
	for _, w := range []string{"320w", "640w", "1200w"} {
		if !strings.Contains(set, w) {
			t.Errorf("srcset %q lacks %s", set, w)
		}
	}
	if webtest.Attr(redImg, "sizes") == "" {
		t.Error("no sizes beside the srcset")
	}
	if !pp.Has("gallery-thumbs") {
		t.Error("no thumbnails for several photos")
	}
	// The catalog's card shows the first photo's thumbnail.
	card := shop.Get("/").Find("product-" + code)
	cardImg := webtest.Elements(card, "img")[0]
	if want := "/photos/" + strconv.FormatInt(added[2], 10) + "/thumb-"; !strings.HasPrefix(webtest.Attr(cardImg, "src"), want) {
		t.Errorf("card picture %q, want the first photo's thumbnail", webtest.Attr(cardImg, "src"))
	}

	// The file: the right type, cached for a year, and not under another hash.
	resp, body := fetch(t, s.URL+webtest.Attr(first, "src"))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || resp.Header.Get("Set-Cookie") != "" {
		t.Fatalf("photo file: %d %q %q cookie %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), resp.Header.Get("Set-Cookie"))
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(body)); err != nil || cfg.Width != 300 {
		t.Fatalf("served file: %v, %+v", err, cfg)
	}
	if resp, _ := fetch(t, s.URL+webtest.Attr(first, "src"), "If-None-Match", resp.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
		t.Errorf("again with its ETag: %d", resp.StatusCode)
	}
	for _, bad := range []string{
		"/photos/" + strconv.FormatInt(added[2], 10) + "/medium-0000000000.jpg",
		"/photos/" + strconv.FormatInt(added[2], 10) + "/huge-" + now[0].File(catalog.PhotoMedium).Hash + ".jpg",
		"/photos/999999/thumb-abc.jpg", "/photos/x/thumb-abc.jpg",
	} {
		if resp, _ := fetch(t, s.URL+bad); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, resp.StatusCode)
		}
	}

	// Delete: gone from the product, its files no longer served, the page follows.
	if r := move(added[2], "delete"); r.Status != http.StatusSeeOther {
		t.Fatalf("delete: status %d", r.Status)
	}
	if got := ids(photosOf(t, s, code)); slices.Contains(got, added[2]) || len(got) != before+2 {
		t.Fatalf("after delete %v", got)
	}
	if resp, _ := fetch(t, s.URL+wantSrc); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a deleted photo's file: %d", resp.StatusCode)
	}
	if strings.Contains(shop.Get("/p/"+code).Body, wantSrc) {
		t.Error("the product page still shows the deleted photo")
	}

	// Someone else's photo, or one that is not there: 404, nothing changes.
	other := photosOf(t, s, "lahijan-tea-500")
	for _, path := range []string{edit + "/photos/" + strconv.FormatInt(added[2], 10) + "/first", edit + "/photos/abc/up"} {
		if r := c.Submit(edit, path, nil); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, r.Status)
		}
	}
	if len(other) > 0 {
		if r := c.Submit(edit, edit+"/photos/"+strconv.FormatInt(other[0].ID, 10)+"/delete", nil); r.Status != http.StatusNotFound {
			t.Errorf("another product's photo deleted through this one: %d", r.Status)
		}
	}
}

// TestAdminPhotoUploadRefused: what is not a photo is refused with a Persian message beside the upload, and
// nothing of the upload is kept.
func TestAdminPhotoUploadRefused(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	const code = "saffron-1m"
	edit := "/admin/products/" + code
	good := jpegOf(t, 40, 40, color.White)
	tests := []struct {
		name  string
		files []webtest.File
	}{
		{"svg", []webtest.File{{Field: "photos", Name: "x.svg", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)}}},
		{"html named jpg", []webtest.File{{Field: "photos", Name: "x.jpg", Data: []byte(`<html><script>alert(1)</script></html>`)}}},
		{"a good one with a bad one", []webtest.File{{Field: "photos", Name: "ok.jpg", Data: good}, {Field: "photos", Name: "bad.png", Data: []byte("\x89PNG\r\n\x1a\nnope")}}},
		{"a bomb", []webtest.File{{Field: "photos", Name: "bomb.png", Data: pngHeader(60_000, 60_000)}}},
		{"over the size", []webtest.File{{Field: "photos", Name: "big.jpg", Data: append(bytes.Clone(good), make([]byte, catalog.MaxPhotoBytes)...)}}},
		{"too many at once", slices.Repeat([]webtest.File{{Field: "photos", Name: "ok.jpg", Data: good}}, catalog.MaxPhotosPerUpload+1)},
		{"none chosen", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := photosOf(t, s, code)
			r := submitProduct(c, edit, edit+"/photos", url.Values{}, tt.files...)
			msg, _ := r.Text("error-photos")
			if r.Status != http.StatusUnprocessableEntity || !persianLetters.MatchString(msg) {
				t.Fatalf("status %d, message %q", r.Status, msg)
			}
			if after := photosOf(t, s, code); !slices.Equal(ids(after), ids(before)) {
				t.Fatalf("a refused upload changed the photos: %v -> %v", ids(before), ids(after))
			}
		})
	}
}

// TestAdminNewProductWithPhotos: the new-product form takes photos with it; a refused one refuses the form.
func TestAdminNewProductWithPhotos(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	form := validProduct()
	r := submitProduct(c, "/admin/products/new", "/admin/products", form, webtest.File{Field: "image", Name: "x.gif", Data: []byte("GIF89a....")})
	if msg, _ := r.Text("error-image"); r.Status != http.StatusUnprocessableEntity || !persianLetters.MatchString(msg) {
		t.Fatalf("a gif: status %d, %q", r.Status, msg)
	}
	if m, _ := s.Store.ProductsByCode(context.Background(), []string{"rose-water-1l"}); len(m) != 0 {
		t.Fatal("a refused form saved the product")
	}
	r = submitProduct(c, "/admin/products/new", "/admin/products", validProduct(),
		webtest.File{Field: "image", Name: "a.jpg", Data: jpegOf(t, 500, 700, color.White)},
		webtest.File{Field: "image", Name: "b.jpg", Data: jpegOf(t, 700, 500, color.Black)})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.Status, r.Body)
	}
	if photos := photosOf(t, s, "rose-water-1l"); len(photos) != 2 || photos[0].File(catalog.PhotoThumb).Width != 229 {
		t.Fatalf("photos %+v", photos)
	}
	list := c.Get("/admin/products")
	for _, row := range list.FindAll("product-row") {
		if webtest.Attr(row, "data-code") == "rose-water-1l" && !strings.HasPrefix(webtest.Attr(webtest.Elements(row, "img")[0], "src"), "/photos/") {
			t.Error("the products list does not show the first photo")
		}
	}
}

// TestAdminPhotoBodyLimits: the photo forms take several photos, other forms keep the small limit, and a body
// over the limit is cut off whether or not it says its length.
func TestAdminPhotoBodyLimits(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	edit := "/admin/products/saffron-1m"
	over := catalog.MaxPhotosPerUpload*catalog.MaxPhotoBytes + 2<<20
	for _, path := range []string{edit, edit + "/photos"} {
		tok := c.Get(edit).CSRF()
		for _, chunked := range []bool{false, true} {
			body := io.MultiReader(strings.NewReader("_csrf="+tok+"&name="), io.LimitReader(repeatX{}, int64(over)))
			req, _ := http.NewRequest(http.MethodPost, s.URL+path, body)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if chunked {
				req.ContentLength = -1
			} else {
				req.ContentLength = int64(len("_csrf="+tok+"&name=") + over)
			}
			resp, err := c.HTTP.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("%s (chunked %v): status %d, want 413", path, chunked, resp.StatusCode)
			}
		}
	}
	tok := c.Get("/admin/products").CSRF()
	if r := c.Post(edit+"/hide", url.Values{"_csrf": {tok}, "pad": {strings.Repeat("x", 300<<10)}}); r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("another form: status %d, want 413", r.Status)
	}
	for _, bad := range []string{"../shop.db", "saffron.svg", strings.Repeat("a", 64) + ".svg"} {
		if r := c.Get("/product-images/" + url.PathEscape(bad)); r.Status != http.StatusNotFound {
			t.Errorf("/product-images/%s: status %d, want 404", bad, r.Status)
		}
	}
}

type repeatX struct{}

func (repeatX) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// pngHeader is a PNG whose header says w×h with no pixels after it: what a decompression bomb looks like before
// it is inflated.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	chunk := append([]byte("IHDR"), ihdr...)
	out := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d"), chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}
