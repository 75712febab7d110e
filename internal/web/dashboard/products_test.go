package dashboard_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/web/webtest"
)

// validProduct is a product form that saves; each case below spoils one field.
func validProduct() url.Values {
	return url.Values{"code": {"rose-water-1l"}, "name": {"گلاب قمصر کاشان، یک لیتر"}, "description": {"گلاب دو آتشه."},
		"kind": {"physical"}, "price": {"۴۵۰٬۰۰۰"}, "weight": {"1100"}, "discount": {"10"}, "tax": {"9"},
		"commission": {"0"}, "marketer": {""}}
}

// submitProduct posts the product form as a browser does (multipart, with the page's CSRF token).
func submitProduct(c *webtest.Client, from, path string, form url.Values, files ...webtest.File) webtest.Page {
	c.T.Helper()
	tok := c.Get(from).CSRF()
	form.Set("_csrf", tok)
	return c.PostMultipart(path, form, files...)
}

func TestAdminProductValidation(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	tests := []struct {
		name, field, value string
		wantField          string
	}{
		{"no code", "code", "", "code"},
		{"code with spaces", "code", "rose water", "code"},
		{"code in Persian", "code", "گلاب", "code"},
		{"code taken", "code", "saffron-1m", "code"},
		{"no name", "name", "  ", "name"},
		{"name too long", "name", strings.Repeat("گ", 121), "name"},
		{"description too long", "description", strings.Repeat("x", 4001), "description"},
		{"unknown kind", "kind", "boat", "kind"},
		{"no price", "price", "", "price"},
		{"price in words", "price", "صد هزار", "price"},
		{"price zero", "price", "0", "price"},
		{"price with decimals", "price", "12.5", "price"},
		{"physical without weight", "weight", "", "weight"},
		{"physical weighing nothing", "weight", "0", "weight"},
		{"negative weight", "weight", "-3", "weight"},
		{"discount over 100", "discount", "101", "discount"},
		{"tax below 0", "tax", "-1", "tax"},
		{"commission not a number", "commission", "five", "commission"},
		{"marketer with letters", "marketer", "12a", "marketer"},
		{"commission without marketer", "commission", "5", "marketer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := validProduct()
			form.Set(tt.field, tt.value)
			p := submitProduct(c, "/admin/products/new", "/admin/products", form)
			if p.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", p.Status, p.Body)
			}
			msg, ok := p.Text("error-" + tt.wantField)
			if !ok || !persianLetters.MatchString(msg) {
				t.Fatalf("no Persian message beside %q (got %q)", tt.wantField, msg)
			}
			// Only the spoiled field complains, and what was typed comes back.
			if n := strings.Count(p.Body, `class="field-error"`); n != 1 {
				t.Errorf("%d field messages, want 1", n)
			}
			if tt.field != "name" && p.Attr("p-name", "value") != form.Get("name") {
				t.Errorf("name came back as %q", p.Attr("p-name", "value"))
			}
		})
	}
	all, err := s.Store.AllProducts(context.Background())
	if err != nil || len(all) != len(catalog.DemoProducts()) {
		t.Fatalf("refused forms saved something: %d products, %v", len(all), err)
	}
}

