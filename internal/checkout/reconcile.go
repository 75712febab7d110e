package checkout

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ReconcileReport is what one reconciliation run examined and decided.
type ReconcileReport struct {
	Examined     int // orders and verifications looked at
	Registered   int // orders saved but never sent, now registered
	ForPerson    int // orders whose registration outcome cannot be known: handed to a person with the evidence
	Verified     int // verifications checked again
	Paid         int // orders that became paid
	StillPending int // verifications left for the next run (upstream down, or the order's bound reached)
	Released     int // online orders whose stock hold ran out unpaid: their stock is given back
	Unconfirmed  int // cash-on-delivery orders whose mobile was never confirmed by its code: cancelled
}

// CodeWait is how long a cash-on-delivery order waits for its mobile's one-time code (StateAwaitingCode) before
// reconciliation cancels it: a code lives two minutes and a new one is a press away, so an hour means the buyer
// has gone. Nothing was sent to Frotel; the stock it held is given back by the cancel.
const CodeWait = time.Hour

// Evidence of a registration whose outcome is unknown: everything a person needs to find the order in Frotel's
// panel or to register it again.
type registrationEvidence struct {
	Reference  string    `json:"reference"`
	Kind       string    `json:"kind"`
	Buyer      string    `json:"buyer"`
	Mobile     string    `json:"mobile"`
	City       string    `json:"city,omitempty"`
	Items      []string  `json:"items"`
	GoodsTotal int64     `json:"goods_total_rials"`
	Shipping   int64     `json:"shipping_rials"`
	Total      int64     `json:"total_rials"`
	Coupon     string    `json:"coupon,omitempty"`
	Send       string    `json:"send,omitempty"`
	Payment    string    `json:"payment"`
	CreatedAt  time.Time `json:"created_at"`
	SentAt     time.Time `json:"register_sent_at,omitzero"`
	Problem    string    `json:"problem,omitempty"`
}

func evidenceOf(o *Order) registrationEvidence {
	e := registrationEvidence{Reference: o.Reference(), Kind: string(o.Kind), Buyer: o.Buyer.FirstName + " " + o.Buyer.LastName,
		Mobile: o.Buyer.Mobile, GoodsTotal: o.GoodsTotal, Shipping: o.Shipping, Total: o.Total, Send: string(o.Send),
		Payment: string(o.Payment), Coupon: o.Coupon, CreatedAt: o.CreatedAt, SentAt: o.RegisterSentAt, Problem: o.Problem}
	if o.Buyer.CityName != "" {
		e.City = o.Buyer.ProvinceName + "، " + o.Buyer.CityName
	}
	for _, it := range o.Items {
		e.Items = append(e.Items, fmt.Sprintf("%s × %d (%s)", it.Code, it.Count, it.Name))
	}
	return e
}

