// Package cart is the basket: which products, how many of each, and the arithmetic of its totals in integer
// rials. The basket the browser carries (Contents, see codec.go) holds codes and counts only; prices, names and
// weights always come from the catalog when the basket is priced.
package cart

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"shop/internal/catalog"
)

// Count bounds for one line of the basket.
const (
	MinCount = 1
	MaxCount = 99
	MaxLines = 30
)

var (
	ErrCountOutOfRange = fmt.Errorf("cart: count must be between %d and %d", MinCount, MaxCount)
	ErrTooManyLines    = fmt.Errorf("cart: at most %d different products", MaxLines)
	ErrNotInCart       = errors.New("cart: product is not in the basket")
)

// Item is one line as the browser carries it: a product code, the variant's code for a product sold in
// variants, and a count.
type Item struct {
	Code    string
	Variant string // "" for a product without variants
	Count   int
}

// Key names a line: the product's code, or "code/variant" for one variant of it (codes never hold a slash). The
// basket's forms and the cookie name lines by it.
func Key(code, variant string) string {
	if variant == "" {
		return code
	}
	return code + "/" + variant
}

// Key is the item's line key.
func (it Item) Key() string { return Key(it.Code, it.Variant) }

// SplitKey reads a line key back, and false when either code is not a valid one.
func SplitKey(key string) (code, variant string, ok bool) {
	code, variant, has := strings.Cut(key, "/")
	if !catalog.ValidCode(code) || has && !catalog.ValidCode(variant) {
		return "", "", false
	}
	return code, variant, true
}

// Contents is the basket as carried in the session: ordered lines, no prices.
type Contents struct {
	Items []Item
}

// Add puts count more of the line key into the basket (a new line at the end, or more of an existing line).
func (c *Contents) Add(key string, count int) error {
	if count < MinCount || count > MaxCount {
		return ErrCountOutOfRange
	}
	for i := range c.Items {
		if c.Items[i].Key() == key {
			if c.Items[i].Count+count > MaxCount {
				return ErrCountOutOfRange
			}
			c.Items[i].Count += count
			return nil
		}
	}
	if len(c.Items) >= MaxLines {
		return ErrTooManyLines
	}
	code, variant, _ := strings.Cut(key, "/")
	c.Items = append(c.Items, Item{Code: code, Variant: variant, Count: count})
	return nil
}

// Set changes the count of an existing line.
func (c *Contents) Set(key string, count int) error {
	if count < MinCount || count > MaxCount {
		return ErrCountOutOfRange
	}
	for i := range c.Items {
		if c.Items[i].Key() == key {
			c.Items[i].Count = count
			return nil
		}
	}
	return ErrNotInCart
}

// Remove takes a line out; removing a line that is not there is not an error (a double click).
func (c *Contents) Remove(key string) {
	c.Items = slices.DeleteFunc(c.Items, func(it Item) bool { return it.Key() == key })
}

// CountOf is how many the line key holds (0 when it is not in the basket).
func (c Contents) CountOf(key string) int {
	for _, it := range c.Items {
		if it.Key() == key {
			return it.Count
		}
	}
	return 0
}

// Count is the number of units in the basket (the header's badge).
func (c Contents) Count() int {
	n := 0
	for _, it := range c.Items {
		n += it.Count
	}
	return n
}

// Codes lists the product codes in the basket, each once.
func (c Contents) Codes() []string {
	out := make([]string, 0, len(c.Items))
	for _, it := range c.Items {
		if !slices.Contains(out, it.Code) {
			out = append(out, it.Code)
		}
	}
	return out
}

// Line is one priced line of the basket.
type Line struct {
	// Product is the product as this line sells it: for a variant, catalog.Product.As (the name with the options,
	// the price with the difference, the variant's stock); Code stays the product's.
	Product catalog.Product
	Variant string // the variant's code, "" for a product without variants
	Count   int
}

// Key is the line's key (Key).
func (l Line) Key() string { return Key(l.Product.Code, l.Variant) }