func TestAdminProductCreateEditHide(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	ctx := context.Background()

	if list := c.Get("/admin/products"); list.Status != http.StatusOK || !list.Has("product-new") {
		t.Fatalf("products list: status %d", list.Status)
	}
	r := submitProduct(c, "/admin/products/new", "/admin/products", validProduct())
	if r.Status != http.StatusSeeOther || r.Location != "/admin/products?done=product-created" {
		t.Fatalf("create: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	m, err := s.Store.ProductsByCode(ctx, []string{"rose-water-1l"})
	p := m["rose-water-1l"]
	if err != nil || !p.Active || p.Price != 4_500_000 || p.Weight != 1100 || p.DiscountPercent != 10 || p.TaxPercent != 9 {
		t.Fatalf("stored %+v, %v; want 450,000 toman kept as 4,500,000 rials", p, err)
	}
	if shop := c.Get("/"); !shop.Has("product-rose-water-1l") {
		t.Fatal("a new product is not in the catalog")
	}

	edit := c.Get("/admin/products/rose-water-1l")
	readonly := false
	if n := edit.Find("p-code"); n != nil {
		for _, a := range n.Attr {
			readonly = readonly || a.Key == "readonly"
		}
	}
	if edit.Attr("p-price", "value") != "450000" || !readonly {
		t.Fatalf("edit form: price %q (want the display unit), code readonly %v", edit.Attr("p-price", "value"), readonly)
	}
	form := validProduct()
	form.Set("name", "گلاب قمصر، یک لیتر")
	form.Set("code", "something-else") // the code cannot be changed through the form
	form.Set("free_shipping", "1")
	if r := submitProduct(c, "/admin/products/rose-water-1l", "/admin/products/rose-water-1l", form); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: status %d\n%s", r.Status, r.Body)
	}
	m, _ = s.Store.ProductsByCode(ctx, []string{"rose-water-1l", "something-else"})
	if len(m) != 1 || m["rose-water-1l"].Name != "گلاب قمصر، یک لیتر" || !m["rose-water-1l"].FreeShipping {
		t.Fatalf("after edit: %+v", m)
	}

	if r := c.Submit("/admin/products", "/admin/products/rose-water-1l/hide", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("hide: status %d", r.Status)
	}
	if shop := c.Get("/"); shop.Has("product-rose-water-1l") {
		t.Fatal("a hidden product is still in the catalog")
	}
	if page := c.Get("/p/rose-water-1l"); page.Status != http.StatusNotFound {
		t.Fatalf("hidden product page: status %d, want 404", page.Status)
	}
	list := c.Get("/admin/products?done=product-hidden")
	if !list.Has("product-hidden") || !list.Has("product-show") || !list.Has("admin-notice") {
		t.Fatal("the list does not mark the hidden product or offer to show it again")
	}
	if r := c.Submit("/admin/products", "/admin/products/rose-water-1l/show", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("show: status %d", r.Status)
	}
	if shop := c.Get("/"); !shop.Has("product-rose-water-1l") {
		t.Fatal("a product shown again is not in the catalog")
	}
	if r := c.Submit("/admin/products", "/admin/products/no-such/hide", nil); r.Status != http.StatusNotFound {
		t.Fatalf("hide an unknown product: status %d", r.Status)
	}
	if r := c.Get("/admin/products/no-such"); r.Status != http.StatusNotFound {
		t.Fatalf("edit an unknown product: status %d", r.Status)
	}
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestAdminProductImageUpload(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	ctx := context.Background()
	const edit = "/admin/products/saffron-1m"
	form := func() url.Values {
		return url.Values{"name": {"زعفران"}, "kind": {"physical"}, "price": {"980000"}, "weight": {"60"}, "tax": {"10"}}
	}

	t.Run("png is stored and served outside the dashboard", func(t *testing.T) {
		pic := pngOf(t, 8, 8)
		r := submitProduct(c, edit, edit, form(), webtest.File{Field: "image", Name: "saffron.png", Data: pic})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("status %d\n%s", r.Status, r.Body)
		}
		m, _ := s.Store.ProductsByCode(ctx, []string{"saffron-1m"})
		name := m["saffron-1m"].Image
		if !catalog.UploadedImage(name) || !strings.HasSuffix(name, ".png") {
			t.Fatalf("image %q: want an uploaded .png", name)
		}
		resp, err := http.Get(s.URL + "/product-images/" + name) // a shopper, no session
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || !bytes.Equal(body, pic) {
			t.Fatalf("served image: status %d type %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
		if page := c.Get("/p/saffron-1m"); !strings.Contains(page.Body, "/product-images/"+name) {
			t.Fatal("the product page does not show the uploaded picture")
		}
	})
	refused := []struct {
		name string
		file webtest.File
	}{
		{"svg", webtest.File{Field: "image", Name: "x.svg", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)}},
		{"html named png", webtest.File{Field: "image", Name: "x.png", Data: []byte(`<html><script>alert(1)</script></html>`)}},
		{"over 2 MB", webtest.File{Field: "image", Name: "big.png", Data: append(pngOf(t, 8, 8), make([]byte, catalog.MaxImageBytes)...)}},
	}
	for _, tt := range refused {
		t.Run(tt.name+" is refused beside the field", func(t *testing.T) {
			before, _ := s.Store.ProductsByCode(ctx, []string{"saffron-1m"})
			r := submitProduct(c, edit, edit, form(), tt.file)
			msg, _ := r.Text("error-image")
			if r.Status != http.StatusUnprocessableEntity || !persianLetters.MatchString(msg) {
				t.Fatalf("status %d, message %q", r.Status, msg)
			}
			after, _ := s.Store.ProductsByCode(ctx, []string{"saffron-1m"})
			if !after["saffron-1m"].Same(before["saffron-1m"]) {
				t.Fatal("a refused upload changed the product")
			}
		})
	}
	t.Run("far over the limit is cut off", func(t *testing.T) {
		r := submitProduct(c, edit, edit, form(), webtest.File{Field: "image", Name: "huge.png", Data: make([]byte, 4<<20)})
		if r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", r.Status)
		}
	})
	t.Run("a body without a length is cut off too", func(t *testing.T) {
		tok := c.Get(edit).CSRF()
		// 4 MB of form, sent chunked: nothing says how long it is until it has been read.
		body := io.MultiReader(strings.NewReader("_csrf="+tok+"&name="), strings.NewReader(strings.Repeat("x", 4<<20)))
		req, _ := http.NewRequest(http.MethodPost, s.URL+edit, io.NopCloser(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.ContentLength = -1
		resp, err := c.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", resp.StatusCode)
		}
	})
	t.Run("other forms keep the small limit", func(t *testing.T) {
		tok := c.Get("/admin/products").CSRF()
		r := c.Post("/admin/products/saffron-1m/hide", url.Values{"_csrf": {tok}, "pad": {strings.Repeat("x", 300<<10)}})
		if r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", r.Status)
		}
	})
	for _, bad := range []string{"../shop.db", "saffron.svg", strings.Repeat("a", 64) + ".svg"} {
		if r := c.Get("/product-images/" + url.PathEscape(bad)); r.Status != http.StatusNotFound {
			t.Errorf("/product-images/%s: status %d, want 404", bad, r.Status)
		}
	}
}

// TestAdminProductEditKeepsOrders: an order keeps the name and price it was placed with when the product is
// edited or hidden afterwards.
func TestAdminProductEditKeepsOrders(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	shopper := webtest.ShopperWithBasket(t, s.URL, "saffron-1m")
	token := webtest.PlaceOnlineOrder(t, shopper)
	before, err := s.Store.OrderByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}

	form := url.Values{"name": {"زعفران، نام تازه"}, "kind": {"physical"}, "price": {"1500000"}, "weight": {"60"}, "tax": {"10"}}
	if r := submitProduct(c, "/admin/products/saffron-1m", "/admin/products/saffron-1m", form); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: status %d\n%s", r.Status, r.Body)
	}
	if r := c.Submit("/admin/products", "/admin/products/saffron-1m/hide", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("hide: status %d", r.Status)
	}

	after, err := s.Store.OrderByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if after.Items[0] != before.Items[0] || after.Total != before.Total {
		t.Fatalf("the order changed with its product:\nbefore %+v\nafter  %+v", before.Items[0], after.Items[0])
	}
	page := shopper.Get("/orders/" + token)
	if page.Status != http.StatusOK || !strings.Contains(page.Body, before.Items[0].Name) || strings.Contains(page.Body, "نام تازه") {
		t.Fatal("the shopper's order page does not show the item as it was ordered")
	}
}

