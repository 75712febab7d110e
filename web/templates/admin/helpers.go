// Package admin holds the seller's dashboard's templ components and the plain view models its handlers fill.
// The few pieces it shares with the shopper's pages (the flash message, product pictures, weights, the shop's
// name) come from package templates; components only format what they are given.
package admin

import (
	"github.com/a-h/templ"

	"shop/internal/iran"
	"shop/web/static"
	"shop/web/templates"
)

// Flash is a one-time message, the same kind the shopper's pages show.
type Flash = templates.Flash

func price(unit iran.PriceUnit, rials int64) string { return iran.FormatPrice(rials, unit) }

func num(n int64) string { return iran.FormatNumber(n) }

func digits(s string) string { return iran.PersianDigits(s) }

func asset(path string) string { return static.URL(path) }

func img(name string) string { return templates.ImageURL(name) }

func weight(grams int64) string { return templates.Weight(grams) }

func shopName(title string) string { return templates.DisplayName(title) }

// factor is a Frotel factor grouped as the shopper's receipt shows it, so staff and shopper read the same thing.
func factor(id string) templ.Component { return templ.Raw(templates.FactorHTML(id)) }

// itemParts is a line's unit price, discount and VAT in one phrase, for a phone, where they have no columns.
func itemParts(unit iran.PriceUnit, it AdminOrderItem) string {
	out := "فی " + price(unit, it.UnitPrice)
	if it.Discount > 0 {
		out += "، تخفیف " + price(unit, it.Discount)
	}
	if it.Tax > 0 {
		out += "، مالیات " + price(unit, it.Tax)
	}
	return out
}
