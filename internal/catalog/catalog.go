// Package catalog holds the shop's products and their kinds. A product's price, weight, discount and tax
// live here and in the database only: the basket and the checkout always read them afresh from the store.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Kind decides which Frotel registration method an order of the product goes to.
type Kind string

const (
	Physical Kind = "physical" // shipped goods: registerOrder, needs a send method and an address
	Virtual  Kind = "virtual"  // files: registerOrderVirtual, download links after payment
	Service  Kind = "service"  // services: registerOrderService, an address but no shipping
)

// Kinds lists every kind in the order the shop shows them.
var Kinds = []Kind{Physical, Virtual, Service}

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool { return k == Physical || k == Virtual || k == Service }

// Label is the Persian name of the kind.
func (k Kind) Label() string {
	switch k {
	case Physical:
		return "کالای فیزیکی"
	case Virtual:
		return "فایل دانلودی"
	case Service:
		return "خدمات"
	}
	return string(k)
}

// ErrProductNotFound is returned for a product code the catalog does not have (or no longer sells).
var ErrProductNotFound = errors.New("catalog: product not found")

// Product is one thing the shop sells. Money is integer rials; percentages are whole percents.
type Product struct {
	Code              string // Frotel's pro_code; also the product page URL
	Name              string
	Description       string
	Kind              Kind
	Price             int64 // unit price in rials
	Weight            int64 // unit weight in grams (0 for virtual goods and services)
	DiscountPercent   int
	TaxPercent        int
	FreeShipping      bool
	CommissionPercent int     // porsant for the marketer, if any
	MarketerID        string  // bazaryab; a ?bz= link overrides it per session
	Image             string  // path under /static/img/ (or a legacy upload): the cards' picture while Photos is empty
	Photos            []Photo // ordered; the first is the cards' (photo.go)
	Files             string  // virtual goods: what the buyer receives, one file per line (name, format, size)
	Category          string  // a category's slug (the store checks it exists), or "" for none
	Active            bool
	CreatedAt         time.Time // when the seller added it (the "newest" order)
	// Stock is how many the shop can still sell; nil: unlimited (files and services, and any product the seller
	// does not count). Orders reserve it in the store, atomically, so it never goes below zero.
	Stock *int64 // nil: unlimited
	// Variants are the product's combinations of options (size, colour), each sold under its own code with its
	// own stock; none for most products. Stored in product_variants.
	Variants []Variant
}

// ValidCode reports whether s has the shape of a product code, ^[A-Za-z0-9_-]{1,40}$ (it says nothing about
// whether it exists). It is a loop rather than that regular expression: every page checks the basket cookie's
// codes with it, and the expression was a twentieth of a catalog page's work.
func ValidCode(s string) bool {
	if len(s) < 1 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// UnitPriceAfterDiscount is the unit price the buyer pays before tax.
func (p Product) UnitPriceAfterDiscount() int64 {
	return p.Price - Percent(p.Price, p.DiscountPercent)
}

// Validate checks a product before it is saved.
func (p Product) Validate() error {
	var errs []error
	if !ValidCode(p.Code) {
		errs = append(errs, fmt.Errorf("code %q: letters, digits, - and _ only", p.Code))
	}
	if p.Name == "" {
		errs = append(errs, errors.New("name is empty"))
	}
	if !p.Kind.Valid() {
		errs = append(errs, fmt.Errorf("kind %q is unknown", p.Kind))
	}
	if p.Category != "" && !ValidSlug(p.Category) {
		errs = append(errs, fmt.Errorf("category %q is not a slug", p.Category))
	}
	if p.Stock != nil && *p.Stock < 0 {
		errs = append(errs, fmt.Errorf("stock %d is negative", *p.Stock))
	}
	if p.Price <= 0 {
		errs = append(errs, errors.New("price must be positive"))
	}
	if p.Weight < 0 || (p.Kind == Physical && p.Weight == 0) {
		errs = append(errs, errors.New("a physical product needs a positive weight"))
	}
	errs = append(errs, p.validateVariants()...)
	if p.Stock != nil && *p.Stock < 0 {
		errs = append(errs, errors.New("stock must not be negative"))
	}
	for name, v := range map[string]int{"discount": p.DiscountPercent, "tax": p.TaxPercent, "commission": p.CommissionPercent} {
		if v < 0 || v > 100 {
			errs = append(errs, fmt.Errorf("%s %d%% is outside 0..100", name, v))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("catalog: product %q: %w", p.Code, err)
	}
	return nil
}

// Percent is pct percent of amount, rounded half up to the rial.
func Percent(amount int64, pct int) int64 {
	if pct == 0 || amount == 0 {
		return 0
	}
	return (amount*int64(pct) + 50) / 100
}

// Store is what the catalog needs from storage.
type Store interface {
	ListProducts(ctx context.Context) ([]Product, error)
	ProductsByCode(ctx context.Context, codes []string) (map[string]Product, error)
}

// Lookup returns one active product, or ErrProductNotFound.
func Lookup(ctx context.Context, s Store, code string) (Product, error) {
	if !ValidCode(code) {
		return Product{}, ErrProductNotFound
	}
	m, err := s.ProductsByCode(ctx, []string{code})
	if err != nil {
		return Product{}, fmt.Errorf("catalog: look up %q: %w", code, err)
	}
	p, ok := m[code]
	if !ok || !p.Active {
		return Product{}, ErrProductNotFound
	}
	return p, nil
}
