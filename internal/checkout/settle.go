package checkout

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"shop/internal/apperr"
	"shop/internal/iran"
)

// What a person can do with an order whose registration outcome the shop cannot know (needs_reconciliation):
// attach the factor they found in Frotel's panel, or say Frotel never got it and send it again, once.

var (
	// ErrNotForAPerson: the action is only for an order marked for a person.
	ErrNotForAPerson = apperr.New(apperr.Conflict, "checkout: the order is not waiting for a person",
		"این کار فقط برای سفارشی است که برای بررسی یک نفر علامت خورده است.")
	// ErrFactorNotFound: Frotel does not know the factor the person typed, or it is another order's.
	ErrFactorNotFound = apperr.New(apperr.Invalid, "checkout: factor not found at Frotel",
		"فروتل این شماره‌ی فاکتور را نمی‌شناسد یا آن فاکتور سفارش دیگری است؛ شماره را از پنل فروتل دوباره بخوانید.")
	// ErrAlreadyResent: the order was sent again once already; a second time could make a duplicate.
	ErrAlreadyResent = apperr.New(apperr.Conflict, "checkout: the order was already sent again once",
		"این سفارش یک بار دوباره ثبت شده است؛ ثبت دوباره‌ی دیگر ممکن است سفارش تکراری بسازد. در پنل فروتل بررسی کنید.")
)

const eventSettle = "settle"

// AttachFactor settles an order marked for a person with the factor found in Frotel's panel: Frotel's tracking
// must know it, and no other order of ours may have it. Frotel then says whether it can still be paid online.
func (s *Service) AttachFactor(ctx context.Context, orderID int64, factor, actor string) (*Order, error) {
	o, err := s.store.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	if o.State != StateNeedsReconciliation {
		return o, ErrNotForAPerson
	}
	factor = strings.TrimSpace(iran.NormalizeDigits(factor))
	factor = strings.NewReplacer("-", "", " ", "").Replace(factor)
	if factor == "" || len(factor) > 40 {
		return o, ErrFactorNotFound
	}
	if other, err := s.store.OrderByFactor(ctx, factor); err == nil && other.ID != o.ID {
		return o, ErrFactorNotFound
	} else if err != nil && !errors.Is(err, ErrOrderNotFound) {
		return nil, fmt.Errorf("checkout: attach factor: %w", err)
	}
	t, err := s.fulfil.Track(detach(ctx), factor)
	switch {
	case errors.Is(err, ErrRefused):
		return o, ErrFactorNotFound
	case err != nil:
		return o, fmt.Errorf("checkout: attach factor %s: %w", factor, err)
	}
	next, st := StateRegistered, PaymentStatus{}
	if o.Payment == Online {
		if st, err = s.fulfil.PaymentStatus(detach(ctx), factor); err != nil {
			return o, fmt.Errorf("checkout: attach factor %s: %w", factor, err)
		}
		if st.CanContinue && len(st.Banks) > 0 {
			next = StateAwaitingPayment
		}
	}
	if err := o.moveTo(next); err != nil {
		return o, err
	}
	o.FactorID, o.FactorTotal, o.Banks, o.Problem = factor, t.Price, st.Banks, ""
	if err := s.store.UpdateOrder(ctx, o, StateNeedsReconciliation); err != nil {
		return nil, fmt.Errorf("checkout: attach factor: %w", err)
	}
	return o, s.note(ctx, o, eventSettle, actor, "شماره‌ی فاکتور "+factor+" از پنل فروتل به سفارش وصل شد؛ وضعیت: «"+o.State.Label()+"».",
		map[string]any{"factor": factor, "frotel_status": t.StatusLabel, "frotel_price": t.Price, "state": o.State})
}

