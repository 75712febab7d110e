package store

import "gorm.io/gorm"

// Internals for the external test package (store_test), which must be external to use storetest.

// WriteDB is the store's write handle, for tests that look at what is stored beneath the methods.
func WriteDB(s *Store) *gorm.DB { return s.db }

// ReadDB is the store's read handle.
func ReadDB(s *Store) *gorm.DB { return s.read }

type OrderItemRow = orderItemRow
