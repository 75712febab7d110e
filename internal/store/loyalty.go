package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"shop/internal/loyalty"
)

// LoyaltyTerminalTransaction is a purchase on one of the agency's terminals, copied from the club (which
// keeps only seven days). The card is stored masked only. Terminal + RRN + local time is unique, so the
// nightly pull can be repeated without duplicates.
type LoyaltyTerminalTransaction struct {
	ID        int64 `gorm:"primaryKey"`
	Terminal  string
	RRN       string
	LocalTime time.Time
	PanMasked string
	Amount    int64
	TrAmount  int64
	FetchedAt time.Time
}

// LoyaltyMappedTransaction is a purchase made with a member's mapped bank card on a club terminal.
type LoyaltyMappedTransaction struct {
	ID        int64 `gorm:"primaryKey"`
	Terminal  string
	RRN       string
	LocalTime time.Time
	PanMasked string
	Amount    int64
	TrAmount  int64
	FetchedAt time.Time
}

// saveBatch is how many rows go in one INSERT.
const saveBatch = 200

// SaveTerminalTransactions stores rows not stored before and returns how many were new.
func (s *Store) SaveTerminalTransactions(ctx context.Context, txs []loyalty.TerminalTransaction) (int, error) {
	now := dbTime(time.Now())
	rows := make([]LoyaltyTerminalTransaction, 0, len(txs))
	for _, t := range txs {
		rows = append(rows, LoyaltyTerminalTransaction{
			Terminal: t.Terminal, RRN: t.RRN, LocalTime: dbTime(t.LocalTime), PanMasked: loyalty.MaskPAN(t.PanTrunc),
			Amount: t.Amount, TrAmount: t.TrAmount, FetchedAt: now,
		})
	}
	n, err := insertNew(ctx, s.db, rows)
	if err != nil {
		return n, fmt.Errorf("store: save terminal transactions: %w", err)
	}
	return n, nil
}

// SaveMappedTransactions stores mapped-card rows not stored before and returns how many were new.
func (s *Store) SaveMappedTransactions(ctx context.Context, txs []loyalty.MappedTransaction) (int, error) {
	now := dbTime(time.Now())
	rows := make([]LoyaltyMappedTransaction, 0, len(txs))
	for _, t := range txs {
		rows = append(rows, LoyaltyMappedTransaction{
			Terminal: t.Terminal, RRN: t.RRN, LocalTime: dbTime(t.LocalTime), PanMasked: loyalty.MaskPAN(t.PanTrunc),
			Amount: t.Amount, TrAmount: t.TrAmount, FetchedAt: now,
		})
	}
	n, err := insertNew(ctx, s.db, rows)
	if err != nil {
		return n, fmt.Errorf("store: save mapped transactions: %w", err)
	}
	return n, nil
}

// insertNew inserts rows with ON CONFLICT DO NOTHING in one transaction and counts the rows inserted.
func insertNew[T any](ctx context.Context, db *gorm.DB, rows []T) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	inserted := 0
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for start := 0; start < len(rows); start += saveBatch {
			batch := rows[start:min(start+saveBatch, len(rows))]
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&batch)
			if res.Error != nil {
				return res.Error
			}
			inserted += int(res.RowsAffected)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return inserted, nil
}

// ListTerminalTransactions returns stored terminal transactions matching f, newest first.
func (s *Store) ListTerminalTransactions(ctx context.Context, f loyalty.TransactionFilter) ([]loyalty.TerminalTransaction, error) {
	var rows []LoyaltyTerminalTransaction
	if err := applyFilter(s.read.WithContext(ctx), f).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list terminal transactions: %w", err)
	}
	out := make([]loyalty.TerminalTransaction, len(rows))
	for i, r := range rows {
		out[i] = loyalty.TerminalTransaction{Terminal: r.Terminal, RRN: r.RRN, LocalTime: r.LocalTime.UTC(),
			PanTrunc: r.PanMasked, Amount: r.Amount, TrAmount: r.TrAmount}
	}
	return out, nil
}

// ListMappedTransactions returns stored mapped-card transactions matching f, newest first.
func (s *Store) ListMappedTransactions(ctx context.Context, f loyalty.TransactionFilter) ([]loyalty.MappedTransaction, error) {
	var rows []LoyaltyMappedTransaction
	if err := applyFilter(s.read.WithContext(ctx), f).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list mapped transactions: %w", err)
	}
	out := make([]loyalty.MappedTransaction, len(rows))
	for i, r := range rows {
		out[i] = loyalty.MappedTransaction{Terminal: r.Terminal, RRN: r.RRN, LocalTime: r.LocalTime.UTC(),
			PanTrunc: r.PanMasked, Amount: r.Amount, TrAmount: r.TrAmount}
	}
	return out, nil
}

func applyFilter(q *gorm.DB, f loyalty.TransactionFilter) *gorm.DB {
	if f.Terminal != "" {
		q = q.Where("terminal = ?", f.Terminal)
	}
	if f.RRN != "" {
		q = q.Where("rrn = ?", f.RRN)
	}
	if f.PanSuffix != "" && strings.Trim(f.PanSuffix, "0123456789") == "" { // digits only: no LIKE wildcards
		q = q.Where("pan_masked LIKE ?", "%"+f.PanSuffix)
	}
	if !f.From.IsZero() {
		q = q.Where("local_time >= ?", dbTime(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("local_time < ?", dbTime(f.To))
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	return q.Order("local_time DESC, id DESC").Limit(limit).Offset(max(f.Offset, 0))
}
