package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

func teeWith(variants ...catalog.Variant) catalog.Product {
	return catalog.Product{Code: "tee", Name: "تیشرت", Kind: catalog.Physical, Price: 2_000_000, Weight: 200, Active: true,
		Variants: variants}
}

func teeVariant(code, size string, stock *int64, delta int64) catalog.Variant {
	return catalog.Variant{Code: code, Options: []catalog.OptionValue{{Name: "سایز", Value: size}, {Name: "رنگ", Value: "آبی"}},
		Stock: stock, PriceDelta: delta}
}

func variantsOf(t *testing.T, s *store.Store) []catalog.Variant {
	t.Helper()
	m, err := s.ProductsByCode(context.Background(), []string{"tee"})
	if err != nil {
		t.Fatal(err)
	}
	return m["tee"].Variants
}

func TestVariantsSaveAndRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		tests := []struct {
			name  string
			saves []catalog.Product
			edit  catalog.Edit
			want  []catalog.Variant
		}{
			{"saved in order", []catalog.Product{teeWith(teeVariant("tee-L", "L", catalog.Quantity(3), 0), teeVariant("tee-S", "S", nil, -200_000))},
				catalog.Edit{}, []catalog.Variant{teeVariant("tee-L", "L", catalog.Quantity(3), 0), teeVariant("tee-S", "S", nil, -200_000)}},
			{"replaced, removed and added", []catalog.Product{
				teeWith(teeVariant("tee-L", "L", catalog.Quantity(3), 0), teeVariant("tee-S", "S", nil, 0)),
				teeWith(teeVariant("tee-XL", "XL", catalog.Quantity(1), 400_000), teeVariant("tee-L", "L", catalog.Quantity(9), 0))},
				catalog.Edit{}, []catalog.Variant{teeVariant("tee-XL", "XL", catalog.Quantity(1), 400_000), teeVariant("tee-L", "L", catalog.Quantity(9), 0)}},
			{"kept by an edit that leaves them", []catalog.Product{
				teeWith(teeVariant("tee-L", "L", catalog.Quantity(3), 0)),
				teeWith()},
				catalog.Edit{KeepVariants: true}, []catalog.Variant{teeVariant("tee-L", "L", catalog.Quantity(3), 0)}},
			{"all removed", []catalog.Product{
				teeWith(teeVariant("tee-L", "L", catalog.Quantity(3), 0)),
				teeWith()},
				catalog.Edit{}, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				s := b.Open(t)
				for i, p := range tc.saves {
					e := catalog.Edit{}
					if i == len(tc.saves)-1 {
						e = tc.edit
					}
					if p.Variants == nil && !e.KeepVariants {
						p.Variants = []catalog.Variant{}
					}
					if err := s.SaveProductBy(ctx, p, e); err != nil {
						t.Fatal(err)
					}
				}
				if got := variantsOf(t, s); !reflect.DeepEqual(got, tc.want) {
					t.Fatalf("variants %+v, want %+v", got, tc.want)
				}
				all, err := s.AllProducts(ctx)
				if err != nil || len(all) != 1 || !reflect.DeepEqual(all[0].Variants, tc.want) {
					t.Fatalf("AllProducts %+v, %v", all, err)
				}
			})
		}
	})
}

// Each variant's stock is its own: an order of one takes from it alone, refuses past it, and gives back to it.
func TestVariantStock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		s := b.Open(t)
		p := teeWith(teeVariant("tee-L", "L", catalog.Quantity(2), 0), teeVariant("tee-S", "S", catalog.Quantity(5), 0))
		p.Stock = catalog.Quantity(100) // a product with variants: its own stock is not used
		if err := s.SaveProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		order := func(token, variant string, n int) *checkout.Order {
			o := stockOrder(token, checkout.CashOnDelivery)
			o.Items = []checkout.Item{{Code: "tee", Variant: variant, Name: "تیشرت — سایز: " + variant, UnitPrice: 2_000_000, Count: n}}
			return o
		}
		first := order("t1", "tee-L", 2)
		mustCreateOrders(t, s, first)
		err := s.CreateOrders(ctx, []*checkout.Order{order("t2", "tee-L", 1)})
		if !errors.Is(err, checkout.ErrOutOfStock) {
			t.Fatalf("a third L: %v, want out of stock", err)
		}
		mustCreateOrders(t, s, order("t3", "tee-S", 1))
		vs := variantsOf(t, s)
		if *vs[0].Stock != 0 || *vs[1].Stock != 4 {
			t.Fatalf("stocks L %d S %d, want 0 and 4", *vs[0].Stock, *vs[1].Stock)
		}
		wantStock(t, s, "tee", 100)
		moveStock(t, s, first, checkout.StateRegistered)
		moveStock(t, s, first, checkout.StateCancelled)
		if vs := variantsOf(t, s); *vs[0].Stock != 2 {
			t.Fatalf("L after the cancel: %d, want 2", *vs[0].Stock)
		}
		history, err := s.StockHistory(ctx, "tee", 10)
		if err != nil || len(history) == 0 || history[0].Variant != "tee-L" || history[0].Reason != catalog.StockCancelled {
			t.Fatalf("history %+v, %v", history, err)
		}
		got, err := s.OrderByToken(ctx, "t3")
		if err != nil || got.Items[0].Variant != "tee-S" {
			t.Fatalf("the order line lost its variant: %+v, %v", got, err)
		}
		if taken, err := s.VariantCodeTaken(ctx, "tee-S", "other"); err != nil || !taken {
			t.Errorf("tee-S taken for another product: %v, %v", taken, err)
		}
		if taken, _ := s.VariantCodeTaken(ctx, "tee-S", "tee"); taken {
			t.Error("a product's own variant code counted as taken")
		}
	})
}
