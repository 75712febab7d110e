package catalog

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

var csvCategories = Categories{{Slug: "food", Name: "خوراکی و نوشیدنی"}, {Slug: "home", Name: "خانه و هدیه"},
	{Slug: "learning", Name: "کتاب و آموزش"}, {Slug: "services", Name: "خدمات"}}

func parse(t *testing.T, text string) ImportFile {
	t.Helper()
	f, err := ParseProductCSV(strings.NewReader(text), csvCategories)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Every kind of problem is listed with its line and column, in Persian, and the good rows still come through.
func TestParseProductCSVProblems(t *testing.T) {
	text := "code,name,price_toman,stock,category,weight_grams,kind,description,active\n" +
		"good-1,خوب,1000,5,food,100,physical,,1\n" + // 2
		"bad code,نام,1000,,,100,,,\n" + // 3
		"no-name,,1000,,,100,,,\n" + // 4
		"price-words,نام,هزار,,,100,,,\n" + // 5
		"price-zero,نام,0,,,100,,,\n" + // 6
		"price-decimals,نام,12.55,,,100,,,\n" + // 7
		"stock-neg,نام,1000,-1,,100,,,\n" + // 8
		"stock-words,نام,1000,many,,100,,,\n" + // 9
		"cat-unknown,نام,1000,,toys,100,,,\n" + // 10
		"weight-neg,نام,1000,,,-5,,,\n" + // 11
		"kind-unknown,نام,1000,,,100,boat,,\n" + // 12
		"active-maybe,نام,1000,,,100,,,maybe\n" + // 13
		"good-1,تکراری,1000,,,100,,,\n" + // 14
		"no-weight,نام,1000,,,,physical,,\n" + // 15
		"\n" + // a blank line is skipped
		"short-row,نام\n" // 17: no price, weight
	f := parse(t, text)
	want := map[int]string{3: "code", 4: "name", 5: "price_toman", 6: "price_toman", 7: "price_toman", 8: "stock", 9: "stock",
		10: "category", 11: "weight_grams", 12: "kind", 13: "active", 14: "code", 17: "price_toman"}
	got := map[int]string{}
	for _, p := range f.Problems {
		if !strings.ContainsFunc(p.Message, func(r rune) bool { return r >= 'ا' && r <= 'ی' }) {
			t.Errorf("line %d: message %q is not Persian", p.Line, p.Message)
		}
		got[p.Line] = p.Column
	}
	for line, col := range want {
		if got[line] != col {
			t.Errorf("line %d: problem in column %q, want %q", line, got[line], col)
		}
	}
	if len(f.Problems) != len(want) {
		t.Errorf("%d problems, want %d: %+v", len(f.Problems), len(want), f.Problems)
	}
	plan := f.Plan(map[string]Product{})
	lines := map[int]string{}
	for _, p := range plan.Problems {
		lines[p.Line] = p.Column
	}
	// Merged with the shop's products: a physical product without a weight.
	if lines[15] != "weight_grams" {
		t.Errorf("plan problems %+v", plan.Problems)
	}
	if len(plan.Rows) != 1 || plan.Rows[0].Product.Code != "good-1" || plan.Rows[0].Action != ImportCreate || *plan.Rows[0].Product.Stock != 5 {
		t.Errorf("plan rows %+v", plan.Rows)
	}
}

func TestParseProductCSVHeaderProblems(t *testing.T) {
	tests := map[string]string{
		"empty file":     "",
		"no code column": "name,price_toman\nx,1\n",
		"no name column": "code,price_toman\nx,1\n",
		"two prices":     "code,name,price_toman,price_rial\nx,y,1,10\n",
		"column twice":   "code,name,name,price_toman\nx,y,z,1\n",
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			f := parse(t, text)
			if len(f.Problems) == 0 || f.Problems[0].Line != 1 || len(f.Rows) != 0 {
				t.Fatalf("problems %+v rows %d", f.Problems, len(f.Rows))
			}
		})
	}
}

