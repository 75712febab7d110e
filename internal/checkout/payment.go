package checkout

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"shop/internal/apperr"
	"shop/internal/catalog"
	"shop/internal/iran"
)

var (
	// ErrCannotPay: the order is not waiting for an online payment (or the bank is not one of its banks).
	ErrCannotPay = apperr.New(apperr.Conflict, "checkout: the order cannot be paid now", "این سفارش اکنون قابل پرداخت نیست یا درگاه انتخاب‌شده معتبر نیست.")
	// ErrCannotRetry: "pay again" is only for an order whose payment failed.
	ErrCannotRetry = apperr.New(apperr.Conflict, "checkout: the order cannot be paid again now", "این کار برای این سفارش در وضعیت کنونی‌اش ممکن نیست.")
	// ErrBadCallback: the callback lacks the payment id or names another order's factor.
	ErrBadCallback = apperr.New(apperr.Invalid, "checkout: the bank callback does not belong to this order", "اطلاعات بازگشت از بانک کامل یا درست نیست.")
	// ErrVerifyUnavailable: checkPay could not be reached; the payment stays unverified until it can be.
	ErrVerifyUnavailable = apperr.New(apperr.Unavailable, "checkout: the payment could not be verified yet", "پرداخت شما هنوز تأیید نشده است، چون سرویس فروتل پاسخ نداد. چند دقیقه‌ی دیگر «بررسی دوباره‌ی پرداخت» را بزنید؛ پولی از دست نمی‌رود.")
)

// CallbackURL is where the bank returns the shopper for an order.
func (s *Service) CallbackURL(o *Order) string {
	return s.Settings().PublicURL + "/payment/callback/" + o.Token
}

// Redirect is the bank redirect form of an order, with the order and the chosen bank for the page around it.
type Redirect struct {
	PaymentForm
	Order *Order
	Bank  Bank
}

// StartPayment asks Frotel for the bank redirect form of an order: pay for the first attempt, continuePay after a
// retry. Every attempt is recorded, whether or not a form came back.
func (s *Service) StartPayment(ctx context.Context, token, bankID string) (Redirect, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return Redirect{}, err
	}
	if !o.CanPay() {
		return Redirect{}, ErrCannotPay
	}
	i := slices.IndexFunc(o.Banks, func(b Bank) bool { return b.ID == bankID })
	if i < 0 {
		return Redirect{}, fmt.Errorf("%w: bank %q is not offered", ErrCannotPay, bankID)
	}
	req := PaymentRequest{FactorID: o.FactorID, BankID: bankID, CallbackURL: s.CallbackURL(o), Continue: o.Retrying}
	attempt := PaymentAttempt{OrderID: o.ID, Via: "pay", BankID: bankID, CreatedAt: s.now()}
	if o.Retrying {
		attempt.Via = "continuePay"
	}
	form, err := s.fulfil.PaymentForm(detach(ctx), req)
	if err != nil {
		attempt.Error = err.Error()
	}
	if rerr := s.store.RecordPaymentAttempt(ctx, attempt); rerr != nil {
		return Redirect{}, fmt.Errorf("checkout: record payment attempt: %w", rerr)
	}
	if err != nil {
		return Redirect{}, fmt.Errorf("checkout: %s for %s: %w", attempt.Via, o.Token, err)
	}
	return Redirect{PaymentForm: form, Order: o, Bank: o.Banks[i]}, nil
}

// CallbackRequest is what the bank's callback carried.
type CallbackRequest struct {
	PaymentID string // the payment id the bank returned
	Ref       string // the bank reference it returned
	Factor    string // some banks echo the factor; it must then be the order's
	Method    string
	Params    string // everything else, for the record
}

