package sandbox

import (
	"fmt"
)

// payable reports whether the order can take an online payment now.
func (o *order) payable() bool {
	return o.buyType == 2 && o.status != StatusCancelled && o.paid < o.total
}

var orderTypes = map[string]int{"product": 1, "virtual": 2, "service": 3}

func (f *Frotel) orderPay(c *apiCall) (any, *apiError) {
	o, aerr := f.lookup(c.form.str("factor"))
	if aerr != nil {
		return nil, aerr
	}
	banks := []map[string]any{}
	if o.payable() {
		banks = bankList(f.banks(c.base), "logo")
	}
	return map[string]any{
		"vaziat":          o.status,
		"factor":          f.echoFactor(o.factor),
		"barcode":         o.barcode,
		"order_type":      o.kind,
		"price":           o.total,
		"remainder_price": o.total - o.paid,
		"pay_price":       o.paid,
		"banks":           banks,
	}, nil
}

func (f *Frotel) tracking(c *apiCall) (any, *apiError) {
	o, aerr := f.lookup(c.form.str("factor"))
	if aerr != nil {
		return nil, aerr
	}
	buyType := 0 // tracking numbers buy types differently: 0 COD, 1 online
	if o.buyType == 2 {
		buyType = 1
	}
	seller := []map[string]any{}
	if o.barcode != "" { // the spec shows the seller only once the order has shipped
		seller = append(seller, map[string]any{"name": "فروشگاه آزمایشی", "phone": "02100000000", "city": "تهران"})
	}
	payment := map[string]any{"message": "", "pay_link": ""}
	switch {
	case o.payable():
		payment["message"] = "پرداخت شما انجام نشده است."
		payment["pay_link"] = c.base + "/bank/continue?factor=" + o.factor
	case o.buyType == 2 && o.paid >= o.total:
		payment["message"] = "پرداخت شما با موفقیت انجام شده است."
	}
	return map[string]any{
		"customer": o.buyer.Name + " " + o.buyer.Family,
		"order": map[string]any{
			"factor":      f.echoFactor(o.factor),
			"barcode":     o.barcode,
			"status":      o.status,
			"date":        jalaliMinute(o.created),
			"change_date": jalaliMinute(o.changed),
			"price":       o.total,
			"buy_type":    buyType,
			"desc":        "",
			"type":        orderTypes[o.kind],
		},
		"seller":  seller,
		"payment": payment,
	}, nil
}

// Advance moves an order to a status label (e.g. StatusShipped, "توزیع شده"),
// as the seller's panel and the post would. Shipping-like labels give the order
// a 24-digit post barcode if it has none.
func (f *Frotel) Advance(factor, label string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, aerr := f.lookup(factor)
	if aerr != nil {
		return fmt.Errorf("sandbox: advance %s: %s", factor, aerr.msg)
	}
	o.status = label
	o.changed = f.opts.Now()
	switch label {
	case "پیش توزیعی", StatusShipped, "توزیع شده", "وصول شده", "پیش برگشتی", "برگشتی":
		if o.barcode == "" {
			o.barcode = randomDigits(24)
		}
	}
	return nil
}

// SetLinksError makes checkPay of one virtual order answer links.error=1
// (on=true) or real links again (on=false).
func (f *Frotel) SetLinksError(factor string, on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, _ := f.lookup(factor); o != nil {
		o.linksError = on
	}
}