// A sheet from another shop: its own columns around ours in another order, the price in rials with decimals,
// kinds and yes/no in Persian, categories by name, Persian digits and thousands separators, CRLF lines, no BOM.
func TestParseWooCommerceLikeFile(t *testing.T) {
	text := "ID,Type,code,SKU2,name,Published,active,price_rial,category,weight_grams,kind,stock,description\r\n" +
		"11,simple,saffron-5g,x,زعفران پنج گرمی,1,بله,\"۴٬۵۰۰٬۰۰۰\",خوراکی و نوشیدنی,۵,فیزیکی,۱۲,\"سرگل، قائنات\"\r\n" +
		"12,simple,ebook-2,y,كتاب دوم,1,خير,150000.00,,,فایل,,\r\n" +
		"13,simple,consult-2,z,مشاوره,1,true,80000000,HOME,0,خدمات,,\r\n"
	f := parse(t, text)
	if len(f.Problems) != 0 {
		t.Fatalf("problems: %+v", f.Problems)
	}
	plan := f.Plan(nil)
	if len(plan.Problems) != 0 || len(plan.Rows) != 3 {
		t.Fatalf("plan %+v", plan)
	}
	saffron, ebook, consult := plan.Rows[0].Product, plan.Rows[1].Product, plan.Rows[2].Product
	if saffron.Price != 4_500_000 || saffron.Weight != 5 || saffron.Category != "food" || saffron.Kind != Physical || !saffron.Active ||
		saffron.Stock == nil || *saffron.Stock != 12 || saffron.Description != "سرگل، قائنات" {
		t.Errorf("saffron %+v", saffron)
	}
	if ebook.Price != 150_000 || ebook.Kind != Virtual || ebook.Active || ebook.Stock != nil || ebook.Name != "كتاب دوم" {
		t.Errorf("ebook %+v", ebook)
	}
	if consult.Kind != Service || consult.Category != "home" || !consult.Active {
		t.Errorf("consult %+v", consult)
	}
}

// What the export writes, the import reads back as no change at all; a column missing from the file leaves an
// existing product's field alone.
func TestProductCSVRoundTrip(t *testing.T) {
	five := int64(5)
	products := DemoProducts()
	products[0].Stock = &five
	products[1].Active = false
	products[2].Description = "-with a dash, and \"quotes\"\nand a second line"
	products[3].Price = 14_500_005 // not a whole toman
	existing := map[string]Product{}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	_ = w.Write(ExportColumns)
	for i, p := range products {
		if i != 1 {
			p.Active = true
		}
		products[i] = p
		existing[p.Code] = p
		rec := ExportRecord(p)
		if strings.HasPrefix(rec[7], "-") {
			rec[7] = "'" + rec[7] // as the dashboard's spreadsheet defence writes it
		}
		_ = w.Write(rec)
	}
	w.Flush()
	f := parse(t, b.String())
	plan := f.Plan(existing)
	if len(plan.Problems) != 0 {
		t.Fatalf("problems: %+v", plan.Problems)
	}
	if n := plan.Count(ImportUnchanged); n != len(products) {
		for _, r := range plan.Rows {
			if r.Action != ImportUnchanged {
				t.Errorf("line %d %s: %s\nfile %+v\nshop %+v", r.Line, r.Product.Code, r.Action, r.Product, existing[r.Product.Code])
			}
		}
		t.Fatalf("%d unchanged of %d", n, len(products))
	}

	// Only code, name and a new price: the rest of the product is kept.
	f = parse(t, "code,name,price_rial\nsaffron-1m,زعفران,9900000\n")
	plan = f.Plan(existing)
	if len(plan.Rows) != 1 || plan.Rows[0].Action != ImportUpdate {
		t.Fatalf("plan %+v", plan)
	}
	got, was := plan.Rows[0].Product, existing["saffron-1m"]
	if got.Price != 9_900_000 || got.Stock != was.Stock || got.Weight != was.Weight || got.Category != was.Category || got.TaxPercent != was.TaxPercent || got.Image != was.Image {
		t.Errorf("partial update %+v\nfrom %+v", got, was)
	}
}

func FuzzParseProductCSV(f *testing.F) {
	f.Add("code,name,price_toman,stock,category,weight_grams,kind,description,active\nx,y,1000,,food,10,physical,,1\n")
	f.Add("\ufeffcode,name,price_rial\n\"a\"\"b\",\"c\nd\",12.0\n")
	f.Add("code,name\n")
	f.Fuzz(func(t *testing.T, text string) {
		file, err := ParseProductCSV(strings.NewReader(text), csvCategories)
		if err != nil {
			return
		}
		plan := file.Plan(map[string]Product{"x": {Code: "x", Name: "x", Kind: Service, Price: 1, Active: true}})
		seen := map[string]bool{}
		for _, r := range plan.Rows {
			if err := r.Product.Validate(); err != nil {
				t.Fatalf("a planned product does not validate: %v", err)
			}
			if seen[r.Product.Code] {
				t.Fatalf("code %q planned twice", r.Product.Code)
			}
			seen[r.Product.Code] = true
			if r.Product.Category != "" {
				if _, ok := csvCategories.Find(r.Product.Category); !ok {
					t.Fatalf("unknown category %q planned", r.Product.Category)
				}
			}
		}
		for _, p := range plan.Problems {
			if p.Message == "" || p.Line < 1 {
				t.Fatalf("problem without a message or a line: %+v", p)
			}
		}
	})
}
