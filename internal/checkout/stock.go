package checkout

import (
	"fmt"
	"time"

	"shop/internal/apperr"
	"shop/internal/iran"
)

// DefaultStockHold is how long an online order holds its stock when the setting is 0 (SHOP_STOCK_HOLD).
const DefaultStockHold = time.Hour

// ErrOutOfStock is the cause of every refusal for want of stock: a line asks for more than the product has
// left. The store returns it (through OutOfStock) from inside the transaction that would have saved the order,
// so nothing is saved and nothing goes to Frotel.
var ErrOutOfStock = apperr.New(apperr.Conflict, "checkout: out of stock", "")

// OutOfStock is the refusal of a line of name when left remain, with the sentence the shopper reads.
func OutOfStock(name string, left int64) error {
	msg := "«" + name + "» تمام شده است؛ آن را از سبد خرید بردارید."
	if left > 0 {
		msg = "از «" + name + "» فقط " + iran.FormatNumber(left) + " عدد باقی مانده است؛ تعداد آن را در سبد خرید کم کنید."
	}
	return apperr.Wrap(apperr.Conflict, msg, fmt.Errorf("%w: %s (%d left)", ErrOutOfStock, name, left))
}

// Stock states of an order: what its reservation is now. The store keeps one per order that reserved anything.
const (
	StockHeld     = "held"     // an online order holds it until paid or its hold runs out
	StockTaken    = "taken"    // a cash-on-delivery order's, or a paid one's
	StockReleased = "released" // given back: hold ran out, registration failed, cancelled, returned
	StockShort    = "short"    // paid after its hold ran out and the stock was gone: a person decides
)

// EventStockShort is the order event of a payment that came after its hold ran out when the stock was gone; the
// store writes it in the payment's own transaction, with the lines it could not take again as evidence.
const EventStockShort = "stock_short"
