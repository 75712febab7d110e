package catalog

// LowStockAt is the quantity at or below which a counted product is "low": the shopper reads «فقط N عدد باقی
// مانده», the dashboard's overview lists it, and the store reports the crossing (store.LowStock). Three is the
// last few a small shop wants to hear about before a product runs out; it is one number for the whole shop.
const LowStockAt = 3

// Limited reports whether the product's quantity is counted.
func (p Product) Limited() bool { return p.Stock != nil }

// Left is how many can still be sold, and false when the stock is unlimited.
func (p Product) Left() (int64, bool) {
	if p.Stock == nil {
		return 0, false
	}
	return max(*p.Stock, 0), true
}

// SoldOut reports whether a counted product has none left.
func (p Product) SoldOut() bool {
	n, ok := p.Left()
	return ok && n == 0
}

// SoldOutEverywhere reports whether nothing of the product can be sold: counted and none left, or every one of
// its variants so.
func (p Product) SoldOutEverywhere() bool {
	if !p.HasVariants() {
		return p.SoldOut()
	}
	for _, v := range p.Variants {
		if v.Stock == nil || *v.Stock > 0 {
			return false
		}
	}
	return true
}

// LowStock reports whether a counted product has a few left (but not none).
func (p Product) LowStock() bool {
	n, ok := p.Left()
	return ok && n > 0 && n <= LowStockAt
}

// CanSell reports whether count more can be sold now (an unlimited product always can).
func (p Product) CanSell(count int) bool {
	n, ok := p.Left()
	return !ok || int64(count) <= n
}

// Quantity is a stock as a pointer, for literals and tests: Quantity(5) is five in stock.
func Quantity(n int64) *int64 { return &n }
