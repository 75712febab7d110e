package checkout

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"shop/internal/apperr"
	"shop/internal/catalog"
)

// ErrVerifyDeferred: the order has had its share of checks for now; the payment is recorded and reconciliation
// checks it shortly. The shopper loses nothing.
var ErrVerifyDeferred = apperr.New(apperr.Unavailable, "checkout: verification deferred",
	"بازگشت شما از بانک ثبت شد و وضعیت پرداخت تا چند دقیقه‌ی دیگر بررسی می‌شود؛ این صفحه را بعداً دوباره باز کنید. پولی از دست نمی‌رود.")

// CallbackRequest is what the bank's callback carried.
type CallbackRequest struct {
	PaymentID string // the payment id the bank returned
	Ref       string // the bank reference it returned
	Factor    string // some banks echo the factor; it must then be the order's
	Method    string
	Params    string // everything else, for the record
}

// HandleCallback verifies a payment after the bank returns the shopper. It never trusts the callback's word: the
// order is paid only if checkPay says verify=1 for the pair (payment id, reference) the bank returned.
//   - checkPay is called once per (order, payment id, reference), however often and however concurrently the
//     callback arrives; repeats wait for that one call and see its stored result.
//   - An answer for one pair never decides another: a made-up pair that Frotel does not confirm leaves the order
//     payable as it was, and the genuine pair, arriving later, is still checked.
//   - An order already paid costs no checkPay at all, and each order has a bound on checks and stored callbacks
//     per window; past the bound, pairs wait for reconciliation instead of calling Frotel now.
func (s *Service) HandleCallback(ctx context.Context, token string, cb CallbackRequest) (*Order, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return nil, err
	}
	now := s.now()
	record := Callback{OrderID: o.ID, PaymentID: cb.PaymentID, Ref: cb.Ref, Method: cb.Method, Params: cb.Params, ReceivedAt: now}
	switch {
	case cb.PaymentID == "" || len(cb.PaymentID) > 64 || len(cb.Ref) > 256:
		record.Outcome = "refused: no usable payment id"
	case cb.Factor != "" && cb.Factor != o.FactorID:
		record.Outcome = "refused: factor " + cb.Factor + " is not this order's"
	case o.FactorID == "":
		record.Outcome = "refused: the order has no factor"
	}
	if record.Outcome != "" {
		if err := s.recordCallback(ctx, record); err != nil {
			return nil, err
		}
		return o, ErrBadCallback
	}
	if o.Paid() {
		record.Outcome = "ignored: the order is already paid"
		return o, s.recordCallback(ctx, record)
	}
	lim := s.Settings().Limits
	claim, err := s.store.ClaimVerificationWithin(ctx, o.ID, cb.PaymentID, cb.Ref, now, s.abandonedBefore(now),
		now.Add(-lim.Window), lim.ChecksPerOrder, lim.CallbacksPerOrder)
	if err != nil {
		return nil, fmt.Errorf("checkout: claim verification: %w", err)
	}
	if claim == ClaimDeferred || claim == ClaimReplaced {
		s.log.WarnContext(ctx, "checkout: checks per order exceeded; pair left for reconciliation", "order", o.Token,
			"checks", lim.ChecksPerOrder, "oldest_deferred_dropped", claim == ClaimReplaced)
		record.Outcome = "deferred: too many checks for this order; reconciliation will check it"
		if claim == ClaimReplaced {
			record.Outcome = "deferred: too many checks for this order; the oldest deferred pair gave way"
		}
		if err := s.recordCallback(ctx, record); err != nil {
			return nil, err
		}
		return o, ErrVerifyDeferred
	}
	claimed := claim == ClaimWon
	if !claimed {
		record.Outcome = "repeat: verification already made or under way"
		if err := s.recordCallback(ctx, record); err != nil {
			return nil, err
		}
		v, err := s.awaitVerification(ctx, o.ID, cb.PaymentID, cb.Ref)
		if err != nil {
			return nil, err
		}
		if o, err = s.Order(ctx, token); err != nil {
			return nil, err
		}
		switch v.Status {
		case VerificationError:
			return o, ErrVerifyUnavailable
		case VerificationDeferred:
			return o, ErrVerifyDeferred
		}
		return o, nil
	}
	record.Outcome = "checkPay called"
	if err := s.recordCallback(ctx, record); err != nil {
		s.log.ErrorContext(ctx, "checkout: record callback", "order", o.Token, "err", err) // the verification itself matters more
	}
	return s.verify(ctx, o, cb.PaymentID, cb.Ref)
}

