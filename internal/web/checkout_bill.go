package web

import (
	"strconv"

	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/web/templates"
)

// fillBills puts on the checkout page what the shopper will pay: one bill per quoted shipping option, or a single
// bill without shipping while nothing is quoted (or nothing ships). The goods are priced as Place prices them
// (cart line totals) and shipping is the quote's cost, so the chosen bill's total is the sum of the factors
// Frotel will register. values carries the shopper's current choice of send method and payment way.
func fillBills(v *templates.CheckoutPage, priced cart.Cart, q *checkout.ShippingQuote, values map[string]string, coupon checkout.Coupon) {
	t := priced.Totals()
	goods := templates.BillView{ListPrice: t.ListPrice, Discount: t.ListPrice - t.Total, Tax: t.Tax, Available: true}
	for _, k := range t.Kinds {
		if k == catalog.Physical {
			goods.Ships = true
		}
		// Each kind is its own order at Frotel, and the coupon goes with each: its discount as Place computes it.
		goods.Coupon += coupon.DiscountOn(priced.OfKind(k).Totals().Total)
	}
	if !coupon.IsZero() {
		goods.CouponCode, goods.CouponEfficacy = coupon.Code, couponEfficacy(coupon)
	}
	goods.Total = t.Total - goods.Coupon
	t.Total = goods.Total
	v.Bills, v.BillKey = nil, ""
	if !goods.Ships || q == nil || len(q.Options) == 0 {
		v.Bills = []templates.BillView{goods}
		return
	}
	send, pay := chosenOption(*q, values)
	for _, m := range q.SendMethods() {
		for _, w := range checkout.PaymentWays() {
			b := goods
			b.Key, b.SendLabel, b.PayLabel, b.Quoted = billKey(m, w), m.Label(), w.Label(), true
			o, ok := q.Find(m, w)
			b.Available, b.Shipping, b.Total = ok, o.Cost, t.Total+o.Cost
			v.Bills = append(v.Bills, b)
		}
	}
	v.BillKey = billKey(send, pay)
	// The radios show the same choice as the bill.
	values["send"], values["pay"] = string(send), string(pay)
}

// chosenOption is the send method and payment way the page shows as chosen: the shopper's, else the quote's first
// method paid online (the radios' own defaults).
func chosenOption(q checkout.ShippingQuote, values map[string]string) (checkout.SendMethod, checkout.PaymentWay) {
	methods := q.SendMethods()
	send := methods[0]
	if m, err := checkout.ParseSendMethod(values["send"]); err == nil {
		for _, x := range methods {
			if x == m {
				send = m
			}
		}
	}
	pay := checkout.Online
	if values["pay"] == string(checkout.CashOnDelivery) {
		pay = checkout.CashOnDelivery
	}
	return send, pay
}

func billKey(m checkout.SendMethod, w checkout.PaymentWay) string { return string(m) + "|" + string(w) }

// couponEfficacy is a coupon's efficacy for the bill: «۱۰٪» or the amount in the shop's unit, left to the page.
func couponEfficacy(c checkout.Coupon) string {
	if c.Percent > 0 {
		return iran.PersianDigits(strconv.FormatInt(c.Percent, 10)) + "٪"
	}
	return ""
}
