package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"shop/internal/checkout"
)

// paymentAttemptRow is the payment_attempts table; like every row struct here, its schema is in migrations/.
type paymentAttemptRow struct {
	ID        int64 `gorm:"primaryKey"`
	OrderID   int64
	Order     *orderRow `gorm:"foreignKey:OrderID"`
	Via       string
	BankID    string
	Error     string
	CreatedAt time.Time
	StepKey   string
	Form      string // the bank form as JSON (checkout.PaymentForm, our own type)
	ShownAt   *time.Time
}

func (paymentAttemptRow) TableName() string { return "payment_attempts" }

// paymentCallbackRow is the payment_callbacks table.
type paymentCallbackRow struct {
	ID         int64 `gorm:"primaryKey"`
	OrderID    int64
	Order      *orderRow `gorm:"foreignKey:OrderID"`
	PaymentID  string
	Ref        string
	Method     string
	Params     string
	Outcome    string
	ReceivedAt time.Time
}

func (paymentCallbackRow) TableName() string { return "payment_callbacks" }

// paymentVerificationRow is the payment_verifications table. Its unique (order_id, payment_id, ref) index is
// what makes ClaimVerification hand out each checkPay exactly once per pair the bank returned.
type paymentVerificationRow struct {
	ID           int64 `gorm:"primaryKey"`
	OrderID      int64
	Order        *orderRow `gorm:"foreignKey:OrderID"`
	PaymentID    string
	Ref          string
	Status       string
	Verified     bool
	Message      string
	TrackingCode string
	Error        string
	CheckedAt    time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (paymentVerificationRow) TableName() string { return "payment_verifications" }

// RecordPaymentAttempt stores one trip to a bank; a zero CreatedAt becomes now.
func (s *Store) RecordPaymentAttempt(ctx context.Context, a checkout.PaymentAttempt) error {
	row := paymentAttemptRow{OrderID: a.OrderID, Via: a.Via, BankID: a.BankID, Error: a.Error, CreatedAt: dbTime(a.CreatedAt),
		StepKey: a.StepKey}
	if a.Form != nil {
		b, err := json.Marshal(a.Form)
		if err != nil {
			return fmt.Errorf("store: record payment attempt of order %d: %w", a.OrderID, err)
		}
		row.Form = string(b)
	}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("store: record payment attempt of order %d: %w", a.OrderID, err)
	}
	return nil
}

// PaymentAttempts lists an order's trips to a bank, oldest first.
func (s *Store) PaymentAttempts(ctx context.Context, orderID int64) ([]checkout.PaymentAttempt, error) {
	var rows []paymentAttemptRow
	if err := s.read.WithContext(ctx).Where("order_id = ?", orderID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: payment attempts of order %d: %w", orderID, err)
	}
	out := make([]checkout.PaymentAttempt, len(rows))
	for i, r := range rows {
		a, err := r.attempt()
		if err != nil {
			return nil, fmt.Errorf("store: payment attempts of order %d: %w", orderID, err)
		}
		out[i] = a
	}
	return out, nil
}

func (r paymentAttemptRow) attempt() (checkout.PaymentAttempt, error) {
	a := checkout.PaymentAttempt{
		ID: r.ID, OrderID: r.OrderID, Via: r.Via, BankID: r.BankID, Error: r.Error, CreatedAt: r.CreatedAt.UTC(),
		StepKey: r.StepKey,
	}
	if r.ShownAt != nil {
		t := r.ShownAt.UTC()
		a.ShownAt = &t
	}
	if r.Form != "" {
		a.Form = new(checkout.PaymentForm)
		if err := json.Unmarshal([]byte(r.Form), a.Form); err != nil {
			return a, fmt.Errorf("attempt %d form: %w", r.ID, err)
		}
	}
	return a, nil
}

