package admin

import (
	"context"
	"net/url"
	"strings"
	"time"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/iran"
)

// Attention is the state filter's value for "every order a person must look at".
const Attention = "attention"

// NeedsPerson lists the states in which an order waits for a person: the shop cannot tell whether Frotel has
// it, Frotel refused it, the shopper's payment failed, or a cash-on-delivery order past a cap waits for the seller.
func NeedsPerson() []checkout.State {
	return []checkout.State{checkout.StateAwaitingSeller, checkout.StateNeedsReconciliation, checkout.StateRegisterFailed, checkout.StatePaymentFailed}
}

// NeedsPersonState reports whether an order in state s waits for a person.
func NeedsPersonState(s checkout.State) bool {
	for _, x := range NeedsPerson() {
		if x == s {
			return true
		}
	}
	return false
}

// OrderFilter is the orders list's query: every field optional.
type OrderFilter struct {
	Query   string           // factor, mobile, buyer name or reference SH-…
	States  []checkout.State // any of these
	Kind    catalog.Kind
	Payment checkout.PaymentWay
	From    time.Time // created at or after (Tehran midnight of the day given)
	To      time.Time // created before (the midnight after the day given)
	// After starts the page just after this order, Before ends it just before this one (the previous page);
	// both zero is the first page. Pages are keyed by order, not counted: a page deep in a year of orders costs
	// what the first does, and an order arriving meanwhile shifts nothing.
	After, Before OrderCursor
	PerPage       int
}

// DefaultPerPage is the orders list's page size.
const DefaultPerPage = 25

// Limit is the page size.
func (f OrderFilter) Limit() int {
	if f.PerPage <= 0 || f.PerPage > 1000 {
		return DefaultPerPage
	}
	return f.PerPage
}

// OrderPage is one page of the filtered list and how many orders match in all.
type OrderPage struct {
	Orders []*checkout.Order // held first, then newest first, as a list shows them (see OrderStore)
	Total  int
	// Next is the cursor of the following page (zero on the last), Prev of the page before (zero on the first).
	Next, Prev OrderCursor
}

// OrderStore is what the dashboard reads orders with. store.Store satisfies it. The orders of a list (ListOrders,
// EachOrder) come as a list shows them: references, buyer, amounts, state and delivery, without their items, banks,
// download links or notes; OrderByID gives an order whole.
type OrderStore interface {
	ListOrders(ctx context.Context, f OrderFilter) (OrderPage, error)
	// EachOrder calls fn with every order the filter matches, in the list's order, reading them a
	// batch at a time so that an export of a year of orders holds one batch in memory, never the year; an error
	// from fn stops the walk and is returned.
	EachOrder(ctx context.Context, f OrderFilter, fn func(*checkout.Order) error) error
	// OrderByID returns the order with its items, or checkout.ErrOrderNotFound.
	OrderByID(ctx context.Context, id int64) (*checkout.Order, error)
	// DayTallies counts the orders created at or after since by Tehran day, state and payment way, for the
	// overview: a grouped read of an index, whatever the number of orders.
	DayTallies(ctx context.Context, since time.Time) ([]DayTally, error)
	// VerificationCounts counts finished checkPay answers since a time: verified ones and all.
	VerificationCounts(ctx context.Context, since time.Time) (verified, total int, err error)
}

// ParseOrderFilter reads the list's query parameters: q, state, kind, payment, from, to (Jalali, 1405/09/01) and
// after or before (a page's cursor; one that cannot be read is the first page). Field errors come back by parameter name, in Persian; the filter holds whatever could be read.
func ParseOrderFilter(q url.Values) (OrderFilter, map[string]string) {
	f := OrderFilter{Query: strings.TrimSpace(iran.NormalizeDigits(q.Get("q")))}
	problems := map[string]string{}
	if len([]rune(f.Query)) > 100 {
		f.Query = string([]rune(f.Query)[:100])
	}
	switch s := q.Get("state"); {
	case s == "":
	case s == Attention:
		f.States = NeedsPerson()
	default:
		known := false
		for _, st := range checkout.States() {
			if string(st) == s {
				f.States, known = []checkout.State{st}, true
			}
		}
		if !known {
			problems["state"] = "وضعیت انتخاب‌شده شناخته نیست."
		}
	}
	if k := q.Get("kind"); k != "" {
		if kind, ok := kindOf(k); ok {
			f.Kind = kind
		} else {
			problems["kind"] = "نوع سفارش شناخته نیست."
		}
	}
	if p := q.Get("payment"); p != "" {
		if w, err := checkout.ParsePaymentWay(p); err == nil {
			f.Payment = w
		} else {
			problems["payment"] = "روش پرداخت شناخته نیست."
		}
	}
	for _, name := range []string{"from", "to"} {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			continue
		}
		day, err := iran.ParseJalaliDate(v)
		if err != nil {
			problems[name] = "تاریخ را به شکل ۱۴۰۵/۰۹/۰۱ بنویسید."
			continue
		}
		if name == "from" {
			f.From = day
		} else {
			f.To = day.AddDate(0, 0, 1)
		}
	}
	if c, ok := ParseOrderCursor(q.Get("before")); ok {
		f.Before = c
	} else if c, ok := ParseOrderCursor(q.Get("after")); ok {
		f.After = c
	}
	return f, problems
}

func kindOf(s string) (catalog.Kind, bool) { return catalog.Kind(s), catalog.Kind(s).Valid() }

// ReferenceID reads the query as one of the shop's references ("SH-000042"); only the SH- form counts, so that
// a factor or mobile number is never taken for an order id.
func ReferenceID(query string) (int64, bool) {
	if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(query)), "SH-") {
		return 0, false
	}
	return checkout.ParseReference(query)
}
