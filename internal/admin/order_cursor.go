package admin

import (
	"strconv"
	"strings"
	"time"

	"shop/internal/checkout"
)

// OrderCursor is an order's place in the orders list, which puts the held cash-on-delivery orders first (each
// waits for the seller's press), then every order newest first, ties on the creation time broken by id. A page
// starts or ends at one, so the list pages by key (an index range) rather than by counting rows off.
type OrderCursor struct {
	Held      bool
	CreatedAt time.Time
	ID        int64
}

// IsZero reports whether the cursor names no order: the top of the list.
func (c OrderCursor) IsZero() bool { return c.ID == 0 }

// CursorOf is the place of an order in the list.
func CursorOf(o *checkout.Order) OrderCursor {
	return OrderCursor{Held: o.State == checkout.StateAwaitingSeller, CreatedAt: o.CreatedAt.UTC(), ID: o.ID}
}

// String is the cursor as a link's query parameter: h (held) or o, the creation time in Unix microseconds (what
// both databases keep) and the id, joined by dots.
func (c OrderCursor) String() string {
	if c.IsZero() {
		return ""
	}
	group := "o"
	if c.Held {
		group = "h"
	}
	return group + "." + strconv.FormatInt(c.CreatedAt.UnixMicro(), 10) + "." + strconv.FormatInt(c.ID, 10)
}

// ParseOrderCursor reads String's form back; anything else is not a cursor.
func ParseOrderCursor(s string) (OrderCursor, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || (parts[0] != "h" && parts[0] != "o") {
		return OrderCursor{}, false
	}
	micro, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return OrderCursor{}, false
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id <= 0 {
		return OrderCursor{}, false
	}
	return OrderCursor{Held: parts[0] == "h", CreatedAt: time.UnixMicro(micro).UTC(), ID: id}, true
}
