package store

import (
	"context"
	"fmt"
	"slices"

	"shop/internal/admin"
	"shop/internal/checkout"
)

// The orders list puts the held cash-on-delivery orders first, then every other order, each group newest first
// with ties on created_at broken by id. A page is read by key: each group is an index range that starts after
// (or, for the page before, ends before) the cursor's order, so page 400 costs what page 1 does. The two groups
// are two queries rather than one ORDER BY CASE, which no index can give in order.

// listColumns are what the list and the export show of an order (admin.OrderStore says so): its references, buyer,
// amounts, state and delivery. The banks, download links, notes and the money path's working columns stay behind:
// reading half the columns halved the export's time, most of it the driver fetching each column of each row.
// A column the list or the CSV comes to show must be added here. (Such an order has no version either: it is
// for reading; a change starts from OrderByID.)
var listColumns = []string{"id", "token", "kind", "state", "first_name", "last_name", "mobile", "email", "address",
	"postal_code", "province_name", "city_name", "send", "payment", "shipping", "total", "factor_id", "tracking_code",
	"tracking_status", "barcode", "created_at"}

// heldState is the first group's state.
const heldState = string(checkout.StateAwaitingSeller)

// ListOrders returns one page of the filtered orders in the list's order, how many match in all, and the
// cursors of the pages beside it.
func (s *Store) ListOrders(ctx context.Context, f admin.OrderFilter) (admin.OrderPage, error) {
	var total int64
	if err := filtered(s.read.WithContext(ctx).Model(&orderRow{}), f).Count(&total).Error; err != nil {
		return admin.OrderPage{}, fmt.Errorf("store: count orders: %w", err)
	}
	limit := f.Limit()
	backward := !f.Before.IsZero()
	rows, err := s.orderKeyset(ctx, f, limit+1) // one more than shown tells whether a page follows
	if err != nil {
		return admin.OrderPage{}, fmt.Errorf("store: list orders: %w", err)
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	if backward {
		slices.Reverse(rows) // read from the cursor upwards; shown top down
	}
	orders, err := ordersOf(rows)
	if err != nil {
		return admin.OrderPage{}, fmt.Errorf("store: list orders: %w", err)
	}
	page := admin.OrderPage{Orders: orders, Total: int(total)}
	if len(orders) > 0 {
		first, last := admin.CursorOf(orders[0]), admin.CursorOf(orders[len(orders)-1])
		switch {
		case backward:
			page.Next = last // the page this one was reached from
			if more {
				page.Prev = first
			}
		default:
			if more {
				page.Next = last
			}
			if !f.After.IsZero() {
				page.Prev = first
			}
		}
	}
	return page, nil
}

// eachBatch is how many orders EachOrder reads at a time.
const eachBatch = 1000

// EachOrder calls fn with every order the filter matches, in the list's order, a keyset batch at a time. Each
// batch is a query of its own, so no read transaction stays open for the whole walk.
func (s *Store) EachOrder(ctx context.Context, f admin.OrderFilter, fn func(*checkout.Order) error) error {
	f.Before = admin.OrderCursor{}
	for {
		rows, err := s.orderKeyset(ctx, f, eachBatch)
		if err != nil {
			return fmt.Errorf("store: each order: %w", err)
		}
		for i := range rows {
			o, err := rows[i].order()
			if err != nil {
				return fmt.Errorf("store: each order: %w", err)
			}
			if err := fn(o); err != nil {
				return err
			}
			f.After = admin.CursorOf(o)
		}
		if len(rows) < eachBatch {
			return nil
		}
	}
}

// orderKeyset reads up to limit rows of the filtered list from f's cursor: downwards from After (or the top), or
// upwards from Before, nearest first.
func (s *Store) orderKeyset(ctx context.Context, f admin.OrderFilter, limit int) ([]orderRow, error) {
	type segment struct {
		held  bool
		bound *admin.OrderCursor
	}
	var segs []segment
	up := !f.Before.IsZero()
	switch {
	case up && f.Before.Held:
		segs = []segment{{true, &f.Before}}
	case up:
		segs = []segment{{false, &f.Before}, {true, nil}}
	case f.After.IsZero():
		segs = []segment{{true, nil}, {false, nil}}
	case f.After.Held:
		segs = []segment{{true, &f.After}, {false, nil}}
	default:
		segs = []segment{{false, &f.After}}
	}
	var out []orderRow
	for _, seg := range segs {
		if len(out) >= limit {
			break
		}
		if seg.held && !mayBeHeld(f.States) {
			continue // the filter leaves the held group out: no query for it
		}
		q := filtered(s.read.WithContext(ctx).Select(listColumns), f)
		if seg.held {
			q = q.Where("state = ?", heldState)
		} else {
			q = q.Where("state <> ?", heldState)
		}
		order := "created_at DESC, id DESC"
		if up {
			order = "created_at, id"
		}
		if seg.bound != nil {
			at := dbTime(seg.bound.CreatedAt)
			if up {
				q = q.Where("(created_at, id) > (?, ?)", at, seg.bound.ID)
			} else {
				q = q.Where("(created_at, id) < (?, ?)", at, seg.bound.ID)
			}
		}
		var rows []orderRow
		if err := q.Order(order).Limit(limit - len(out)).Find(&rows).Error; err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// mayBeHeld reports whether a state filter lets held orders through.
func mayBeHeld(states []checkout.State) bool {
	return len(states) == 0 || slices.Contains(states, checkout.StateAwaitingSeller)
}
