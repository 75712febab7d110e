package dashboard_test

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/catalog"
	"shop/internal/web/webtest"
)

// importFile posts a product file from the import page, as a browser does; mode "" is what a form sent without
// pressing either button carries (the dry run).
func importFile(c *webtest.Client, mode, text string) webtest.Page {
	c.T.Helper()
	form := url.Values{"_csrf": {c.Get("/admin/import").CSRF()}}
	if mode != "" {
		form.Set("mode", mode)
	}
	return c.PostMultipart("/admin/import", form, webtest.File{Field: "file", Name: "products.csv", Data: []byte(text)})
}

func exportCSV(t *testing.T, c *webtest.Client) (string, http.Header) {
	t.Helper()
	resp, err := c.HTTP.Get(c.Base + "/admin/products.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: status %d", resp.StatusCode)
	}
	return string(b), resp.Header
}

func TestAdminProductExport(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	body, h := exportCSV(t, c)
	if !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(h.Get("Content-Disposition"), "products-") {
		t.Errorf("headers %v", h)
	}
	if !strings.HasPrefix(body, "\ufeffcode,name,price_toman,stock,category,weight_grams,kind,description,active\n") {
		t.Fatalf("the file does not start with the BOM and the header: %q", body[:min(len(body), 120)])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(catalog.DemoProducts()) {
		t.Fatalf("%d lines", len(recs))
	}
	want := []string{"saffron-1m", "زعفران سرگل قائنات، یک مثقال", "980000", "", "food", "60", "physical"}
	for i, w := range want {
		if recs[1][i] != w {
			t.Errorf("column %s = %q, want %q", recs[0][i], recs[1][i], w)
		}
	}
	if recs[1][8] != "1" {
		t.Errorf("active = %q", recs[1][8])
	}
	if r := webtest.NewClient(t, s.URL).Get("/admin/products.csv"); strings.Contains(r.Body, "saffron-1m") {
		t.Fatal("a visitor got the catalog's file")
	}
}

// The export read back is no change at all, whether only checked or imported.
func TestAdminProductExportImportRoundTrip(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	ctx := context.Background()
	// A product whose description would be a formula in a spreadsheet, and a hidden one.
	p := catalog.DemoProducts()[2]
	p.Active, p.Description = true, "-۱۰٪ برای خرید دوم, \"نقل‌قول\"\nو سطر دوم"
	if err := s.Store.SaveProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.SetProductActive(ctx, "decor-consult", false); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Store.AllProducts(ctx)
	body, _ := exportCSV(t, c)
	for _, mode := range []string{"check", "import"} {
		r := importFile(c, mode, body)
		if r.Status != http.StatusOK || r.Has("import-problem") || r.Has("import-row") {
			t.Fatalf("%s: status %d, problems %v, rows %d\n%s", mode, r.Status, r.Has("import-problem"), len(r.FindAll("import-row")), r.Body)
		}
	}
	after, _ := s.Store.AllProducts(ctx)
	if len(after) != len(before) {
		t.Fatalf("%d products, were %d", len(after), len(before))
	}
	for i := range before {
		if !after[i].Equal(before[i]) {
			t.Errorf("%s changed:\n%+v\n%+v", before[i].Code, after[i], before[i])
		}
	}
}

// Every problem is listed with its line and column, and nothing is saved, whichever button was pressed.
func TestAdminProductImportProblems(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	ctx := context.Background()
	text := "code,name,price_toman,stock,category,weight_grams,kind,description,active\n" +
		"fresh-1,تازه,1000,,food,100,physical,,1\n" + // 2: good
		"fresh-2,تازه,abc,,food,100,physical,,1\n" + // 3
		"fresh-3,تازه,1000,,toys,100,physical,,1\n" + // 4
		"fresh-1,تکراری,1000,,food,100,physical,,1\n" + // 5
		"fresh-4,تازه,1000,,,100,boat,,1\n" + // 6
		"fresh-5,تازه,1000,-2,,100,,,1\n" + // 7
		"fresh-6,تازه,1000,,,100,,,شاید\n" + // 8
		"fresh-7,تازه,1000,,,,physical,,1\n" // 9: physical without weight
	want := map[string]string{"3": "price_toman", "4": "category", "5": "code", "6": "kind", "7": "stock", "8": "active", "9": "weight_grams"}
	for _, mode := range []string{"", "check", "import"} {
		r := importFile(c, mode, text)
		if r.Status != http.StatusUnprocessableEntity || !r.Has("import-has-problems") {
			t.Fatalf("mode %q: status %d", mode, r.Status)
		}
		got := map[string]string{}
		for _, n := range r.FindAll("import-problem") {
			got[webtest.Attr(n, "data-line")] = webtest.Attr(n, "data-column")
		}
		for line, col := range want {
			if got[line] != col {
				t.Errorf("mode %q line %s: column %q, want %q", mode, line, got[line], col)
			}
		}
		if len(got) != len(want) {
			t.Errorf("mode %q: problems on lines %v", mode, got)
		}
	}
	if m, _ := s.Store.ProductsByCode(ctx, []string{"fresh-1"}); len(m) != 0 {
		t.Fatal("a file with problems saved its good row")
	}
	if r := importFile(c, "check", ""); r.Status != http.StatusUnprocessableEntity || !r.Has("error-file") {
		t.Fatalf("no file: status %d", r.Status)
	}
	if r := c.PostMultipart("/admin/import", url.Values{"mode": {"import"}}, webtest.File{Field: "file", Name: "a.csv", Data: []byte(text)}); r.Status != http.StatusForbidden {
		t.Fatalf("no token: status %d, want 403", r.Status)
	}
}

// A sheet like WooCommerce's: other columns around ours, the price in rials, Persian words; the dry run (the
// default) saves nothing, the import creates the new products and updates the existing one by its code.
func TestAdminProductImportWooCommerceLike(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	ctx := context.Background()
	text := "ID,Type,SKU,code,name,Published,Regular price,price_rial,category,weight_grams,kind,stock,active,description\r\n" +
		"101,simple,,pistachio-500,پسته اکبری ۵۰۰ گرمی,1,,\"۶٬۵۰۰٬۰۰۰\",خوراکی و نوشیدنی,550,فیزیکی,۲۰,بله,پسته‌ی تازه‌ی رفسنجان\r\n" +
		"102,simple,,ebook-pastry,كتاب شيريني‌پزي,1,,1200000.00,learning,,فایل,,بله,\r\n" +
		"103,simple,,saffron-1m,زعفران سرگل قائنات، یک مثقال,1,,10500000,food,60,physical,3,1,\r\n"
	r := importFile(c, "", text)
	if r.Status != http.StatusOK || !r.Has("import-checked") {
		t.Fatalf("dry run: status %d\n%s", r.Status, r.Body)
	}
	actions := map[string]string{}
	for _, n := range r.FindAll("import-row") {
		actions[webtest.Attr(n, "data-code")] = webtest.Attr(n, "data-action")
	}
	if actions["pistachio-500"] != "create" || actions["ebook-pastry"] != "create" || actions["saffron-1m"] != "update" {
		t.Fatalf("planned %v", actions)
	}
	if m, _ := s.Store.ProductsByCode(ctx, []string{"pistachio-500"}); len(m) != 0 {
		t.Fatal("the dry run saved a product")
	}
	r = importFile(c, "import", text)
	if r.Status != http.StatusOK || !r.Has("import-done") {
		t.Fatalf("import: status %d\n%s", r.Status, r.Body)
	}
	m, _ := s.Store.ProductsByCode(ctx, []string{"pistachio-500", "ebook-pastry", "saffron-1m"})
	if p := m["pistachio-500"]; p.Price != 6_500_000 || p.Category != "food" || p.Weight != 550 || !p.Active || p.Description == "" {
		t.Errorf("pistachio %+v", p)
	}
	if p := m["ebook-pastry"]; p.Price != 1_200_000 || p.Kind != catalog.Virtual {
		t.Errorf("ebook %+v", p)
	}
	if p := m["saffron-1m"]; p.Price != 10_500_000 || p.TaxPercent != 10 || p.Image == "" {
		t.Errorf("the update did not keep what the file has no column for: %+v", p)
	}
	if shop := c.Get("/c/food"); !shop.Has("product-pistachio-500") {
		t.Fatal("an imported product is not in the shop at once")
	}
}