// ClaimBankStep marks an attempt's bank step shown, compare-and-set: only the caller whose UPDATE changed the row
// gets the form. The form itself is read first; it never changes after the attempt is recorded.
func (s *Store) ClaimBankStep(ctx context.Context, orderID int64, key string, at time.Time) (checkout.PaymentAttempt, bool, error) {
	if key == "" {
		return checkout.PaymentAttempt{}, false, nil
	}
	var row paymentAttemptRow
	err := s.db.WithContext(ctx).Where("order_id = ? AND step_key = ?", orderID, key).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return checkout.PaymentAttempt{}, false, nil
	}
	if err != nil {
		return checkout.PaymentAttempt{}, false, fmt.Errorf("store: bank step of order %d: %w", orderID, err)
	}
	res := s.db.WithContext(ctx).Model(&paymentAttemptRow{}).Where("id = ? AND shown_at IS NULL", row.ID).
		Update("shown_at", dbTime(at))
	if res.Error != nil {
		return checkout.PaymentAttempt{}, false, fmt.Errorf("store: claim bank step of order %d: %w", orderID, res.Error)
	}
	a, err := row.attempt()
	if err != nil {
		return checkout.PaymentAttempt{}, false, fmt.Errorf("store: bank step of order %d: %w", orderID, err)
	}
	return a, res.RowsAffected == 1, nil
}

// RecordCallback stores one arrival of the bank's callback; a zero ReceivedAt becomes now.
func (s *Store) RecordCallback(ctx context.Context, c checkout.Callback) error {
	if c.ReceivedAt.IsZero() {
		c.ReceivedAt = time.Now()
	}
	row := paymentCallbackRow{
		OrderID: c.OrderID, PaymentID: c.PaymentID, Ref: c.Ref, Method: c.Method, Params: c.Params,
		Outcome: c.Outcome, ReceivedAt: dbTime(c.ReceivedAt),
	}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("store: record callback of order %d: %w", c.OrderID, err)
	}
	return nil
}

// Callbacks lists an order's bank callbacks, oldest first.
func (s *Store) Callbacks(ctx context.Context, orderID int64) ([]checkout.Callback, error) {
	var rows []paymentCallbackRow
	if err := s.read.WithContext(ctx).Where("order_id = ?", orderID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: callbacks of order %d: %w", orderID, err)
	}
	out := make([]checkout.Callback, len(rows))
	for i, r := range rows {
		out[i] = checkout.Callback{
			ID: r.ID, OrderID: r.OrderID, PaymentID: r.PaymentID, Ref: r.Ref, Method: r.Method, Params: r.Params,
			Outcome: r.Outcome, ReceivedAt: r.ReceivedAt.UTC(),
		}
	}
	return out, nil
}

// ClaimVerification hands the checkPay of (orderID, paymentID, ref) to exactly one caller. Each step is a single
// statement whose row count decides, so concurrent callers (in this process or another) cannot both win: the
// insert wins for the first caller, and the conditional update wins for the first caller after an attempt that
// ended in VerificationError, was deferred, or was left checking too long.
func (s *Store) ClaimVerification(ctx context.Context, orderID int64, paymentID, ref string, now, staleBefore time.Time) (bool, error) {
	return claimVerification(s.db.WithContext(ctx), orderID, paymentID, ref, now, staleBefore)
}

