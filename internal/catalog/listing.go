package catalog

import (
	"cmp"
	"slices"
)

// Order is how a list of products is sorted for a shopper.
type Order string

const (
	Featured   Order = ""           // the seller's own order (position), the default
	Newest     Order = "newest"     // added last, first
	PriceUp    Order = "price_asc"  // cheapest first, by the price the shopper pays
	PriceDown  Order = "price_desc" // dearest first
	BestSelles Order = "bestselling"
)

// Orders lists the sort orders a shopper may choose, with their Persian names, in the order they are offered.
var Orders = []struct {
	Order Order
	Label string
}{{Featured, "پیشنهاد فروشگاه"}, {Newest, "جدیدترین"}, {PriceUp, "ارزان‌ترین"}, {PriceDown, "گران‌ترین"}, {BestSelles, "پرفروش‌ترین"}}

// ParseOrder reads a sort order from a query; anything unknown is the default, so an old or mistyped link still
// shows the catalog.
func ParseOrder(s string) Order {
	for _, o := range Orders {
		if string(o.Order) == s {
			return o.Order
		}
	}
	return Featured
}

// Sorted returns a sorted copy of products (never changing the shared snapshot's slice). price is the price the
// shopper pays for one (discount and tax in), sold how many of each were sold; both may be nil for orders that
// do not use them. Ties keep the seller's order.
func Sorted(products []Product, by Order, price func(Product) int64, sold map[string]int) []Product {
	out := slices.Clone(products)
	switch by {
	case Newest:
		slices.SortStableFunc(out, func(a, b Product) int { return b.CreatedAt.Compare(a.CreatedAt) })
	case PriceUp:
		slices.SortStableFunc(out, func(a, b Product) int { return cmp.Compare(price(a), price(b)) })
	case PriceDown:
		slices.SortStableFunc(out, func(a, b Product) int { return cmp.Compare(price(b), price(a)) })
	case BestSelles:
		slices.SortStableFunc(out, func(a, b Product) int { return cmp.Compare(sold[b.Code], sold[a.Code]) })
	}
	return out
}

// PerPage is how many products a catalog, category or search page shows.
const PerPage = 24

// Pages is how many pages n products fill (at least one, which may be empty).
func Pages(n int) int { return max(1, (n+PerPage-1)/PerPage) }

// PageOf is page (1-based) of products; ok is false for a page past the last.
func PageOf(products []Product, page int) ([]Product, bool) {
	if page < 1 || page > Pages(len(products)) {
		return nil, false
	}
	start := (page - 1) * PerPage
	return products[start:min(len(products), start+PerPage)], true
}
