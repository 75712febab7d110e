package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"shop/internal/catalog"
	"shop/internal/store/storetest"
)

func TestListProductPageAndSaveProducts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		if _, err := s.SeedProducts(ctx, catalog.DemoProducts()); err != nil {
			t.Fatal(err)
		}
		var bulk []catalog.Product
		for i := range 120 {
			bulk = append(bulk, catalog.Product{Code: fmt.Sprintf("bulk-%03d", i), Name: fmt.Sprintf("کالای %d", i),
				Kind: catalog.Service, Price: 1000, Active: i%4 != 0})
		}
		// An update of an existing product rides along: it keeps its place and its creation time.
		saffron := catalog.DemoProducts()[0]
		before, _ := s.ProductsByCode(ctx, []string{saffron.Code})
		saffron.Name, saffron.Active = "زعفران تازه", true
		bulk = append(bulk, saffron)
		if err := s.SaveProducts(ctx, bulk); err != nil {
			t.Fatal(err)
		}
		all, _ := s.AllProducts(ctx)
		demo := len(catalog.DemoProducts())
		if len(all) != demo+120 || all[0].Code != saffron.Code || all[0].Name != "زعفران تازه" || !all[0].CreatedAt.Equal(before[saffron.Code].CreatedAt) {
			t.Fatalf("after the import: %d products, first %+v", len(all), all[0])
		}
		if all[demo].Code != "bulk-000" || all[demo+119].Code != "bulk-119" {
			t.Fatalf("new products do not follow in the file's order: %s … %s", all[demo].Code, all[demo+119].Code)
		}

		// All or nothing: one product in an unknown category and none is saved.
		bad := []catalog.Product{{Code: "fresh-1", Name: "x", Kind: catalog.Service, Price: 1, Active: true},
			{Code: "fresh-2", Name: "y", Kind: catalog.Service, Price: 1, Category: "no-such", Active: true}}
		if err := s.SaveProducts(ctx, bad); !errors.Is(err, catalog.ErrUnknownCategory) {
			t.Fatalf("unknown category: %v", err)
		}
		if m, _ := s.ProductsByCode(ctx, []string{"fresh-1"}); len(m) != 0 {
			t.Fatal("half an import was saved")
		}

		tests := []struct {
			name   string
			f      catalog.ProductFilter
			total  int
			hidden int
			rows   int
			first  string
		}{
			{"everything, first page", catalog.ProductFilter{}, demo + 120, 30, 50, "saffron-1m"},
			{"third page", catalog.ProductFilter{Page: 3}, demo + 120, 30, demo + 120 - 100, fmt.Sprintf("bulk-%03d", 100-demo)},
			{"Arabic yeh typed", catalog.ProductFilter{Query: "چاي"}, 1, 0, 1, "lahijan-tea-500"},
			{"Arabic kaf typed", catalog.ProductFilter{Query: "كالاي 11"}, 11, 2, 11, "bulk-011"},
			{"code in capitals", catalog.ProductFilter{Query: "EBOOK-Cook"}, 1, 0, 1, "ebook-cooking"},
			{"underscore is literal", catalog.ProductFilter{Query: "bulk_"}, 0, 0, 0, ""},
			{"category", catalog.ProductFilter{Categories: []string{"home", "learning"}}, 6, 0, 6, "notebook-leather"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := s.ListProductPage(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != tt.total || p.Hidden != tt.hidden || len(p.Products) != tt.rows {
					t.Fatalf("total %d hidden %d rows %d, want %d %d %d", p.Total, p.Hidden, len(p.Products), tt.total, tt.hidden, tt.rows)
				}
				if tt.rows > 0 && p.Products[0].Code != tt.first {
					t.Errorf("first %s, want %s", p.Products[0].Code, tt.first)
				}
			})
		}
	})
}
