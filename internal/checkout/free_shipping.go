package checkout

import (
	"shop/internal/cart"
	"shop/internal/catalog"
)

// FreeShippingProgress is where a basket stands against the seller's free-shipping threshold, for the basket page:
// how much more of the goods in the parcel makes shipping free.
type FreeShippingProgress struct {
	Threshold int64 // the seller's threshold in rials; 0: the seller offers none
	Free      bool  // the parcel already ships free (the threshold, or every item free)
	Missing   int64 // rials of goods still to add for the threshold; 0 when Free or no threshold
}

// FreeShipping measures the basket's parcel as Quote does: files and services in the same basket are orders of
// their own and do not count.
func (s *Service) FreeShipping(c cart.Cart) FreeShippingProgress {
	set := s.Settings()
	if c.OfKind(catalog.Physical).Empty() {
		return FreeShippingProgress{Threshold: set.FreeShippingAbove}
	}
	whole, every := freeShipping(set, c)
	p := FreeShippingProgress{Threshold: set.FreeShippingAbove, Free: whole || every}
	if !p.Free && p.Threshold > 0 {
		p.Missing = p.Threshold - c.OfKind(catalog.Physical).Totals().Total
	}
	return p
}