// TestAdminProductFiles: a downloadable product lists its files for the buyer; the list is checked and kept to a
// few short lines.
func TestAdminProductFiles(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	form := validProduct()
	form.Set("code", "ebook-poems")
	form.Set("kind", "virtual")
	form.Set("weight", "")
	form.Set("files", strings.Repeat("یک فایل\n", 21))
	if r := submitProduct(c, "/admin/products/new", "/admin/products", form); r.Status != http.StatusUnprocessableEntity || !r.Has("error-files") {
		t.Fatalf("21 files: status %d, files message shown %v", r.Status, r.Has("error-files"))
	}
	form.Set("files", "دیوان حافظ — PDF، ۸ مگابایت\r\n\r\n  خوانش صوتی —   MP3، ۱۲۰ مگابایت  ")
	if r := submitProduct(c, "/admin/products/new", "/admin/products", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", r.Status, r.Body)
	}
	p := webtest.NewClient(t, s.URL).Get("/p/ebook-poems")
	got, _ := p.Text("product-files")
	if !strings.Contains(got, "دیوان حافظ — PDF، ۸ مگابایت") || !strings.Contains(got, "خوانش صوتی — MP3، ۱۲۰ مگابایت") {
		t.Errorf("product page files = %q", got)
	}
}

// TestProductFormSaysWhatTheBuyerPays: the price the seller types is before VAT; the form says, beside it, what the
// buyer will pay for one (issue 23: ۹۸۰٬۰۰۰ typed, ۱٬۰۷۸٬۰۰۰ shown in the shop, and nothing said).
func TestProductFormSaysWhatTheBuyerPays(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	// The leather notebook: 4,200,000 rials, 15 % off, 10 % VAT on the rest: 3,927,000 rials, as its card shows.
	got, _ := c.Get("/admin/products/notebook-leather").Text("p-buyer-pays")
	if want := iran.FormatPrice(3_927_000, iran.Toman); !strings.Contains(got, want) {
		t.Errorf("the form says %q, want %s", got, want)
	}
	if card, _ := c.Get("/p/notebook-leather").Text("price"); !strings.Contains(got, card) {
		t.Errorf("the form's %q and the product page's %q differ", got, card)
	}
}
