package catalog

import (
	"fmt"
	"testing"
	"time"
)

func TestSortedAndPaged(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var ps []Product
	for i := range 50 {
		ps = append(ps, Product{Code: fmt.Sprintf("p%02d", i), Price: int64((i * 37) % 50), CreatedAt: t0.Add(time.Duration(i) * time.Hour)})
	}
	price := func(p Product) int64 { return p.Price }
	sold := map[string]int{"p07": 9, "p03": 4}
	for _, tc := range []struct {
		by    Order
		first string
		check func(a, b Product) bool // holds for every neighbouring pair
	}{
		{Featured, "p00", func(a, b Product) bool { return a.Code < b.Code }},
		{Newest, "p49", func(a, b Product) bool { return !a.CreatedAt.Before(b.CreatedAt) }},
		{PriceUp, "p00", func(a, b Product) bool { return a.Price <= b.Price }},
		{PriceDown, "", func(a, b Product) bool { return a.Price >= b.Price }},
		{BestSelles, "p07", func(a, b Product) bool { return sold[a.Code] >= sold[b.Code] }},
	} {
		got := Sorted(ps, tc.by, price, sold)
		if tc.first != "" && got[0].Code != tc.first {
			t.Errorf("%q: first %s, want %s", tc.by, got[0].Code, tc.first)
		}
		for i := 1; i < len(got); i++ {
			if !tc.check(got[i-1], got[i]) {
				t.Errorf("%q: %s before %s", tc.by, got[i-1].Code, got[i].Code)
			}
		}
	}
	if ps[0].Code != "p00" || ps[49].Code != "p49" {
		t.Error("Sorted changed the slice it was given (the shared snapshot)")
	}
	if Pages(50) != 3 || Pages(0) != 1 || Pages(24) != 1 || Pages(25) != 2 {
		t.Errorf("pages: %d %d %d %d", Pages(50), Pages(0), Pages(24), Pages(25))
	}
	for _, tc := range []struct {
		page, n int
		ok      bool
	}{{1, 24, true}, {2, 24, true}, {3, 2, true}, {4, 0, false}, {0, 0, false}} {
		got, ok := PageOf(ps, tc.page)
		if ok != tc.ok || len(got) != tc.n {
			t.Errorf("page %d: %d products, ok %v; want %d, %v", tc.page, len(got), ok, tc.n, tc.ok)
		}
	}
	if ParseOrder("price_asc") != PriceUp || ParseOrder("nonsense") != Featured {
		t.Error("ParseOrder")
	}
}
