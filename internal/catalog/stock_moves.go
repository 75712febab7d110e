package catalog

import "time"

// StockReason says why a quantity changed, for the product's stock history.
type StockReason string

const (
	StockOrderPlaced    StockReason = "order_placed"    // a cash-on-delivery order took it
	StockOrderHeld      StockReason = "order_held"      // an online order holds it while it can be paid
	StockOrderPaid      StockReason = "order_paid"      // the held stock became the paid order's (or was taken again after its hold ran out)
	StockHoldReleased   StockReason = "hold_released"   // the online order was not paid within the hold
	StockRegisterFailed StockReason = "register_failed" // Frotel refused the order: given back
	StockCancelled      StockReason = "cancelled"       // the order was cancelled: given back
	StockReturned       StockReason = "returned"        // the parcel came back: given back
	StockSellerEdit     StockReason = "seller_edit"     // the seller (or an import) set the quantity
)

// Label is the reason in Persian, for the dashboard.
func (r StockReason) Label() string {
	switch r {
	case StockOrderPlaced:
		return "سفارش پرداخت در محل"
	case StockOrderHeld:
		return "رزرو برای سفارش آنلاین"
	case StockOrderPaid:
		return "پرداخت سفارش"
	case StockHoldReleased:
		return "آزاد شدن رزرو (پرداخت نشد)"
	case StockRegisterFailed:
		return "ثبت نشدن سفارش"
	case StockCancelled:
		return "لغو سفارش"
	case StockReturned:
		return "برگشت مرسوله"
	case StockSellerEdit:
		return "ویرایش فروشنده"
	}
	return string(r)
}

// StockMove is one change of a product's quantity: by how much, what it became (nil: unlimited), why, for which
// order (0: none) and by whom (an admin's e-mail for an edit; empty for the shop itself).
type StockMove struct {
	At      time.Time
	Code    string
	Variant string // the variant's code, when the product has variants
	Delta   int64
	After   *int64
	Reason  StockReason
	OrderID int64
	Actor   string
}