// ResendNeverRegistered is a person's word that Frotel never got the order (they searched its panel for the
// reference): the order is sent again, once. A second resend is refused, since it could make a duplicate.
func (s *Service) ResendNeverRegistered(ctx context.Context, orderID int64, actor string) (*Order, error) {
	o, err := s.store.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	if o.State != StateNeedsReconciliation {
		return o, ErrNotForAPerson
	}
	if n, err := s.store.EventsSince(ctx, o.ID, eventResend, o.CreatedAt); err != nil {
		return nil, fmt.Errorf("checkout: resend: %w", err)
	} else if n > 0 {
		return o, ErrAlreadyResent
	}
	if err := s.note(ctx, o, eventResend, actor, "یک نفر در پنل فروتل دنبال "+o.Reference()+" گشت و آن را نیافت؛ سفارش یک بار دوباره فرستاده می‌شود.",
		evidenceOf(o)); err != nil {
		return nil, err
	}
	if err := o.moveTo(StateRegistering); err != nil {
		return o, err
	}
	o.RegisterSentAt, o.Problem = time.Time{}, ""
	if err := s.store.UpdateOrder(ctx, o, StateNeedsReconciliation); err != nil {
		return nil, fmt.Errorf("checkout: resend: %w", err)
	}
	if err := s.register(ctx, o); err != nil {
		return nil, err
	}
	return o, s.note(ctx, o, eventSettle, actor, "نتیجه‌ی ثبت دوباره: «"+o.State.Label()+"».",
		map[string]string{"state": string(o.State), "factor": o.FactorID, "problem": o.Problem})
}

// ReconcileOrder runs reconciliation's checks on one order now (the admin's "check again").
func (s *Service) ReconcileOrder(ctx context.Context, orderID int64, actor string) (*Order, error) {
	o, err := s.store.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	var rep ReconcileReport
	if o.State == StateRegistering && o.UpdatedAt.Before(s.now().Add(-s.Settings().ReconcileGrace)) {
		if err := s.reconcileRegistering(ctx, o, &rep); err != nil {
			return nil, err
		}
	}
	vs, err := s.store.Verifications(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("checkout: reconcile order: %w", err)
	}
	for i := len(vs) - 1; i >= 0 && !o.Paid(); i-- {
		if vs[i].Status == VerificationDone {
			continue
		}
		if err := s.checkAgain(ctx, o, vs[i], true); err != nil && !errors.Is(err, ErrVerifyUnavailable) {
			return nil, err
		}
		if o, err = s.store.OrderByID(ctx, orderID); err != nil {
			return nil, err
		}
	}
	if o, err = s.store.OrderByID(ctx, orderID); err != nil {
		return nil, err
	}
	return o, s.note(ctx, o, eventReconcile, actor, "بررسی دوباره به درخواست یک نفر انجام شد؛ وضعیت: «"+o.State.Label()+"».", nil)
}

// ErrNotHeld: the action is only for a cash-on-delivery order held for the seller.
var ErrNotHeld = apperr.New(apperr.Conflict, "checkout: the order is not held for the seller",
	"این کار فقط برای سفارشی است که در انتظار تأیید فروشنده است.")

// ReleaseHeld is the seller's word that a held cash-on-delivery order is genuine: it is sent to Frotel now.
func (s *Service) ReleaseHeld(ctx context.Context, orderID int64, actor string) (*Order, error) {
	o, err := s.store.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	if err := s.save(ctx, o, func(o *Order) (bool, error) {
		if o.State != StateAwaitingSeller {
			return false, ErrNotHeld
		}
		o.Problem = ""
		return true, o.moveTo(StateRegistering)
	}); err != nil {
		return o, err
	}
	if err := s.note(ctx, o, eventSettle, actor, "فروشنده سفارش نگه‌داشته را تأیید کرد؛ به فروتل فرستاده می‌شود.", nil); err != nil {
		return nil, err
	}
	if err := s.register(ctx, o); err != nil {
		return nil, err
	}
	return o, s.note(ctx, o, eventSettle, actor, "نتیجه‌ی ثبت: «"+o.State.Label()+"».",
		map[string]string{"state": string(o.State), "factor": o.FactorID, "problem": o.Problem})
}

// CancelHeld is the seller's word that a held cash-on-delivery order is not to be sent: nothing exists at
// Frotel, so cancelling it is final and costs nothing.
func (s *Service) CancelHeld(ctx context.Context, orderID int64, actor string) (*Order, error) {
	o, err := s.store.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	if err := s.save(ctx, o, func(o *Order) (bool, error) {
		if o.State != StateAwaitingSeller {
			return false, ErrNotHeld
		}
		o.Problem = "فروشنده این سفارش را لغو کرد."
		return true, o.moveTo(StateCancelled)
	}); err != nil {
		return o, err
	}
	return o, s.note(ctx, o, eventSettle, actor, "فروشنده سفارش نگه‌داشته را لغو کرد؛ چیزی به فروتل فرستاده نشده بود.", nil)
}
