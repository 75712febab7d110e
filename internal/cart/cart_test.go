package cart

import (
	"errors"
	"reflect"
	"testing"

	"shop/internal/catalog"
)

func product(code string, kind catalog.Kind, price, weight int64, discount, tax int, free bool) catalog.Product {
	return catalog.Product{Code: code, Name: code, Kind: kind, Price: price, Weight: weight, DiscountPercent: discount,
		TaxPercent: tax, FreeShipping: free, Active: true}
}

func TestLineArithmetic(t *testing.T) {
	tests := []struct {
		name                                   string
		line                                   Line
		subtotal, discount, tax, total, weight int64
	}{
		{"plain", Line{Product: product("a", catalog.Physical, 1_000_000, 250, 0, 0, false), Count: 3}, 3_000_000, 0, 0, 3_000_000, 750},
		{"tax only", Line{Product: product("a", catalog.Physical, 3_200_000, 560, 0, 10, false), Count: 2}, 6_400_000, 0, 640_000, 7_040_000, 1120},
		{"discount then tax on the discounted amount", Line{Product: product("a", catalog.Physical, 4_200_000, 420, 15, 10, false), Count: 1},
			4_200_000, 630_000, 357_000, 3_927_000, 420},
		{"rounding half up to the rial", Line{Product: product("a", catalog.Virtual, 15, 0, 10, 10, false), Count: 1}, 15, 2, 1, 14, 0},
		{"99 units", Line{Product: product("a", catalog.Service, 185_000_000, 0, 0, 10, false), Count: 99}, 18_315_000_000, 0, 1_831_500_000, 20_146_500_000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.line
			got := []int64{l.Subtotal(), l.Discount(), l.Tax(), l.Total(), l.Weight()}
			want := []int64{tt.subtotal, tt.discount, tt.tax, tt.total, tt.weight}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("subtotal, discount, tax, total, weight = %v, want %v", got, want)
			}
		})
	}
}

