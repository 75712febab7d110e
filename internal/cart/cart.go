// Package cart is the basket: which products, how many of each, and the arithmetic of its totals in integer
// rials. The basket the browser carries (Contents, see codec.go) holds codes and counts only; prices, names and
// weights always come from the catalog when the basket is priced.
package cart

import (
	"errors"
	"fmt"
	"slices"

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

// Item is one line as the browser carries it: a product code and a count.
type Item struct {
	Code  string
	Count int
}

// Contents is the basket as carried in the session: ordered lines, no prices.
type Contents struct {
	Items []Item
}

// Add puts count more of code into the basket (a new line at the end, or more of an existing line).
func (c *Contents) Add(code string, count int) error {
	if count < MinCount || count > MaxCount {
		return ErrCountOutOfRange
	}
	for i := range c.Items {
		if c.Items[i].Code == code {
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
	c.Items = append(c.Items, Item{Code: code, Count: count})
	return nil
}

// Set changes the count of an existing line.
func (c *Contents) Set(code string, count int) error {
	if count < MinCount || count > MaxCount {
		return ErrCountOutOfRange
	}
	for i := range c.Items {
		if c.Items[i].Code == code {
			c.Items[i].Count = count
			return nil
		}
	}
	return ErrNotInCart
}

// Remove takes a line out; removing a line that is not there is not an error (a double click).
func (c *Contents) Remove(code string) {
	c.Items = slices.DeleteFunc(c.Items, func(it Item) bool { return it.Code == code })
}

// Count is the number of units in the basket (the header's badge).
func (c Contents) Count() int {
	n := 0
	for _, it := range c.Items {
		n += it.Count
	}
	return n
}

// Codes lists the product codes in the basket.
func (c Contents) Codes() []string {
	out := make([]string, len(c.Items))
	for i, it := range c.Items {
		out[i] = it.Code
	}
	return out
}

// Line is one priced line of the basket.
type Line struct {
	Product catalog.Product
	Count   int
}

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
// gone or inactive are dropped and reported, so the page can tell the shopper.
func Price(contents Contents, products map[string]catalog.Product) (Cart, []string) {
	var c Cart
	var dropped []string
	for _, it := range contents.Items {
		p, ok := products[it.Code]
		if !ok || !p.Active || it.Count < MinCount || it.Count > MaxCount {
			dropped = append(dropped, it.Code)
			continue
		}
		c.Lines = append(c.Lines, Line{Product: p, Count: it.Count})
	}
	return c, dropped
}