func claimVerification(db *gormDB, orderID int64, paymentID, ref string, now, staleBefore time.Time) (bool, error) {
	now = dbTime(now)
	row := paymentVerificationRow{
		OrderID: orderID, PaymentID: paymentID, Ref: ref, Status: string(checkout.VerificationChecking),
		CreatedAt: now, UpdatedAt: now,
	}
	res := db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "order_id"}, {Name: "payment_id"}, {Name: "ref"}},
		DoNothing: true,
	}).Create(&row)
	if res.Error != nil {
		return false, fmt.Errorf("store: claim verification %d/%s: %w", orderID, paymentID, res.Error)
	}
	if res.RowsAffected == 1 {
		return true, nil
	}
	// A failed or deferred check may be tried again, and so may a claim left "checking" for longer than any call
	// takes: its process died between claiming and recording (checkPay answers the same when asked again).
	res = db.Model(&paymentVerificationRow{}).
		Where("order_id = ? AND payment_id = ? AND ref = ? AND (status IN ? OR (status = ? AND updated_at < ?))",
			orderID, paymentID, ref,
			[]string{string(checkout.VerificationError), string(checkout.VerificationDeferred)},
			string(checkout.VerificationChecking), dbTime(staleBefore)).
		Updates(map[string]any{"status": string(checkout.VerificationChecking), "error": "", "updated_at": now})
	if res.Error != nil {
		return false, fmt.Errorf("store: reclaim verification %d/%s: %w", orderID, paymentID, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ClaimVerificationWithin is ClaimVerification under the order's bound, decided in one transaction with the order
// row locked, so concurrent callbacks cannot all read "under the bound" and all call checkPay: fewer than maxChecks
// claims since `since` lets the pair be claimed; past that the pair is deferred for reconciliation, and when the
// order already holds maxDeferred deferred pairs since then, its oldest deferred pair gives way.
func (s *Store) ClaimVerificationWithin(ctx context.Context, orderID int64, paymentID, ref string, now, staleBefore, since time.Time,
	maxChecks, maxDeferred int) (checkout.ClaimOutcome, error) {
	var out checkout.ClaimOutcome
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		tx = unprepared(tx)
		// Takes the order's row lock on PostgreSQL; SQLite's one writer already serialises the transaction.
		if err := tx.Exec("UPDATE orders SET id = id WHERE id = ?", orderID).Error; err != nil {
			return err
		}
		var checks int64
		if err := tx.Model(&paymentVerificationRow{}).
			Where("order_id = ? AND status <> ? AND updated_at >= ?", orderID, string(checkout.VerificationDeferred), dbTime(since)).
			Count(&checks).Error; err != nil {
			return err
		}
		if int(checks) < maxChecks {
			claimed, err := claimVerification(tx, orderID, paymentID, ref, now, staleBefore)
			if claimed {
				out = checkout.ClaimWon
			} else {
				out = checkout.ClaimRepeat
			}
			return err
		}
		var deferred int64
		if err := tx.Model(&paymentVerificationRow{}).
			Where("order_id = ? AND status = ? AND created_at >= ?", orderID, string(checkout.VerificationDeferred), dbTime(since)).
			Count(&deferred).Error; err != nil {
			return err
		}
		if int(deferred) >= maxDeferred {
			// The order's share is full: the oldest deferred pair makes room, so the rows stay bounded and the
			// newest pair (reconciliation checks newest first) is never the one lost.
			var exists int64
			if err := tx.Model(&paymentVerificationRow{}).Where("order_id = ? AND payment_id = ? AND ref = ?", orderID, paymentID, ref).
				Count(&exists).Error; err != nil {
				return err
			}
			if exists > 0 {
				out = checkout.ClaimDeferred
				return nil
			}
			var oldest paymentVerificationRow
			if err := tx.Where("order_id = ? AND status = ?", orderID, string(checkout.VerificationDeferred)).
				Order("id").Take(&oldest).Error; err != nil {
				return err
			}
			if err := tx.Delete(&paymentVerificationRow{}, oldest.ID).Error; err != nil {
				return err
			}
			out = checkout.ClaimReplaced
		} else {
			out = checkout.ClaimDeferred
		}
		at := dbTime(now)
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "order_id"}, {Name: "payment_id"}, {Name: "ref"}},
			DoNothing: true,
		}).Create(&paymentVerificationRow{OrderID: orderID, PaymentID: paymentID, Ref: ref,
			Status: string(checkout.VerificationDeferred), CreatedAt: at, UpdatedAt: at}).Error
	})
	if err != nil {
		return 0, fmt.Errorf("store: claim verification %d/%s within the bound: %w", orderID, paymentID, err)
	}
	return out, nil
}

// DeferVerification records a pair for reconciliation to check later, unless the pair is already recorded.
func (s *Store) DeferVerification(ctx context.Context, orderID int64, paymentID, ref string, now time.Time) error {
	now = dbTime(now)
	row := paymentVerificationRow{OrderID: orderID, PaymentID: paymentID, Ref: ref,
		Status: string(checkout.VerificationDeferred), CreatedAt: now, UpdatedAt: now}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "order_id"}, {Name: "payment_id"}, {Name: "ref"}},
		DoNothing: true,
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("store: defer verification %d/%s: %w", orderID, paymentID, err)
	}
	return nil
}

