package dashboard

import (
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/iran"
	views "shop/web/templates/admin"
)

// stockLabel is a product's quantity as the seller reads it in the lists.
func stockLabel(p catalog.Product) string {
	if p.HasVariants() {
		label := iran.FormatNumber(int64(len(p.Variants))) + " گونه"
		if p.SoldOutEverywhere() {
			label += "، همه ناموجود"
		}
		return label
	}
	n, ok := p.Left()
	switch {
	case !ok:
		return "نامحدود"
	case n == 0:
		return "ناموجود"
	}
	return iran.FormatNumber(n) + " عدد"
}

// variantsLow reports whether any variant of p has none or a few left.
func variantsLow(p catalog.Product) bool {
	for _, v := range p.Variants {
		if q := p.As(v); q.SoldOut() || q.LowStock() {
			return true
		}
	}
	return false
}

func stockMoveView(m catalog.StockMove) views.AdminStockMove {
	v := views.AdminStockMove{At: iran.FormatJalaliDateTime(m.At), Reason: m.Reason.Label(), Actor: m.Actor, OrderID: m.OrderID,
		After: "نامحدود"}
	switch {
	case m.Delta > 0:
		v.Delta = "+" + iran.FormatNumber(m.Delta)
	case m.Delta < 0:
		v.Delta = "−" + iran.FormatNumber(-m.Delta)
	default:
		v.Delta = iran.FormatNumber(0)
	}
	if m.After != nil {
		v.After = iran.FormatNumber(*m.After)
	}
	if m.OrderID != 0 {
		v.OrderRef = checkout.ReferenceOf(m.OrderID)
	}
	if m.Variant != "" {
		v.Reason += " (" + m.Variant + ")"
	}
	return v
}
