package checkout

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

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
	ErrVerifyUnavailable = apperr.New(apperr.Unavailable, "checkout: the payment could not be verified yet", "پرداخت شما در حال بررسی است و هنوز تأیید نشده، چون فروتل پاسخ قطعی نداد. چند دقیقه‌ی دیگر «بررسی دوباره‌ی پرداخت» را بزنید؛ پولی از دست نمی‌رود.")
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
	// StepKey names the page of ours that shows this form once (/orders/TOKEN/bank/KEY): the shopper reaches the
	// bank from a GET, so going back from the bank returns to the order, never to a re-sent POST.
	StepKey string
}

// ErrBankStepUsed: the bank step page was shown already (the shopper came back to it from the bank, or reloaded
// it); the order page is where they continue.
var ErrBankStepUsed = apperr.New(apperr.Conflict, "checkout: the bank step was shown already", "این مرحله‌ی پرداخت گذشته است؛ وضعیت سفارش را ببینید.")

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
	} else {
		attempt.StepKey, attempt.Form = newToken(), &form
	}
	if rerr := s.store.RecordPaymentAttempt(ctx, attempt); rerr != nil {
		return Redirect{}, fmt.Errorf("checkout: record payment attempt: %w", rerr)
	}
	if err != nil {
		return Redirect{}, fmt.Errorf("checkout: %s for %s: %w", attempt.Via, o.Token, err)
	}
	return Redirect{PaymentForm: form, Order: o, Bank: o.Banks[i], StepKey: attempt.StepKey}, nil
}

// BankStep is the bank form a StartPayment recorded under key, handed out once: a second look (back from the
// bank, a reload) and an order that can no longer be paid get ErrBankStepUsed, and the shopper sees the order.
func (s *Service) BankStep(ctx context.Context, token, key string) (Redirect, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return Redirect{}, err
	}
	if !o.CanPay() {
		return Redirect{}, ErrBankStepUsed
	}
	a, ok, err := s.store.ClaimBankStep(ctx, o.ID, key, s.now())
	if err != nil {
		return Redirect{}, fmt.Errorf("checkout: bank step of %s: %w", o.Token, err)
	}
	if !ok || a.Form == nil {
		return Redirect{}, ErrBankStepUsed
	}
	r := Redirect{PaymentForm: *a.Form, Order: o, StepKey: key}
	if i := slices.IndexFunc(o.Banks, func(b Bank) bool { return b.ID == a.BankID }); i >= 0 {
		r.Bank = o.Banks[i]
	}
	return r, nil
}

// saveTries bounds how often a writer re-reads and re-applies its change after losing a race for the row; every
// loss means another writer succeeded, so running out takes that many writers on one order at once.
const saveTries = 50

// update reloads an order, lets change edit it, and saves it if change says so, re-reading and re-applying the
// change whenever another request wrote the order in between (its version moved), so no writer's fields are lost.
func (s *Service) update(ctx context.Context, token string, change func(*Order) bool) (*Order, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := s.save(ctx, o, func(o *Order) (bool, error) { return change(o), nil }); err != nil {
		return nil, fmt.Errorf("checkout: save order %s: %w", token, err)
	}
	return o, nil
}

// save applies change to o and writes it at the version o was read at. When another writer got there first, it
// reads the order again into o and applies change once more; change says whether there is still something to
// write (false leaves o as read).
func (s *Service) save(ctx context.Context, o *Order, change func(*Order) (bool, error)) error {
	for try := 1; ; try++ {
		from := o.State
		ok, err := change(o)
		if err != nil || !ok {
			return err
		}
		err = s.store.UpdateOrder(ctx, o, from)
		if !errors.Is(err, ErrStale) || try == saveTries {
			return err
		}
		fresh, err := s.store.OrderByID(ctx, o.ID)
		if err != nil {
			return err
		}
		*o = *fresh
	}
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
		if !o.CanRetry() {
			return false
		}
		o.Remainder = st.Remainder
		if !st.CanContinue {
			o.Problem = "فروتل اکنون پرداخت دوباره‌ی این سفارش را نمی‌پذیرد (وضعیت: «" + st.Label + "»). اگر پرداخت کرده‌اید، چند دقیقه‌ی دیگر همین صفحه را باز کنید؛ وگرنه برای پیگیری با فروشنده تماس بگیرید."
			return true
		}
		if o.State == StatePaymentFailed {
			if moveErr = o.moveTo(StateAwaitingPayment); moveErr != nil {
				return false
			}
		}
		o.Banks = st.Banks
		o.Retrying = true
		o.PaymentUnconfirmed = false
		o.Problem = ""
		return true
	})
	if err == nil && moveErr != nil {
		err = moveErr
	}
	return o, err
}

// ErrTooManyRefreshes: the order's download links were asked for again too often; a person can look.
var ErrTooManyRefreshes = apperr.New(apperr.RateLimited, "checkout: too many link refreshes",
	"پیوندهای این سفارش چند بار پشت سر هم درخواست شد؛ کمی بعد دوباره تلاش کنید یا با فروشنده تماس بگیرید.")

// RefreshLinks asks Frotel again for a paid virtual order's download links after links.error=1. It reads the
// already verified payment again; it never changes whether the order is paid. It costs a checkPay, so it is
// offered only while the links are missing, and only a few times per window.
func (s *Service) RefreshLinks(ctx context.Context, token string) (*Order, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return nil, err
	}
	if o.Kind != catalog.Virtual || !o.Paid() || o.LinksError == "" {
		return o, ErrCannotPay
	}
	now := s.now()
	n, err := s.store.EventsSince(ctx, o.ID, eventLinksRefresh, now.Add(-s.Settings().Limits.Window))
	if err != nil {
		return nil, fmt.Errorf("checkout: refresh links: %w", err)
	}
	if n >= s.Settings().Limits.LinkRefreshes {
		return o, ErrTooManyRefreshes
	}
	vs, err := s.store.Verifications(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("checkout: refresh links: %w", err)
	}
	for _, v := range vs {
		if !v.Verified {
			continue
		}
		if err := s.note(ctx, o, eventLinksRefresh, "shop", "پیوندهای دانلود دوباره از فروتل خواسته شد.", nil); err != nil {
			return nil, err
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
	factor = CompactFactor(factor)
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

// CompactFactor reads a factor number as a shopper may type or paste it: Persian or Arabic digits, grouped with
// dashes, spaces or other separators. It returns the digits (and letters) only; the store matches that against a
// factor id with or without its dashes.
func CompactFactor(s string) string {
	s = iran.NormalizeDigits(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) || unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