func TestListPrice(t *testing.T) {
	tests := []struct {
		name string
		line Line
		want int64
	}{
		{"no discount: the total", Line{Product: product("a", catalog.Physical, 3_200_000, 560, 0, 10, false), Count: 2}, 7_040_000},
		{"discount: the undiscounted price with its tax", Line{Product: product("a", catalog.Physical, 4_200_000, 420, 15, 10, false), Count: 1}, 4_620_000},
		{"no tax", Line{Product: product("a", catalog.Virtual, 12_000_000, 0, 20, 0, false), Count: 1}, 12_000_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.line.ListPrice(); got != tt.want {
				t.Errorf("ListPrice = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestTotals(t *testing.T) {
	saffron := product("saffron", catalog.Physical, 9_800_000, 60, 0, 10, false)
	rug := product("rug", catalog.Physical, 185_000_000, 4_800, 0, 10, true)
	ebook := product("ebook", catalog.Virtual, 1_500_000, 0, 0, 0, false)
	service := product("install", catalog.Service, 3_500_000, 0, 0, 10, false)
	tests := []struct {
		name string
		cart Cart
		want Totals
	}{
		{"empty", Cart{}, Totals{}},
		{"physical only", Cart{[]Line{{Product: saffron, Count: 2}, {Product: rug, Count: 1}}}, Totals{
			Subtotal: 204_600_000, Tax: 20_460_000, Total: 225_060_000, ListPrice: 225_060_000, Weight: 4_920, Units: 3,
			Kinds: []catalog.Kind{catalog.Physical}}},
		{"every physical line ships free", Cart{[]Line{{Product: rug, Count: 1}, {Product: ebook, Count: 1}}}, Totals{
			Subtotal: 186_500_000, Tax: 18_500_000, Total: 205_000_000, ListPrice: 205_000_000, Weight: 4_800, Units: 2,
			Kinds: []catalog.Kind{catalog.Physical, catalog.Virtual}, AllFreeShipping: true}},
		{"mixed kinds in catalog order, weight from physical goods only", Cart{[]Line{{Product: service, Count: 1}, {Product: ebook, Count: 2}, {Product: saffron, Count: 1}}}, Totals{
			Subtotal: 16_300_000, Tax: 1_330_000, Total: 17_630_000, ListPrice: 17_630_000, Weight: 60, Units: 4,
			Kinds: []catalog.Kind{catalog.Physical, catalog.Virtual, catalog.Service}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cart.Totals(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Totals() = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestContents(t *testing.T) {
	tests := []struct {
		name    string
		do      func(c *Contents) error
		want    string
		wantErr error
	}{
		{"add new lines in order", func(c *Contents) error { _ = c.Add("a", 1); return c.Add("b", 2) }, "a:1,b:2", nil},
		{"add to an existing line", func(c *Contents) error { _ = c.Add("a", 1); return c.Add("a", 4) }, "a:5", nil},
		{"add past 99 is refused", func(c *Contents) error { _ = c.Add("a", 60); return c.Add("a", 40) }, "a:60", ErrCountOutOfRange},
		{"add zero is refused", func(c *Contents) error { return c.Add("a", 0) }, "", ErrCountOutOfRange},
		{"set count", func(c *Contents) error { _ = c.Add("a", 1); return c.Set("a", 7) }, "a:7", nil},
		{"set 100 is refused", func(c *Contents) error { _ = c.Add("a", 1); return c.Set("a", 100) }, "a:1", ErrCountOutOfRange},
		{"set a missing line", func(c *Contents) error { return c.Set("a", 2) }, "", ErrNotInCart},
		{"remove", func(c *Contents) error { _ = c.Add("a", 1); _ = c.Add("b", 1); c.Remove("a"); return nil }, "b:1", nil},
		{"remove twice is fine", func(c *Contents) error { c.Remove("a"); c.Remove("a"); return nil }, "", nil},
		{"too many lines", func(c *Contents) error {
			for i := 0; i < MaxLines; i++ {
				if err := c.Add("p"+string(rune('a'+i%26))+string(rune('a'+i/26)), 1); err != nil {
					return err
				}
			}
			return c.Add("one-more", 1)
		}, "", ErrTooManyLines},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Contents
			err := tt.do(&c)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == ErrTooManyLines {
				return
			}
			if got := c.Encode(); got != tt.want {
				t.Errorf("contents = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPriceDropsUnknownAndInactive(t *testing.T) {
	a := product("a", catalog.Physical, 100, 10, 0, 0, false)
	gone := product("gone", catalog.Physical, 100, 10, 0, 0, false)
	gone.Active = false
	c, dropped := Price(Contents{Items: []Item{{Code: "a", Count: 2}, {Code: "gone", Count: 1}, {Code: "unknown", Count: 1}}}, map[string]catalog.Product{"a": a, "gone": gone})
	if len(c.Lines) != 1 || c.Lines[0].Product.Code != "a" || c.Lines[0].Count != 2 {
		t.Errorf("lines = %+v", c.Lines)
	}
	if !reflect.DeepEqual(dropped, []string{"gone", "unknown"}) {
		t.Errorf("dropped = %v", dropped)
	}
}

func TestPriceVariants(t *testing.T) {
	tee := product("tee", catalog.Physical, 2_000_000, 200, 0, 0, false)
	tee.Name = "تیشرت"
	tee.Variants = []catalog.Variant{
		{Code: "tee-L-blue", Options: []catalog.OptionValue{{Name: "سایز", Value: "L"}, {Name: "رنگ", Value: "آبی"}}, Stock: catalog.Quantity(4), PriceDelta: 300_000},
		{Code: "tee-S-red", Options: []catalog.OptionValue{{Name: "سایز", Value: "S"}, {Name: "رنگ", Value: "قرمز"}}, PriceDelta: -200_000},
	}
	contents := Contents{Items: []Item{{Code: "tee", Variant: "tee-L-blue", Count: 2}, {Code: "tee", Variant: "tee-S-red", Count: 1},
		{Code: "tee", Variant: "gone", Count: 1}, {Code: "tee", Count: 1}}}
	c, dropped := Price(contents, map[string]catalog.Product{"tee": tee})
	if !reflect.DeepEqual(dropped, []string{"tee/gone", "tee"}) {
		t.Errorf("dropped %v: a missing variant, and the product without one", dropped)
	}
	if len(c.Lines) != 2 {
		t.Fatalf("lines %+v", c.Lines)
	}
	l := c.Lines[0]
	if l.Variant != "tee-L-blue" || l.Product.Code != "tee" || l.Product.Name != "تیشرت — سایز: L، رنگ: آبی" ||
		l.Product.Price != 2_300_000 || l.Total() != 4_600_000 || l.Product.Stock == nil || *l.Product.Stock != 4 {
		t.Errorf("line %+v (total %d)", l, l.Total())
	}
	if c.Lines[1].Product.Price != 1_800_000 || c.Lines[1].Product.Stock != nil {
		t.Errorf("the cheaper unlimited variant: %+v", c.Lines[1].Product)
	}
}
