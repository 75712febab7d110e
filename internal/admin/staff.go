package admin

import (
	"context"
	"errors"
	"fmt"

	"shop/internal/apperr"
)

// The owner keeps the staff: adds them, gives them a new password, removes them. Owners are made with
// `shop admin create`, never from the dashboard, so the dashboard cannot lock the shop out of itself.

var (
	// ErrOwnerOnly: staff asked for a page only the owner may use (settings, accounts).
	ErrOwnerOnly = apperr.New(apperr.Forbidden, "admin: owner only", "این بخش فقط در دسترس مالک فروشگاه است. اگر به آن نیاز دارید، از مالک بخواهید.")
	// ErrAccountExists: the e-mail already has an account.
	ErrAccountExists = apperr.New(apperr.Conflict, "admin: account exists", "این نشانی ایمیل پیش‌تر حساب دارد.")
	// ErrNotStaff: the account is an owner's, which the dashboard does not change.
	ErrNotStaff = apperr.New(apperr.Forbidden, "admin: not a staff account", "حساب مالک از پنل تغییر نمی‌کند؛ از فرمان shop admin create استفاده کنید.")
)

// Accounts returns every account, oldest first.
func (s *Service) Accounts(ctx context.Context) ([]*Account, error) {
	list, err := s.store.ListAccounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("admin: accounts: %w", err)
	}
	return list, nil
}

// AddStaff creates a staff account with a new random password, returned to be shown once.
func (s *Service) AddStaff(ctx context.Context, email string) (*Account, string, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return nil, "", err
	}
	switch _, err := s.store.AccountByEmail(ctx, email); {
	case err == nil:
		return nil, "", ErrAccountExists
	case !errors.Is(err, ErrNoAccount):
		return nil, "", fmt.Errorf("admin: add staff: %w", err)
	}
	password := NewPassword()
	if _, err := s.SaveAccount(ctx, email, password, Staff); err != nil {
		return nil, "", err
	}
	a, err := s.store.AccountByEmail(ctx, email)
	if err != nil {
		return nil, "", fmt.Errorf("admin: add staff: %w", err)
	}
	return a, password, nil
}

// staff returns the staff account with the id, or ErrNoAccount / ErrNotStaff.
func (s *Service) staff(ctx context.Context, id int64) (*Account, error) {
	a, err := s.store.AccountByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Role != Staff {
		return nil, ErrNotStaff
	}
	return a, nil
}

// ResetStaffPassword gives a staff account a new random password (returned to be shown once); every session
// the old one opened ends.
func (s *Service) ResetStaffPassword(ctx context.Context, id int64) (*Account, string, error) {
	a, err := s.staff(ctx, id)
	if err != nil {
		return nil, "", err
	}
	password := NewPassword()
	if _, err := s.SaveAccount(ctx, a.Email, password, Staff); err != nil {
		return nil, "", err
	}
	return a, password, nil
}

// RemoveStaff deletes a staff account; its sessions end with it.
func (s *Service) RemoveStaff(ctx context.Context, id int64) (*Account, error) {
	a, err := s.staff(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.store.DeleteAccount(ctx, id); err != nil {
		return nil, fmt.Errorf("admin: remove staff: %w", err)
	}
	return a, nil
}

// Account returns one account.
func (s *Service) Account(ctx context.Context, id int64) (*Account, error) {
	return s.store.AccountByID(ctx, id)
}
