package store

import (
	"context"
	"fmt"
	"time"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/iran"
)

// DayTallies counts the orders created at or after since by Tehran day, state and payment way, and sums their
// totals. The grouping is the database's, over the range of the created_at index that also holds state, payment
// and total (migration 00090), so the overview reads a few hundred rows, not the weeks of orders behind them.
//
// A Tehran day is told by adding Tehran's offset from UTC to the creation time. Iran keeps one offset all year
// (+03:30, no daylight saving since 2022), so the offset at since holds for the whole range the overview asks
// for; each day is then named by its Tehran midnight in Go.
func (s *Store) DayTallies(ctx context.Context, since time.Time) ([]admin.DayTally, error) {
	_, offset := since.In(iran.Tehran).Zone()
	day := "(CAST(strftime('%s', created_at) AS INTEGER) + ?) / 86400"
	if s.dialect.Name == postgresDialect.Name {
		day = "CAST(FLOOR((EXTRACT(EPOCH FROM created_at) + ?) / 86400) AS BIGINT)"
	}
	var rows []struct {
		Day     int64
		State   string
		Payment int
		N       int
		Total   int64
	}
	err := s.read.WithContext(ctx).Raw("SELECT "+day+" AS day, state, payment, COUNT(*) AS n, SUM(total) AS total "+
		"FROM orders WHERE created_at >= ? GROUP BY 1, 2, 3", offset, dbTime(since)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: day tallies: %w", err)
	}
	out := make([]admin.DayTally, 0, len(rows))
	for _, r := range rows {
		start := time.Unix(r.Day*86400-int64(offset), 0).In(iran.Tehran)
		out = append(out, admin.DayTally{Day: iran.DayStart(start), State: checkout.State(r.State),
			Payment: valueOf(paymentCodes, r.Payment), Orders: r.N, Total: r.Total})
	}
	return out, nil
}