// FinishVerification stores checkPay's outcome for a claimed verification; an unclaimed one is ErrNotFound.
func (s *Store) FinishVerification(ctx context.Context, v checkout.Verification) error {
	res := s.db.WithContext(ctx).Model(&paymentVerificationRow{}).
		Where("order_id = ? AND payment_id = ? AND ref = ?", v.OrderID, v.PaymentID, v.Ref).
		Updates(map[string]any{
			"status": string(v.Status), "verified": v.Verified, "message": v.Message, "tracking_code": v.TrackingCode,
			"error": v.Error, "checked_at": dbTime(v.CheckedAt), "updated_at": dbTime(time.Now()),
		})
	if res.Error != nil {
		return fmt.Errorf("store: finish verification %d/%s: %w", v.OrderID, v.PaymentID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: finish verification %d/%s: %w", v.OrderID, v.PaymentID, ErrNotFound)
	}
	return nil
}

// GetVerification reads one verification record. A missing record is store.ErrNotFound, not
// checkout.ErrOrderNotFound: checkout only asks after a successful claim, so a miss is a fault, not an
// unknown order.
func (s *Store) GetVerification(ctx context.Context, orderID int64, paymentID, ref string) (checkout.Verification, error) {
	var row paymentVerificationRow
	err := s.read.WithContext(ctx).Where("order_id = ? AND payment_id = ? AND ref = ?", orderID, paymentID, ref).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return checkout.Verification{}, fmt.Errorf("store: get verification %d/%s: %w", orderID, paymentID, ErrNotFound)
	}
	if err != nil {
		return checkout.Verification{}, fmt.Errorf("store: get verification %d/%s: %w", orderID, paymentID, err)
	}
	return row.verification(), nil
}

// ChecksSince counts an order's verifications claimed (checkPay called or under way) at or after since;
// deferred pairs cost nothing yet and are not counted.
func (s *Store) ChecksSince(ctx context.Context, orderID int64, since time.Time) (int, error) {
	var n int64
	err := s.read.WithContext(ctx).Model(&paymentVerificationRow{}).
		Where("order_id = ? AND status <> ? AND updated_at >= ?", orderID, string(checkout.VerificationDeferred), dbTime(since)).
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count checks of order %d: %w", orderID, err)
	}
	return int(n), nil
}

// CallbacksSince counts an order's stored callbacks received at or after since.
func (s *Store) CallbacksSince(ctx context.Context, orderID int64, since time.Time) (int, error) {
	var n int64
	err := s.read.WithContext(ctx).Model(&paymentCallbackRow{}).
		Where("order_id = ? AND received_at >= ?", orderID, dbTime(since)).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count callbacks of order %d: %w", orderID, err)
	}
	return int(n), nil
}

// PendingVerifications lists up to limit verifications that still need checkPay (failed, deferred, or left
// checking before staleBefore), newest first: the genuine return is usually the last of an order's pairs.
func (s *Store) PendingVerifications(ctx context.Context, staleBefore time.Time, limit int) ([]checkout.Verification, error) {
	var rows []paymentVerificationRow
	err := s.read.WithContext(ctx).
		Where("status IN ? OR (status = ? AND updated_at < ?)",
			[]string{string(checkout.VerificationError), string(checkout.VerificationDeferred)},
			string(checkout.VerificationChecking), dbTime(staleBefore)).
		Order("id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: pending verifications: %w", err)
	}
	out := make([]checkout.Verification, len(rows))
	for i, r := range rows {
		out[i] = r.verification()
	}
	return out, nil
}

// Verifications lists an order's verification records, oldest first.
func (s *Store) Verifications(ctx context.Context, orderID int64) ([]checkout.Verification, error) {
	var rows []paymentVerificationRow
	if err := s.read.WithContext(ctx).Where("order_id = ?", orderID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: verifications of order %d: %w", orderID, err)
	}
	out := make([]checkout.Verification, len(rows))
	for i, r := range rows {
		out[i] = r.verification()
	}
	return out, nil
}

func (r paymentVerificationRow) verification() checkout.Verification {
	return checkout.Verification{
		OrderID: r.OrderID, PaymentID: r.PaymentID, Ref: r.Ref, Status: checkout.VerificationStatus(r.Status),
		Verified: r.Verified, Message: r.Message, TrackingCode: r.TrackingCode, Error: r.Error,
		CheckedAt: r.CheckedAt.UTC(), CreatedAt: r.CreatedAt.UTC(),
	}
}