// Subtotal is the line's price before discount and tax.
func (l Line) Subtotal() int64 { return l.Product.Price * int64(l.Count) }

// Discount is the line's discount in rials.
func (l Line) Discount() int64 { return catalog.Percent(l.Subtotal(), l.Product.DiscountPercent) }

// Tax is the tax on the discounted line.
func (l Line) Tax() int64 { return catalog.Percent(l.Subtotal()-l.Discount(), l.Product.TaxPercent) }

// Total is what the line costs the buyer, shipping aside.
func (l Line) Total() int64 { return l.Subtotal() - l.Discount() + l.Tax() }

// ListPrice is the line at its undiscounted price, tax included: the struck-out price beside Total, so that
// ListPrice - Total is the discount as the shopper sees it (tax on the discounted part included).
func (l Line) ListPrice() int64 {
	return l.Subtotal() + catalog.Percent(l.Subtotal(), l.Product.TaxPercent)
}

// Weight is the line's weight in grams.
func (l Line) Weight() int64 { return l.Product.Weight * int64(l.Count) }

// Cart is a priced basket.
type Cart struct {
	Lines []Line
}

// Totals sums a basket.
type Totals struct {
	Subtotal int64 // before discount and tax
	Discount int64
	Tax      int64
	Total    int64 // subtotal - discount + tax: what the goods cost, shipping aside
	// ListPrice is the goods at their undiscounted prices with tax; ListPrice - Total is the discount shown.
	ListPrice int64
	Weight    int64 // grams, physical goods only
	Units     int
	Kinds     []catalog.Kind // the kinds present, in catalog.Kinds order
	// AllFreeShipping is true when every physical line ships free (Frotel then ships the parcel free).
	AllFreeShipping bool
}

// Totals computes the basket's totals.
func (c Cart) Totals() Totals {
	var t Totals
	present := map[catalog.Kind]bool{}
	physical, freePhysical := 0, 0
	for _, l := range c.Lines {
		t.Subtotal += l.Subtotal()
		t.Discount += l.Discount()
		t.Tax += l.Tax()
		t.Total += l.Total()
		t.ListPrice += l.ListPrice()
		t.Units += l.Count
		present[l.Product.Kind] = true
		if l.Product.Kind == catalog.Physical {
			t.Weight += l.Weight()
			physical++
			if l.Product.FreeShipping {
				freePhysical++
			}
		}
	}
	for _, k := range catalog.Kinds {
		if present[k] {
			t.Kinds = append(t.Kinds, k)
		}
	}
	t.AllFreeShipping = physical > 0 && physical == freePhysical
	return t
}

// Empty reports whether the basket has no lines.
func (c Cart) Empty() bool { return len(c.Lines) == 0 }

// OfKind returns the lines of one kind, as a cart of its own (a mixed basket is split per kind at checkout).
func (c Cart) OfKind(k catalog.Kind) Cart {
	var out Cart
	for _, l := range c.Lines {
		if l.Product.Kind == k {
			out.Lines = append(out.Lines, l)
		}
	}
	return out
}

// Price turns the carried contents into a priced cart using products read from the catalog. Lines whose product is
// gone or inactive, or whose variant is gone (or missing for a product sold in variants), are dropped and their
// keys reported, so the page can tell the shopper.
func Price(contents Contents, products map[string]catalog.Product) (Cart, []string) {
	var c Cart
	var dropped []string
	for _, it := range contents.Items {
		p, ok := products[it.Code]
		if !ok || !p.Active || it.Count < MinCount || it.Count > MaxCount || p.HasVariants() != (it.Variant != "") {
			dropped = append(dropped, it.Key())
			continue
		}
		if it.Variant != "" {
			v, ok := p.Variant(it.Variant)
			if !ok {
				dropped = append(dropped, it.Key())
				continue
			}
			p = p.As(v)
		}
		c.Lines = append(c.Lines, Line{Product: p, Variant: it.Variant, Count: it.Count})
	}
	return c, dropped
}
