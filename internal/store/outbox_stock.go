package store

// A product (or a variant) that has just run low is a message to the seller, written in the transaction that
// took the stock: the low-stock crossing (stock.go) and its SMS are one write.
func init() {
	lowStockFollowers = append(lowStockFollowers, func(s *Store, tx *gormDB, l LowStock) error {
		code := l.Code
		if l.Variant != "" {
			code = l.Variant
		}
		return s.EnqueueLowStock(tx, code, l.Name, l.Left)
	})
}
