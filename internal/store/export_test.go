package store

import (
	"context"

	"gorm.io/gorm"
)

// Internals for the external test package (store_test), which must be external to use storetest.

// WriteDB is the store's write handle, for tests that look at what is stored beneath the methods.
func WriteDB(s *Store) *gorm.DB { return s.db }

// ReadDB is the store's read handle.
func ReadDB(s *Store) *gorm.DB { return s.read }

type OrderItemRow = orderItemRow

// EnqueueLowStockInTx calls EnqueueLowStock in a transaction of its own, as the stock follower would in its own.
func EnqueueLowStockInTx(ctx context.Context, s *Store, code, name string, left int64) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return s.EnqueueLowStock(tx, code, name, left) })
}
