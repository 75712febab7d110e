package store

import "shop/internal/checkout"

// The orders table keeps send method, payment way and gender as small integers (the values the first schema
// used). These tables are the one place that knows them; 0 stands for "none" (no shipping, no gender given).
var (
	sendCodes    = []checkout.SendMethod{"", checkout.Pishtaz, checkout.Sefareshi, checkout.Matbuat, checkout.Peyk, checkout.Chabok, checkout.Courier}
	paymentCodes = []checkout.PaymentWay{"", checkout.CashOnDelivery, checkout.Online}
	genderCodes  = []checkout.Gender{"", checkout.Female, checkout.Male}
)

func codeOf[T comparable](table []T, v T) int {
	for i, x := range table {
		if x == v {
			return i
		}
	}
	return 0
}

func valueOf[T any](table []T, code int) T {
	if code > 0 && code < len(table) {
		return table[code]
	}
	var zero T
	return zero
}
