package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"shop/internal/admin"
)

var _ admin.AccountStore = (*Store)(nil)

// adminAccountRow is the admin_accounts table (schema in migrations/00020).
type adminAccountRow struct {
	ID           int64 `gorm:"primaryKey"`
	Email        string
	PasswordHash string
	Role         string
	CreatedAt    time.Time
	LastSignInAt *time.Time
}

func (adminAccountRow) TableName() string { return "admin_accounts" }

func (r adminAccountRow) account() *admin.Account {
	a := &admin.Account{ID: r.ID, Email: r.Email, PasswordHash: r.PasswordHash, Role: admin.Role(r.Role), CreatedAt: r.CreatedAt.UTC()}
	if r.LastSignInAt != nil {
		a.LastSignInAt = r.LastSignInAt.UTC()
	}
	return a
}

// adminSessionRow is the admin_sessions table.
type adminSessionRow struct {
	TokenHash  string `gorm:"primaryKey"`
	AccountID  int64
	CreatedAt  time.Time
	LastSeenAt time.Time
}

func (adminSessionRow) TableName() string { return "admin_sessions" }

// SaveAccount creates the account, or replaces the hash and role of the one with the same e-mail.
func (s *Store) SaveAccount(ctx context.Context, a *admin.Account) (bool, error) {
	created := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		var row adminAccountRow
		err := tx.Where("email = ?", a.Email).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			row = adminAccountRow{Email: a.Email, PasswordHash: a.PasswordHash, Role: string(a.Role), CreatedAt: dbTime(a.CreatedAt)}
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
			a.ID, created = row.ID, true
			return nil
		}
		if err != nil {
			return err
		}
		a.ID = row.ID
		// A new password ends every session the old one opened.
		if err := tx.Where("account_id = ?", row.ID).Delete(&adminSessionRow{}).Error; err != nil {
			return err
		}
		return tx.Model(&adminAccountRow{}).Where("id = ?", row.ID).
			Updates(map[string]any{"password_hash": a.PasswordHash, "role": string(a.Role)}).Error
	})
	if err != nil {
		return false, fmt.Errorf("store: save account: %w", err)
	}
	return created, nil
}

func (s *Store) accountWhere(ctx context.Context, query string, arg any) (*admin.Account, error) {
	var row adminAccountRow
	err := s.read.WithContext(ctx).Where(query, arg).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, admin.ErrNoAccount
	}
	if err != nil {
		return nil, fmt.Errorf("store: account %v: %w", arg, err)
	}
	return row.account(), nil
}

// AccountByEmail returns the account with that (normalized) e-mail.
func (s *Store) AccountByEmail(ctx context.Context, email string) (*admin.Account, error) {
	return s.accountWhere(ctx, "email = ?", email)
}

// AccountByID returns one account.
func (s *Store) AccountByID(ctx context.Context, id int64) (*admin.Account, error) {
	return s.accountWhere(ctx, "id = ?", id)
}

// CountAccounts counts every account.
func (s *Store) CountAccounts(ctx context.Context) (int64, error) {
	var n int64
	if err := s.read.WithContext(ctx).Model(&adminAccountRow{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count accounts: %w", err)
	}
	return n, nil
}

// MarkSignIn records a successful sign-in.
func (s *Store) MarkSignIn(ctx context.Context, id int64, at time.Time) error {
	if err := s.db.WithContext(ctx).Model(&adminAccountRow{}).Where("id = ?", id).Update("last_sign_in_at", dbTime(at)).Error; err != nil {
		return fmt.Errorf("store: mark sign-in: %w", err)
	}
	return nil
}

// CreateSession stores a new admin session.
func (s *Store) CreateSession(ctx context.Context, a admin.Session) error {
	row := adminSessionRow{TokenHash: a.TokenHash, AccountID: a.AccountID, CreatedAt: dbTime(a.CreatedAt), LastSeenAt: dbTime(a.LastSeenAt)}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionByHash returns the session stored under a token's hash.
func (s *Store) SessionByHash(ctx context.Context, hash string) (admin.Session, error) {
	var row adminSessionRow
	err := s.read.WithContext(ctx).Where("token_hash = ?", hash).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return admin.Session{}, admin.ErrNoSession
	}
	if err != nil {
		return admin.Session{}, fmt.Errorf("store: session: %w", err)
	}
	return admin.Session{TokenHash: row.TokenHash, AccountID: row.AccountID, CreatedAt: row.CreatedAt.UTC(), LastSeenAt: row.LastSeenAt.UTC()}, nil
}

// TouchSession moves a session's last-seen time.
func (s *Store) TouchSession(ctx context.Context, hash string, at time.Time) error {
	if err := s.db.WithContext(ctx).Model(&adminSessionRow{}).Where("token_hash = ?", hash).Update("last_seen_at", dbTime(at)).Error; err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session; an unknown one is no error.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if err := s.db.WithContext(ctx).Where("token_hash = ?", hash).Delete(&adminSessionRow{}).Error; err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteSessionsIdleSince removes the sessions last seen before t.
func (s *Store) DeleteSessionsIdleSince(ctx context.Context, t time.Time) error {
	if err := s.db.WithContext(ctx).Where("last_seen_at < ?", dbTime(t)).Delete(&adminSessionRow{}).Error; err != nil {
		return fmt.Errorf("store: delete idle sessions: %w", err)
	}
	return nil
}

// ListAccounts returns every account, oldest first.
func (s *Store) ListAccounts(ctx context.Context) ([]*admin.Account, error) {
	var rows []adminAccountRow
	if err := s.read.WithContext(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list accounts: %w", err)
	}
	out := make([]*admin.Account, len(rows))
	for i, r := range rows {
		out[i] = r.account()
	}
	return out, nil
}

// DeleteAccount removes an account and its sessions.
func (s *Store) DeleteAccount(ctx context.Context, id int64) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		if err := tx.Where("account_id = ?", id).Delete(&adminSessionRow{}).Error; err != nil {
			return err
		}
		res := tx.Where("id = ?", id).Delete(&adminAccountRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return admin.ErrNoAccount
		}
		return nil
	})
	if errors.Is(err, admin.ErrNoAccount) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: delete account %d: %w", id, err)
	}
	return nil
}

// OwnerExists reports whether at least one owner account exists (`shop check` asks before a shop opens).
func (s *Store) OwnerExists(ctx context.Context) (bool, error) {
	var n int64
	if err := s.read.WithContext(ctx).Model(&adminAccountRow{}).Where("role = ?", string(admin.Owner)).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: count owners: %w", err)
	}
	return n > 0, nil
}
