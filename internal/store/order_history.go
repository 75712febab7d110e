package store

import (
	"context"
	"fmt"
	"time"

	"shop/internal/checkout"
)

// orderEventRow is the order_events table: an order's history, appended to, never changed.
type orderEventRow struct {
	ID       int64 `gorm:"primaryKey"`
	OrderID  int64
	At       time.Time
	Kind     string
	Actor    string
	Message  string
	Evidence string
}

func (orderEventRow) TableName() string { return "order_events" }

// AddOrderEvent appends one line to an order's history.
func (s *Store) AddOrderEvent(ctx context.Context, e checkout.OrderEvent) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	row := orderEventRow{OrderID: e.OrderID, At: dbTime(e.At), Kind: e.Kind, Actor: e.Actor, Message: e.Message, Evidence: e.Evidence}
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		tx = unprepared(tx)
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		e.ID = row.ID
		for _, f := range orderEventFollowers {
			if err := f(s, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: add event to order %d: %w", e.OrderID, err)
	}
	return nil
}

// orderEventFollowers run inside AddOrderEvent's transaction, after the event's row is written: what an event
// causes (a message to the buyer about a seller's note, say) is written with it or not at all. Registered only
// from init funcs in the concern's own file, like orderMoveFollowers.
var orderEventFollowers []func(s *Store, tx *gormDB, e checkout.OrderEvent) error

// OrderEvents lists an order's history, oldest first.
func (s *Store) OrderEvents(ctx context.Context, orderID int64) ([]checkout.OrderEvent, error) {
	var rows []orderEventRow
	if err := s.read.WithContext(ctx).Where("order_id = ?", orderID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: events of order %d: %w", orderID, err)
	}
	out := make([]checkout.OrderEvent, len(rows))
	for i, r := range rows {
		out[i] = checkout.OrderEvent{ID: r.ID, OrderID: r.OrderID, At: r.At.UTC(), Kind: r.Kind, Actor: r.Actor,
			Message: r.Message, Evidence: r.Evidence}
	}
	return out, nil
}

// EventsSince counts an order's events of one kind at or after since.
func (s *Store) EventsSince(ctx context.Context, orderID int64, kind string, since time.Time) (int, error) {
	var n int64
	err := s.read.WithContext(ctx).Model(&orderEventRow{}).
		Where("order_id = ? AND kind = ? AND at >= ?", orderID, kind, dbTime(since)).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count events of order %d: %w", orderID, err)
	}
	return int(n), nil
}

// OrdersInState lists up to limit orders in a state that last changed before changedBefore, oldest first.
func (s *Store) OrdersInState(ctx context.Context, state checkout.State, changedBefore time.Time, limit int) ([]*checkout.Order, error) {
	return s.ordersWhere(ctx, "orders in state", limit, "state = ? AND updated_at < ?", string(state), dbTime(changedBefore))
}

// UnsettledOrdersOf lists a buyer's orders still registering, needing reconciliation, held for the seller or
// waiting for the mobile's code, oldest first.
func (s *Store) UnsettledOrdersOf(ctx context.Context, mobile string) ([]*checkout.Order, error) {
	return s.ordersWhere(ctx, "unsettled orders", 20, "mobile = ? AND state IN ?", mobile,
		[]string{string(checkout.StateRegistering), string(checkout.StateNeedsReconciliation), string(checkout.StateAwaitingSeller), string(checkout.StateAwaitingCode)})
}

func (s *Store) ordersWhere(ctx context.Context, op string, limit int, query string, args ...any) ([]*checkout.Order, error) {
	var rows []orderRow
	err := withItems(s.read.WithContext(ctx)).Where(query, args...).Order("updated_at, id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", op, err)
	}
	out := make([]*checkout.Order, 0, len(rows))
	for _, r := range rows {
		o, err := r.order()
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", op, err)
		}
		out = append(out, o)
	}
	return out, nil
}
