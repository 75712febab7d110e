package store

// loyaltyModels lists the loyalty tables; the loyalty storage lives in this file.
func loyaltyModels() []any { return nil }