// recordCallback stores a callback unless the order already has its window's share of stored callbacks: past
// that, a flood is counted in the log, not in the database.
func (s *Service) recordCallback(ctx context.Context, c Callback) error {
	n, err := s.store.CallbacksSince(ctx, c.OrderID, c.ReceivedAt.Add(-s.Settings().Limits.Window))
	if err != nil {
		return fmt.Errorf("checkout: count callbacks: %w", err)
	}
	if n >= s.Settings().Limits.CallbacksPerOrder {
		s.log.WarnContext(ctx, "checkout: callback not stored: the order has its share for now", "order_id", c.OrderID,
			"stored", n, "outcome", c.Outcome)
		return nil
	}
	if err := s.store.RecordCallback(ctx, c); err != nil {
		return fmt.Errorf("checkout: record callback: %w", err)
	}
	return nil
}

// problemVerifyPending is what the shopper reads while checkPay has not given a final answer.
const problemVerifyPending = "پرداخت شما در حال بررسی است: فروتل هنوز پاسخ قطعی نداده است. خودمان دوباره می‌پرسیم؛ چند دقیقه‌ی دیگر همین صفحه را باز کنید یا «بررسی دوباره‌ی پرداخت» را بزنید. پولی از دست نمی‌رود."

// askCheckPay calls checkPay, and when Frotel answers with an error code (the bank did not answer it in time, a
// busy moment) asks again after each of RetryPauses: only code 0 with verify 0 means "not paid". A service that
// did not answer at all is not asked again here: the client has already tried every mirror.
func (s *Service) askCheckPay(ctx context.Context, o *Order, paymentID, ref string) (VerifyResult, error) {
	req := VerifyRequest{PaymentID: paymentID, Ref: ref, FactorID: o.FactorID}
	res, err := s.fulfil.Verify(detach(ctx), req)
	for _, pause := range s.retryPauses {
		if !errors.Is(err, ErrRefused) {
			break
		}
		s.log.Warn("checkout: checkPay answered an error; asking again", "order", o.Token, "payment_id", paymentID, "err", err)
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return res, err
		case <-t.C:
		}
		res, err = s.fulfil.Verify(detach(ctx), req)
	}
	return res, err
}

// verify calls checkPay for a claimed (order, payment id, reference) and applies the answer.
func (s *Service) verify(ctx context.Context, o *Order, paymentID, ref string) (*Order, error) {
	v := Verification{OrderID: o.ID, PaymentID: paymentID, Ref: ref, CheckedAt: s.now()}
	res, err := s.askCheckPay(ctx, o, paymentID, ref)
	outcome := "not_verified"
	switch {
	case errors.Is(err, ErrRefused):
		// Frotel answered with an error code: no verdict on this pair yet. Reconciliation asks again with
		// back-off until the verification window ends, so a real payment is not refunded for a busy moment.
		v.Status, v.Error, v.Message, outcome = VerificationError, err.Error(), apperr.MessageOf(err), "error_answer"
	case err != nil:
		v.Status, v.Error, outcome = VerificationError, err.Error(), "unavailable"
	default:
		v.Status, v.Verified, v.Message, v.TrackingCode = VerificationDone, res.Verified, res.Message, res.TrackingCode
		if res.Verified {
			outcome = "verified"
		}
	}
	if s.onVerify != nil {
		s.onVerify(outcome)
	}
	// The verification is marked finished only once the order shows the outcome: repeated callbacks wait for
	// that mark and then read the order, so they must never find it unchanged.
	finish := func(o *Order, err error) (*Order, error) {
		if ferr := s.store.FinishVerification(ctx, v); ferr != nil {
			return nil, fmt.Errorf("checkout: save verification: %w", ferr)
		}
		return o, err
	}
	if v.Status == VerificationError {
		s.log.ErrorContext(ctx, "checkout: checkPay gave no verdict; payment left for reconciliation", "order", o.Token, "payment_id", paymentID, "err", err)
		updated, uerr := s.update(ctx, o.Token, func(o *Order) bool {
			if o.Paid() {
				return false
			}
			o.Problem = problemVerifyPending
			return true
		})
		if uerr != nil {
			return finish(o, errors.Join(ErrVerifyUnavailable, uerr))
		}
		return finish(updated, ErrVerifyUnavailable)
	}
	s.log.InfoContext(ctx, "checkout: payment checked", "order", o.Token, "payment_id", paymentID, "verified", v.Verified)
	var moveErr error
	updated, err := s.update(ctx, o.Token, func(o *Order) bool {
		moveErr = nil
		if v.Verified {
			if !o.Paid() {
				if moveErr = o.moveTo(StatePaid); moveErr != nil {
					return false
				}
			}
			if o.TrackingCode == "" {
				o.TrackingCode = v.TrackingCode
			}
			if res.Links != nil && o.Kind == catalog.Virtual {
				applyLinks(o, res.Links)
			}
			o.Problem, o.Remainder, o.PaymentUnconfirmed = "", 0, false
			return true
		}
		// Not confirmed: the order stays as it was, payable. A forged pair must not take the genuine payment's
		// place, and a genuinely failed payment is retried through orderPay, which knows the truth.
		if o.State != StateAwaitingPayment {
			return false
		}
		o.PaymentUnconfirmed = true
		o.Problem = "پرداخت شما تأیید نشد"
		if m := strings.TrimRight(strings.TrimSpace(v.Message), ".։"); m != "" {
			o.Problem += ": " + m
		}
		o.Problem += "." // the order page says what happens to any money taken and how to pay again
		return true
	})
	if err == nil && moveErr != nil {
		// Frotel confirmed a payment for an order our state machine cannot mark paid: a person must look. The
		// request's one log line carries this error; it is not logged here a second time.
		err = fmt.Errorf("checkout: verified payment %s for order %s, which cannot be marked paid: %w", paymentID, o.Token, moveErr)
	}
	return finish(updated, err)
}

