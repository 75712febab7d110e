package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"shop/internal/account"
	"shop/internal/checkout"
)

var _ account.Store = (*Store)(nil)

// oneTimeCodeRow is the one_time_codes table (migrations/00110): an HMAC of the digits, never the digits.
type oneTimeCodeRow struct {
	ID        int64 `gorm:"primaryKey"`
	Mobile    string
	CodeHash  string
	Tries     int
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

func (oneTimeCodeRow) TableName() string { return "one_time_codes" }

// codeLock is the PostgreSQL advisory lock key that makes code requests take turns, so the hourly count and
// the insert cannot interleave (SQLite has one writer anyway).
const codeLock = 0x5348_4f54_50 // "SHOTP"

// CreateCodeWithin saves c unless its mobile has max codes created at or after since; count and insert are one
// transaction.
func (s *Store) CreateCodeWithin(ctx context.Context, c *account.Code, since time.Time, max int) (bool, error) {
	row := oneTimeCodeRow{Mobile: c.Mobile, CodeHash: c.Hash, CreatedAt: dbTime(c.CreatedAt), ExpiresAt: dbTime(c.ExpiresAt)}
	created := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		tx = unprepared(tx)
		if s.dialect.Name == postgresDialect.Name {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", codeLock).Error; err != nil {
				return err
			}
		}
		var n int64
		if err := tx.Model(&oneTimeCodeRow{}).Where("mobile = ? AND created_at >= ?", c.Mobile, dbTime(since)).Count(&n).Error; err != nil {
			return err
		}
		if int(n) >= max {
			return nil
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		created = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: create code: %w", err)
	}
	c.ID = row.ID
	return created, nil
}

// LatestCode is the mobile's newest code; none is account.ErrNoCode.
func (s *Store) LatestCode(ctx context.Context, mobile string) (account.Code, error) {
	var r oneTimeCodeRow
	err := s.db.WithContext(ctx).Where("mobile = ?", mobile).Order("id DESC").Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return account.Code{}, account.ErrNoCode
	}
	if err != nil {
		return account.Code{}, fmt.Errorf("store: latest code: %w", err)
	}
	c := account.Code{ID: r.ID, Mobile: r.Mobile, Hash: r.CodeHash, Tries: r.Tries, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
	if r.UsedAt != nil {
		c.UsedAt = r.UsedAt.UTC()
	}
	return c, nil
}

// SpendTry counts one try at an unused, unexpired code with tries left; false when there is none to spend.
func (s *Store) SpendTry(ctx context.Context, id int64, now time.Time, maxTries int) (bool, error) {
	res := s.db.WithContext(ctx).Model(&oneTimeCodeRow{}).
		Where("id = ? AND used_at IS NULL AND expires_at > ? AND tries < ?", id, dbTime(now), maxTries).
		Update("tries", gorm.Expr("tries + 1"))
	if res.Error != nil {
		return false, fmt.Errorf("store: spend try on code %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// UseCode marks a code used; true for exactly one caller.
func (s *Store) UseCode(ctx context.Context, id int64, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&oneTimeCodeRow{}).Where("id = ? AND used_at IS NULL", id).Update("used_at", dbTime(at))
	if res.Error != nil {
		return false, fmt.Errorf("store: use code %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// OrdersOfMobile lists up to limit orders of a mobile, newest first (idx_orders_mobile_created).
func (s *Store) OrdersOfMobile(ctx context.Context, mobile string, limit int) ([]*checkout.Order, error) {
	if mobile == "" {
		return nil, nil
	}
	var rows []orderRow
	err := withItems(s.read.WithContext(ctx)).Where("mobile = ?", mobile).Order("created_at DESC, id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: orders of mobile: %w", err)
	}
	return ordersOf(rows)
}