// HandleCallback verifies a payment after the bank returns the shopper. It never trusts the callback's word:
// the order is paid only if checkPay says verify=1. checkPay is called once per (order, payment id), however
// often and however concurrently the callback arrives; repeats wait for that one call and see its stored result.
func (s *Service) HandleCallback(ctx context.Context, token string, cb CallbackRequest) (*Order, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return nil, err
	}
	record := Callback{OrderID: o.ID, PaymentID: cb.PaymentID, Ref: cb.Ref, Method: cb.Method, Params: cb.Params, ReceivedAt: s.now()}
	switch {
	case cb.PaymentID == "" || len(cb.PaymentID) > 64 || len(cb.Ref) > 256:
		record.Outcome = "refused: no usable payment id"
	case cb.Factor != "" && cb.Factor != o.FactorID:
		record.Outcome = "refused: factor " + cb.Factor + " is not this order's"
	case o.FactorID == "":
		record.Outcome = "refused: the order has no factor"
	}
	if record.Outcome != "" {
		if err := s.store.RecordCallback(ctx, record); err != nil {
			return nil, fmt.Errorf("checkout: record callback: %w", err)
		}
		return o, ErrBadCallback
	}
	claimed, err := s.store.ClaimVerification(ctx, o.ID, cb.PaymentID, cb.Ref, s.now())
	if err != nil {
		return nil, fmt.Errorf("checkout: claim verification: %w", err)
	}
	if !claimed {
		record.Outcome = "repeat: verification already made or under way"
		if err := s.store.RecordCallback(ctx, record); err != nil {
			return nil, fmt.Errorf("checkout: record callback: %w", err)
		}
		v, err := s.awaitVerification(ctx, o.ID, cb.PaymentID)
		if err != nil {
			return nil, err
		}
		o, err = s.Order(ctx, token)
		if err != nil {
			return nil, err
		}
		if v.Status == VerificationError {
			return o, ErrVerifyUnavailable
		}
		return o, nil
	}
	record.Outcome = "checkPay called"
	if err := s.store.RecordCallback(ctx, record); err != nil {
		s.log.Error("checkout: record callback", "order", o.Token, "err", err) // the verification itself matters more
	}
	return s.verify(ctx, o, cb.PaymentID, cb.Ref)
}