func applyLinks(o *Order, l *DownloadLinks) {
	if l.Error {
		o.LinksError = l.ErrorMessage
		if o.LinksError == "" {
			o.LinksError = "ساخت پیوندهای دانلود انجام نشد."
		}
		o.Downloads = nil
		return
	}
	o.LinksError = ""
	o.Downloads = l.Files
}

// awaitVerification waits until the request that claimed a verification has stored its outcome.
func (s *Service) awaitVerification(ctx context.Context, orderID int64, paymentID, ref string) (Verification, error) {
	deadline := time.Now().Add(s.verifyWait)
	for {
		v, err := s.store.GetVerification(ctx, orderID, paymentID, ref)
		if err != nil {
			return v, fmt.Errorf("checkout: read verification: %w", err)
		}
		if v.Status != VerificationChecking {
			return v, nil
		}
		if time.Now().After(deadline) {
			return v, ErrVerifyUnavailable
		}
		select {
		case <-ctx.Done():
			return v, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// Reverify retries checkPay for an order's payments whose verification could not reach Frotel (or was left
// for later), within the order's bound of checks.
func (s *Service) Reverify(ctx context.Context, token string) (*Order, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return nil, err
	}
	vs, err := s.store.Verifications(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("checkout: reverify: %w", err)
	}
	var lastErr error
	for i := len(vs) - 1; i >= 0; i-- { // newest first: the genuine return is usually the last one
		if o.Paid() {
			break
		}
		v := vs[i]
		if v.Status == VerificationDone {
			continue
		}
		if err := s.checkAgain(ctx, o, v, false); err != nil {
			lastErr = err
		}
		if o, err = s.Order(ctx, token); err != nil {
			return nil, err
		}
	}
	return o, lastErr
}

// checkAgain claims one pending verification (the store decides whether it may be checked again: failed,
// deferred, or abandoned mid-call) and verifies it, if the order's bound of checks allows or the caller is
// reconciliation, which paces itself.
func (s *Service) checkAgain(ctx context.Context, o *Order, v Verification, paced bool) error {
	now := s.now()
	var claimed bool
	var err error
	if paced {
		claimed, err = s.store.ClaimVerification(ctx, o.ID, v.PaymentID, v.Ref, now, s.abandonedBefore(now))
	} else {
		lim := s.Settings().Limits
		var claim ClaimOutcome
		claim, err = s.store.ClaimVerificationWithin(ctx, o.ID, v.PaymentID, v.Ref, now, s.abandonedBefore(now),
			now.Add(-lim.Window), lim.ChecksPerOrder, lim.CallbacksPerOrder)
		if err == nil && (claim == ClaimDeferred || claim == ClaimReplaced) {
			return ErrVerifyDeferred
		}
		claimed = claim == ClaimWon
	}
	if err != nil {
		return fmt.Errorf("checkout: reverify: %w", err)
	}
	if !claimed {
		return nil
	}
	_, err = s.verify(ctx, o, v.PaymentID, v.Ref)
	return err
}
