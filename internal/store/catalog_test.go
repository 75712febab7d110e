package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"gorm.io/gorm"

	"shop/internal/catalog"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

func TestSeedProducts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		seeded, err := s.SeedProducts(ctx, catalog.DemoProducts())
		if err != nil || !seeded {
			t.Fatalf("first seed: %v, %v", seeded, err)
		}
		list, err := s.ListProducts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != len(catalog.DemoProducts()) {
			t.Fatalf("%d products, want %d", len(list), len(catalog.DemoProducts()))
		}
		kinds := map[catalog.Kind]int{}
		for i, p := range list {
			want := catalog.DemoProducts()[i]
			want.Active = true
			if p.CreatedAt.IsZero() {
				t.Errorf("product %d has no creation time (the newest-first order needs it)", i)
			}
			want.CreatedAt = p.CreatedAt
			if !reflect.DeepEqual(p, want) {
				t.Errorf("product %d = %+v\nwant %+v", i, p, want)
			}
			kinds[p.Kind]++
		}
		if kinds[catalog.Physical] < 4 || kinds[catalog.Virtual] < 2 || kinds[catalog.Service] < 2 {
			t.Errorf("demo catalog kinds = %v", kinds)
		}
		// A second start must not touch a catalog that exists.
		if seeded, err := s.SeedProducts(ctx, catalog.DemoProducts()[:1]); err != nil || seeded {
			t.Fatalf("second seed: %v, %v", seeded, err)
		}
	})
}

func TestProductsByCodeAndSave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		if _, err := s.SeedProducts(ctx, catalog.DemoProducts()); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			codes []string
			want  []string
		}{
			{"none", nil, nil},
			{"known", []string{"saffron-1m", "ebook-cooking"}, []string{"ebook-cooking", "saffron-1m"}},
			{"unknown left out", []string{"saffron-1m", "nope"}, []string{"saffron-1m"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				m, err := s.ProductsByCode(ctx, tt.codes)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, c := range []string{"ebook-cooking", "nope", "saffron-1m"} {
					if _, ok := m[c]; ok {
						got = append(got, c)
					}
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}

		p := catalog.DemoProducts()[0]
		p.Price, p.Active = 10_500_000, false
		if err := s.SaveProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		m, _ := s.ProductsByCode(ctx, []string{p.Code})
		if m[p.Code].Price != 10_500_000 || m[p.Code].Active {
			t.Errorf("saved product = %+v", m[p.Code])
		}
		list, _ := s.ListProducts(ctx)
		for _, x := range list {
			if x.Code == p.Code {
				t.Error("an inactive product is listed")
			}
		}
		bad := p
		bad.Price = -1
		if err := s.SaveProduct(ctx, bad); err == nil {
			t.Error("a negative price was saved")
		}
	})
}

func TestOpenSetsPragmasAndPools(t *testing.T) {
	s := storetest.Open(t)
	tests := []struct {
		name                        string
		db                          *gorm.DB
		wantQueryOnly, wantMaxOpen1 bool
	}{
		{"writer", store.WriteDB(s), false, true},
		{"readers", store.ReadDB(s), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mode string
			var fk, timeout, queryOnly int
			tt.db.Raw("PRAGMA journal_mode").Scan(&mode)
			tt.db.Raw("PRAGMA foreign_keys").Scan(&fk)
			tt.db.Raw("PRAGMA busy_timeout").Scan(&timeout)
			tt.db.Raw("PRAGMA query_only").Scan(&queryOnly)
			if mode != "wal" || fk != 1 || timeout != 5000 || (queryOnly == 1) != tt.wantQueryOnly {
				t.Errorf("journal_mode=%s foreign_keys=%d busy_timeout=%d query_only=%d", mode, fk, timeout, queryOnly)
			}
			sqlDB, err := tt.db.DB()
			if err != nil {
				t.Fatal(err)
			}
			if max := sqlDB.Stats().MaxOpenConnections; (max == 1) != tt.wantMaxOpen1 {
				t.Errorf("max open connections %d", max)
			}
		})
	}
}

func TestSaveProductKeepsPosition(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		if _, err := s.SeedProducts(ctx, catalog.DemoProducts()); err != nil {
			t.Fatal(err)
		}
		p := catalog.DemoProducts()[0]
		p.Active = true
		p.Name = "زعفران نگین"
		if err := s.SaveProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		list, _ := s.ListProducts(ctx)
		if list[0].Code != p.Code || list[0].Name != "زعفران نگین" {
			t.Errorf("first product = %s %q, want the edited saffron still first", list[0].Code, list[0].Name)
		}
	})
}

func TestAllProductsIncludesInactive(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	demo := catalog.DemoProducts()
	if _, err := s.SeedProducts(ctx, demo); err != nil {
		t.Fatal(err)
	}
	off := demo[1]
	off.Active = false
	if err := s.SaveProduct(ctx, off); err != nil {
		t.Fatal(err)
	}
	all, err := s.AllProducts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(demo) {
		t.Fatalf("%d products, want %d", len(all), len(demo))
	}
	for i, p := range all {
		if p.Code != demo[i].Code || p.Active != (i != 1) {
			t.Errorf("product %d = %s active %v, want %s active %v", i, p.Code, p.Active, demo[i].Code, i != 1)
		}
	}
}

func TestHideProduct(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	if _, err := s.SeedProducts(ctx, catalog.DemoProducts()); err != nil {
		t.Fatal(err)
	}
	code := catalog.DemoProducts()[0].Code
	if err := s.SetProductActive(ctx, code, false); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListProducts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.Code == code {
			t.Fatalf("hidden product %s is still in the catalog", code)
		}
	}
	all, err := s.AllProducts(ctx)
	if err != nil || len(all) != len(catalog.DemoProducts()) || all[0].Code != code || all[0].Active {
		t.Fatalf("AllProducts = %d products (first %+v), %v; want every product, the hidden one first and inactive", len(all), all[0], err)
	}
	if err := s.SetProductActive(ctx, "NO-SUCH", false); !errors.Is(err, catalog.ErrProductNotFound) {
		t.Fatalf("unknown code: %v, want ErrProductNotFound", err)
	}
}