// Reconcile settles what a crash or a lost answer left in between: orders saved but never sent are registered
// now; orders whose register call went out but whose answer never came are handed to a person (Frotel offers no
// way to look an order up by our reference, so guessing would risk a second order); verifications cut off, failed
// or deferred are checked again with their stored pair, so a paid order becomes paid without a new callback.
// Every decision is logged and kept in the order's history.
func (s *Service) Reconcile(ctx context.Context) (ReconcileReport, error) {
	var rep ReconcileReport
	now := s.now()
	var errs []error

	stuck, err := s.store.OrdersInState(ctx, StateRegistering, s.abandonedBefore(now), 200)
	if err != nil {
		return rep, fmt.Errorf("checkout: reconcile: %w", err)
	}
	for _, o := range stuck {
		rep.Examined++
		if err := s.reconcileRegistering(ctx, o, &rep); err != nil {
			errs = append(errs, err)
		}
	}

	pending, err := s.store.PendingVerifications(ctx, s.abandonedBefore(now), 500)
	if err != nil {
		return rep, fmt.Errorf("checkout: reconcile: %w", err)
	}
	checked := map[int64]bool{} // orders that had their one reconciliation check of this run
	for _, v := range pending {
		rep.Examined++
		o, err := s.store.OrderByID(ctx, v.OrderID)
		if err != nil {
			errs = append(errs, fmt.Errorf("checkout: reconcile verification of order %d: %w", v.OrderID, err))
			continue
		}
		if o.Paid() || checked[o.ID] {
			continue // a later pair was the genuine one, or this order had its check of this run
		}
		if v.Status == VerificationError {
			if now.Sub(v.CreatedAt) > s.Settings().Limits.VerifyWindow {
				checked[o.ID] = true
				if err := s.giveUpVerification(ctx, o, v); err != nil {
					errs = append(errs, err)
				}
				continue
			}
			if !s.dueAgain(v, now) {
				rep.StillPending++
				continue
			}
		}
		checked[o.ID] = true
		// Past the order's bound, reconciliation still checks one pair per order per run (newest first), so
		// a flood of made-up pairs delays the genuine one by a run at most per pair, and costs Frotel one
		// checkPay per order per run.
		err = s.checkAgain(ctx, o, v, true)
		switch {
		case errors.Is(err, ErrVerifyDeferred), errors.Is(err, ErrVerifyUnavailable):
			rep.StillPending++
			continue
		case err != nil:
			errs = append(errs, err)
			continue
		}
		rep.Verified++
		after, err := s.store.OrderByID(ctx, o.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if after.Paid() {
			rep.Paid++
			if err := s.note(ctx, after, eventReconcile, "reconciliation", "پرداخت با بررسی دوباره‌ی checkPay تأیید شد.",
				map[string]string{"payment_id": v.PaymentID, "ref": v.Ref, "tracking_code": after.TrackingCode}); err != nil {
				errs = append(errs, err)
			}
		}
	}

	unconfirmed, err := s.store.OrdersInState(ctx, StateAwaitingCode, now.Add(-CodeWait), 200)
	if err != nil {
		errs = append(errs, fmt.Errorf("checkout: reconcile: %w", err))
	}
	for _, o := range unconfirmed {
		rep.Examined++
		err := s.save(ctx, o, func(o *Order) (bool, error) {
			if o.State != StateAwaitingCode {
				return false, nil // confirmed (or cancelled) meanwhile
			}
			o.Problem = "کد تأیید موبایل تا یک ساعت وارد نشد؛ سفارش لغو شد و چیزی برای فروتل فرستاده نشد."
			return true, o.moveTo(StateCancelled)
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("checkout: reconcile unconfirmed order %s: %w", o.Token, err))
			continue
		}
		if o.State == StateCancelled {
			rep.Unconfirmed++
			if err := s.note(ctx, o, eventReconcile, "reconcile", "cancelled: the mobile's code was not entered within "+CodeWait.String(), nil); err != nil {
				errs = append(errs, err)
			}
		}
	}

	// Last, so a payment verified above keeps its hold rather than losing it and taking it again.
	released, err := s.store.ReleaseStockHolds(ctx, now.Add(-s.Settings().StockHold))
	rep.Released = released
	if err != nil {
		errs = append(errs, fmt.Errorf("checkout: reconcile: %w", err))
	}
	return rep, errors.Join(errs...)
}

// dueAgain is the back-off of a checkPay that gave no verdict: the next ask waits at least as long as the pair
// had been waiting at the last one (so the gaps double), and never less than the grace period.
func (s *Service) dueAgain(v Verification, now time.Time) bool {
	gap := max(v.CheckedAt.Sub(v.CreatedAt), s.Settings().ReconcileGrace)
	return !now.Before(v.CheckedAt.Add(gap))
}

// giveUpVerification ends the asking for a pair whose checkPay answered errors for the whole verification window:
// the pair is recorded as not confirmed, the order stays payable (pay again asks orderPay, which knows the truth),
// and its history tells a person what happened.
func (s *Service) giveUpVerification(ctx context.Context, o *Order, v Verification) error {
	now := s.now()
	claimed, err := s.store.ClaimVerification(ctx, o.ID, v.PaymentID, v.Ref, now, s.abandonedBefore(now))
	if err != nil || !claimed {
		return err
	}
	last := v.Error
	v.Status, v.Verified, v.CheckedAt = VerificationDone, false, now
	v.Message = "checkPay در مهلت بررسی پاسخ قطعی نداد"
	if _, err := s.update(ctx, o.Token, func(o *Order) bool {
		if o.Paid() || o.State != StateAwaitingPayment {
			return false
		}
		o.PaymentUnconfirmed = true
		o.Problem = "پرداخت شما تأیید نشد: فروتل در مهلت بررسی پاسخ قطعی نداد."
		return true
	}); err != nil {
		return err
	}
	if err := s.store.FinishVerification(ctx, v); err != nil {
		return fmt.Errorf("checkout: give up verification: %w", err)
	}
	s.log.Warn("checkout: checkPay gave no verdict within the verification window; left to a person",
		"order", o.Token, "payment_id", v.PaymentID, "last_error", last)
	return s.note(ctx, o, eventReconcile, "reconciliation",
		"checkPay تا پایان مهلت بررسی فقط خطا پاسخ داد؛ پرداخت تأییدنشده ماند. اگر خریدار پرداخت کرده است، در پنل فروتل ببینید.",
		map[string]string{"payment_id": v.PaymentID, "ref": v.Ref, "first_asked": v.CreatedAt.Format(time.RFC3339), "last_error": last})
}

// abandonedBefore is the time before which a registration or a payment check still under way is taken for
// abandoned: its process died. The grace outlasts any Frotel call with failover (config checks that), so no
// live call is ever taken for dead, and a restarted shop settles what a kill left within one grace period.
func (s *Service) abandonedBefore(now time.Time) time.Time {
	return now.Add(-s.Settings().ReconcileGrace)
}

// reconcileRegistering settles one order left in registering past the grace period.
func (s *Service) reconcileRegistering(ctx context.Context, o *Order, rep *ReconcileReport) error {
	if o.RegisterSentAt.IsZero() {
		// Saved, never sent (the process stopped between the two): nothing exists upstream, so sending it now
		// makes the one and only registration.
		if err := s.note(ctx, o, eventReconcile, "reconciliation",
			"سفارش ذخیره شده بود ولی هرگز به فروتل فرستاده نشد؛ اکنون ثبت می‌شود.", evidenceOf(o)); err != nil {
			return err
		}
		if err := s.register(ctx, o); err != nil {
			return err
		}
		rep.Registered++
		return s.note(ctx, o, eventReconcile, "reconciliation", "نتیجه‌ی ثبت: «"+o.State.Label()+"».",
			map[string]string{"state": string(o.State), "factor": o.FactorID, "problem": o.Problem})
	}
	if err := o.moveTo(StateNeedsReconciliation); err != nil {
		return err
	}
	o.Problem = problemOutcomeUnknown
	if err := s.store.UpdateOrder(ctx, o, StateRegistering); err != nil {
		if errors.Is(err, ErrStale) {
			return nil // the register call answered after all
		}
		return fmt.Errorf("checkout: reconcile %s: %w", o.Token, err)
	}
	rep.ForPerson++
	return s.note(ctx, o, eventReconcile, "reconciliation",
		"ثبت این سفارش به فروتل فرستاده شد ولی پاسخی نرسید (فرایند فروشگاه در میانه متوقف شد). فروتل راهی برای یافتن سفارش با شماره‌ی ما ندارد؛ یک نفر باید در پنل فروتل دنبال "+
			o.Reference()+" بگردد و شماره‌ی فاکتور را ثبت کند، یا سفارش را «ثبت‌نشده» علامت بزند.", evidenceOf(o))
}
