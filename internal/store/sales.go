package store

import (
	"context"
	"fmt"

	"shop/internal/checkout"
)

// soldStates are the orders whose goods count as sold: paid, or registered to be paid on delivery, and everything
// after (a return counts against it no more than a cancellation: neither is here).
var soldStates = []string{string(checkout.StateRegistered), string(checkout.StatePaid), string(checkout.StateShipped),
	string(checkout.StateDelivered)}

// SoldByProduct is how many of each product the shop has sold (the catalog's "best-selling" order): one grouped,
// indexed read of the order items.
func (s *Store) SoldByProduct(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Code string
		Sold int
	}
	err := s.read.WithContext(ctx).Table("order_items").
		Select("order_items.code AS code, SUM(order_items.count) AS sold").
		Joins("JOIN orders ON orders.id = order_items.order_id").
		Where("orders.state IN ?", soldStates).
		Group("order_items.code").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: sold by product: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Code] = r.Sold
	}
	return out, nil
}