// verify calls checkPay for a claimed (order, payment id) and applies the answer.
func (s *Service) verify(ctx context.Context, o *Order, paymentID, ref string) (*Order, error) {
	res, err := s.fulfil.Verify(detach(ctx), VerifyRequest{PaymentID: paymentID, Ref: ref, FactorID: o.FactorID})
	v := Verification{OrderID: o.ID, PaymentID: paymentID, Ref: ref, CheckedAt: s.now()}
	switch {
	case errors.Is(err, ErrRefused):
		// Frotel answered and refused (unknown payment, another factor): a final "not paid".
		v.Status, v.Message = VerificationDone, apperr.MessageOf(err)
	case err != nil:
		v.Status, v.Error = VerificationError, err.Error()
	default:
		v.Status, v.Verified, v.Message, v.TrackingCode = VerificationDone, res.Verified, res.Message, res.TrackingCode
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
		s.log.Error("checkout: checkPay unreachable; payment left unverified", "order", o.Token, "payment_id", paymentID, "err", err)
		updated, uerr := s.update(ctx, o.Token, func(o *Order) bool {
			o.Problem = ErrVerifyUnavailable.Message
			return true
		})
		if uerr != nil {
			return finish(o, errors.Join(ErrVerifyUnavailable, uerr))
		}
		return finish(updated, ErrVerifyUnavailable)
	}
	s.log.Info("checkout: payment checked", "order", o.Token, "payment_id", paymentID, "verified", v.Verified)
	var moveErr error
	updated, err := s.update(ctx, o.Token, func(o *Order) bool {
		moveErr = nil
		if v.Verified {
			if o.State != StatePaid {
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
			o.Problem, o.Remainder = "", 0
			return true
		}
		if o.State == StateAwaitingPayment {
			if moveErr = o.moveTo(StatePaymentFailed); moveErr != nil {
				return false
			}
			o.Problem = "پرداخت انجام نشد"
			if m := strings.TrimRight(strings.TrimSpace(v.Message), ".։"); m != "" {
				o.Problem += ": " + m
			}
			o.Problem += ". می‌توانید دوباره پرداخت کنید."
			return true
		}
		return false
	})
	if err == nil && moveErr != nil {
		// Frotel confirmed a payment for an order our state machine cannot mark paid: a person must look.
		s.log.Error("checkout: verified payment for an order that cannot be paid", "order", o.Token, "payment_id", paymentID, "err", moveErr)
		err = moveErr
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

// update reloads an order, lets change edit it, and saves it if change says so, retrying when another request
// moved the order in between.
func (s *Service) update(ctx context.Context, token string, change func(*Order) bool) (*Order, error) {
	for range 5 {
		o, err := s.Order(ctx, token)
		if err != nil {
			return nil, err
		}
		from := o.State
		if !change(o) {
			return o, nil
		}
		err = s.store.UpdateOrder(ctx, o, from)
		if errors.Is(err, ErrStale) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("checkout: save order %s: %w", token, err)
		}
		return o, nil
	}
	return nil, fmt.Errorf("checkout: save order %s: %w", token, ErrStale)
}

// awaitVerification waits until the request that claimed a verification has stored its outcome.
func (s *Service) awaitVerification(ctx context.Context, orderID int64, paymentID string) (Verification, error) {
	deadline := time.Now().Add(s.VerifyWait)
	for {
		v, err := s.store.GetVerification(ctx, orderID, paymentID)
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

// Reverify retries checkPay for an order's payments whose verification could not reach Frotel.
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
	for _, v := range vs {
		if v.Status == VerificationDone {
			continue
		}
		// The store decides whether this one may be checked again (failed, or abandoned mid-call).
		claimed, err := s.store.ClaimVerification(ctx, o.ID, v.PaymentID, v.Ref, s.now())
		if err != nil {
			return nil, fmt.Errorf("checkout: reverify: %w", err)
		}
		if claimed {
			if _, err := s.verify(ctx, o, v.PaymentID, v.Ref); err != nil {
				lastErr = err
			}
		}
	}
	if o, err = s.Order(ctx, token); err != nil {
		return nil, err
	}
	return o, lastErr
}

// Retry asks Frotel (orderPay) whether a failed order can still be paid, and if so offers its banks again;
// the next payment then goes through continuePay.
func (s *Service) Retry(ctx context.Context, token string) (*Order, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return nil, err
	}
	if !o.CanRetry() {
		return o, ErrCannotRetry
	}
	st, err := s.fulfil.PaymentStatus(detach(ctx), o.FactorID)
	if err != nil {
		return o, fmt.Errorf("checkout: orderPay for %s: %w", token, err)
	}
	var moveErr error
	o, err = s.update(ctx, token, func(o *Order) bool {
		moveErr = nil
		if o.State != StatePaymentFailed {
			return false
		}
		o.Remainder = st.Remainder
		if !st.CanContinue {
			o.Problem = "فروتل اکنون پرداخت دوباره‌ی این سفارش را نمی‌پذیرد (وضعیت: «" + st.Label + "»). برای پیگیری با فروشنده تماس بگیرید."
			return true
		}
		if moveErr = o.moveTo(StateAwaitingPayment); moveErr != nil {
			return false
		}
		o.Banks = st.Banks
		o.Retrying = true
		o.Problem = ""
		return true
	})
	if err == nil && moveErr != nil {
		err = moveErr
	}
	return o, err
}

// RefreshLinks asks Frotel again for a paid virtual order's download links after links.error=1. It reads the
// already verified payment again; it never changes whether the order is paid.
func (s *Service) RefreshLinks(ctx context.Context, token string) (*Order, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return nil, err
	}
	if o.Kind != catalog.Virtual || o.State != StatePaid {
		return o, ErrCannotPay
	}
	vs, err := s.store.Verifications(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("checkout: refresh links: %w", err)
	}
	for _, v := range vs {
		if !v.Verified {
			continue
		}
		res, err := s.fulfil.Verify(detach(ctx), VerifyRequest{PaymentID: v.PaymentID, Ref: v.Ref, FactorID: o.FactorID})
		if err != nil {
			return o, fmt.Errorf("checkout: refresh links of %s: %w", token, err)
		}
		return s.update(ctx, token, func(o *Order) bool {
			if res.Links == nil || !res.Verified {
				return false
			}
			applyLinks(o, res.Links)
			return true
		})
	}
	return o, ErrCannotPay
}

// ErrTrackNotFound: no order of this shop has that factor and mobile number.
var ErrTrackNotFound = apperr.New(apperr.NotFound, "checkout: no order with that factor and mobile",
	"سفارشی با این شماره‌ی فاکتور و موبایل در این فروشگاه پیدا نشد. هر دو را همان‌طور که در سفارش آمده وارد کنید.")

// Tracked is an order of ours with Frotel's tracking answer.
type Tracked struct {
	Order    *Order
	Tracking Tracking
}

// Track looks an order up by factor number and the mobile used for it, then asks Frotel where it stands. Both must
// match an order of this shop, so the page cannot be used to read other people's orders.
func (s *Service) Track(ctx context.Context, factor, mobile string) (Tracked, error) {
	factor = iran.NormalizeDigits(factor)
	m, err := iran.NormalizeMobile(mobile)
	if err != nil || factor == "" || len(factor) > 40 {
		return Tracked{}, ErrTrackNotFound
	}
	o, err := s.store.OrderByFactor(ctx, factor)
	if errors.Is(err, ErrOrderNotFound) {
		return Tracked{}, ErrTrackNotFound
	}
	if err != nil {
		return Tracked{}, fmt.Errorf("checkout: track: %w", err)
	}
	if o.Buyer.Mobile != m {
		return Tracked{}, ErrTrackNotFound
	}
	t, err := s.fulfil.Track(ctx, o.FactorID)
	if err != nil {
		return Tracked{Order: o}, fmt.Errorf("checkout: tracking %s: %w", o.FactorID, err)
	}
	return Tracked{Order: o, Tracking: t}, nil
}
