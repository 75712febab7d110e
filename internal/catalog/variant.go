package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// OptionValue is one choice of a variant: the option's name (سایز, رنگ) and its value (L, آبی).
type OptionValue struct {
	Name  string
	Value string
}

// Variant is one combination of a product's options, sold under its own code (Frotel's pro_code for the line),
// with its own stock (nil: unlimited) and a price difference in rials from the product's price (negative for a
// cheaper one; the result must stay positive). A product with variants is sold only as one of them: its own stock
// is not used.
type Variant struct {
	Code       string
	Options    []OptionValue // in the product's option order
	Stock      *int64        // nil: unlimited
	PriceDelta int64         // rials
}

// Limits of a product's variants.
const (
	MaxVariants     = 100
	MaxOptionLength = 40
)

// Label is the variant's options as a shopper reads them: «سایز: L، رنگ: آبی».
func (v Variant) Label() string {
	parts := make([]string, len(v.Options))
	for i, o := range v.Options {
		parts[i] = o.Name + ": " + o.Value
	}
	return strings.Join(parts, "، ")
}

// HasVariants reports whether the product is sold as one of its variants.
func (p Product) HasVariants() bool { return len(p.Variants) > 0 }

// Variant finds a variant by its code.
func (p Product) Variant(code string) (Variant, bool) {
	for _, v := range p.Variants {
		if v.Code == code {
			return v, true
		}
	}
	return Variant{}, false
}

// OptionNames are the product's option names, in order (from its first variant; Validate checks all agree).
func (p Product) OptionNames() []string {
	if len(p.Variants) == 0 {
		return nil
	}
	names := make([]string, len(p.Variants[0].Options))
	for i, o := range p.Variants[0].Options {
		names[i] = o.Name
	}
	return names
}

// As is the product as one of its variants is sold: its name with the options («تیشرت — سایز: L، رنگ: آبی»), its
// price with the difference, its stock. The code stays the product's; the variant's code travels beside it.
func (p Product) As(v Variant) Product {
	p.Name = p.Name + " — " + v.Label()
	p.Price += v.PriceDelta
	p.Stock = v.Stock
	p.Variants = nil
	return p
}

// validateVariants checks what Validate needs of the variants: codes, one set of option names, distinct
// combinations, prices that stay positive, stocks not negative.
func (p Product) validateVariants() []error {
	if len(p.Variants) == 0 {
		return nil
	}
	var errs []error
	if len(p.Variants) > MaxVariants {
		errs = append(errs, fmt.Errorf("at most %d variants", MaxVariants))
	}
	names := p.OptionNames()
	if len(names) == 0 {
		errs = append(errs, errors.New("a variant needs at least one option"))
	}
	codes := map[string]bool{p.Code: true}
	combos := map[string]bool{}
	for _, v := range p.Variants {
		if !ValidCode(v.Code) {
			errs = append(errs, fmt.Errorf("variant code %q: letters, digits, - and _ only", v.Code))
		}
		if codes[v.Code] {
			errs = append(errs, fmt.Errorf("variant code %q is used twice (or is the product's)", v.Code))
		}
		codes[v.Code] = true
		got := make([]string, len(v.Options))
		for i, o := range v.Options {
			got[i] = o.Name
			if strings.TrimSpace(o.Value) == "" || len([]rune(o.Value)) > MaxOptionLength || len([]rune(o.Name)) > MaxOptionLength {
				errs = append(errs, fmt.Errorf("variant %q: option %q needs a value of at most %d letters", v.Code, o.Name, MaxOptionLength))
			}
		}
		if !slices.Equal(got, names) {
			errs = append(errs, fmt.Errorf("variant %q has options %v, not %v", v.Code, got, names))
		}
		if combos[v.Label()] {
			errs = append(errs, fmt.Errorf("variant %q repeats the combination %s", v.Code, v.Label()))
		}
		combos[v.Label()] = true
		if p.Price+v.PriceDelta <= 0 {
			errs = append(errs, fmt.Errorf("variant %q: the price with its difference must stay positive", v.Code))
		}
		if v.Stock != nil && *v.Stock < 0 {
			errs = append(errs, fmt.Errorf("variant %q: stock must not be negative", v.Code))
		}
	}
	return errs
}

// Edit says who saves a product and what the save leaves alone, for the store's history and for concurrent
// orders: a form that did not change the stock (or the variants) must not write back the numbers it showed.
type Edit struct {
	By           string // the admin's e-mail; "" for an import or the shop itself
	KeepStock    bool
	KeepVariants bool
}
