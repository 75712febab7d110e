// Package notify decides what the buyer and the seller are told at each step of an order, in the seller's
// words: the events, their Persian templates with placeholders (edited in the dashboard, each switchable), the
// plan of messages an order move or event causes (written to the outbox by the store in the same transaction),
// and the Sender that sends the outbox by SMS and e-mail, with retries and back-off, once across instances.
package notify

import "shop/internal/checkout"

// Event is what a message is about.
type Event string

// The buyer's events.
const (
	OrderPlaced        Event = "order_placed"
	OrderPaid          Event = "order_paid"
	OrderShipped       Event = "order_shipped"
	OrderDelivered     Event = "order_delivered"
	OrderReturned      Event = "order_returned"
	OrderCancelled     Event = "order_cancelled"
	PaymentUnconfirmed Event = "payment_unconfirmed"
	SellerNote         Event = "seller_note" // the seller's note to the buyer (checkout.EventSellerNote)
)

// The seller's events, sent to every mobile in the settings' list.
const (
	SellerNewOrder    Event = "seller_new_order"
	SellerNeedsPerson Event = "seller_needs_person"
	SellerLowStock    Event = "seller_low_stock"
)

// Code is a one-time code (QueueCode); it has no template and no switch.
const Code Event = "code"

// EventInfo describes one event for the settings page.
type EventInfo struct {
	Event    Event
	Label    string // Persian, for the dashboard
	ToSeller bool
	// Placeholders the template may use.
	Placeholders []string
	Default      string
}

var (
	buyerPlaceholders  = []string{"shop", "name", "factor", "amount", "link", "tracking_code", "barcode", "tracking_url"}
	sellerPlaceholders = []string{"shop", "name", "mobile", "factor", "amount", "admin_link"}
)

// Events lists every templated event in the order the settings page shows them.
func Events() []EventInfo {
	return []EventInfo{
		{OrderPlaced, "ثبت سفارش (به خریدار)", false, buyerPlaceholders,
			"{shop}: {name} عزیز، سفارش شما به شماره‌ی {factor} و مبلغ {amount} ثبت شد.\nپیگیری: {link}"},
		{OrderPaid, "پرداخت (به خریدار)", false, buyerPlaceholders,
			"{shop}: پرداخت سفارش {factor} انجام شد.\nکد رهگیری: {tracking_code}\n{link}"},
		{OrderShipped, "ارسال (به خریدار)", false, buyerPlaceholders,
			"{shop}: سفارش {factor} ارسال شد.\nبارکد پستی: {barcode}\nرهگیری مرسوله: {tracking_url}"},
		{OrderDelivered, "تحویل (به خریدار)", false, buyerPlaceholders,
			"{shop}: سفارش {factor} تحویل شد. از خرید شما سپاسگزاریم."},
		{OrderReturned, "برگشت مرسوله (به خریدار)", false, buyerPlaceholders,
			"{shop}: مرسوله‌ی سفارش {factor} برگشت خورد. برای پیگیری با ما تماس بگیرید.\n{link}"},
		{OrderCancelled, "لغو سفارش (به خریدار)", false, buyerPlaceholders,
			"{shop}: سفارش {factor} لغو شد.\n{link}"},
		{PaymentUnconfirmed, "پرداخت تأییدنشده (به خریدار)", false, buyerPlaceholders,
			"{shop}: پرداخت سفارش {factor} تأیید نشد. اگر مبلغی از حساب شما کم شده باشد، بانک آن را برمی‌گرداند. پرداخت دوباره: {link}"},
		{SellerNote, "یادداشت فروشنده (به خریدار)", false, append(append([]string{}, buyerPlaceholders...), "note"),
			"{shop}: درباره‌ی سفارش {factor}:\n{note}\n{link}"},
		{SellerNewOrder, "سفارش تازه (به فروشنده)", true, sellerPlaceholders,
			"سفارش تازه {factor} به مبلغ {amount} از {name}\n{admin_link}"},
		{SellerNeedsPerson, "سفارش نیازمند بررسی (به فروشنده)", true, sellerPlaceholders,
			"سفارش {factor} ({name}) به بررسی شما نیاز دارد.\n{admin_link}"},
		{SellerLowStock, "کمبود موجودی (به فروشنده)", true, []string{"shop", "product", "code", "left"},
			"موجودی «{product}» (کد {code}) به {left} رسید."},
	}
}

// Info returns an event's description.
func Info(e Event) (EventInfo, bool) {
	for _, i := range Events() {
		if i.Event == e {
			return i, true
		}
	}
	return EventInfo{}, false
}

// MoveEvents are the events an order's move from one state to another causes.
func MoveEvents(from, to checkout.State) []Event {
	switch to {
	case checkout.StateRegistered, checkout.StateAwaitingPayment:
		if from == checkout.StateRegistering || from == checkout.StateNeedsReconciliation {
			return []Event{OrderPlaced, SellerNewOrder}
		}
	case checkout.StatePaid:
		return []Event{OrderPaid}
	case checkout.StateShipped:
		return []Event{OrderShipped}
	case checkout.StateDelivered:
		return []Event{OrderDelivered}
	case checkout.StateReturned:
		return []Event{OrderReturned}
	case checkout.StateCancelled:
		return []Event{OrderCancelled}
	case checkout.StateNeedsReconciliation, checkout.StateAwaitingSeller:
		return []Event{SellerNeedsPerson}
	}
	return nil
}

// PostTrackingURL is Iran Post's parcel tracking page; the postal barcode follows it.
const PostTrackingURL = "https://tracking.post.ir/?id="
