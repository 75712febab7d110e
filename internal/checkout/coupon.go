package checkout

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"shop/internal/apperr"
	"shop/internal/iran"
)

// Coupon is a Frotel coupon the shopper typed at checkout, as checkCoupon described it. Its efficacy is a
// percentage of the goods ("10%") or an amount in rials off them ("500000"), read the way the official WooCommerce
// plugin reads it.
type Coupon struct {
	Code     string
	Efficacy string // verbatim, for the admin
	Percent  int64  // set for a percentage
	Amount   int64  // rials, set for an amount
}

// IsZero reports whether no coupon is used.
func (c Coupon) IsZero() bool { return c.Code == "" }

// DiscountOn is what the coupon takes off goods worth total rials, rounded as Frotel rounds a percentage (half
// up); never more than the goods.
func (c Coupon) DiscountOn(total int64) int64 {
	if c.IsZero() || total <= 0 {
		return 0
	}
	if c.Percent > 0 {
		return min((total*c.Percent+50)/100, total)
	}
	return min(c.Amount, total)
}

// Label is the efficacy in words for the bill: «۱۰٪» is left to the page; this says which kind it is.
func (c Coupon) Label() string {
	if c.Percent > 0 {
		return fmt.Sprintf("%d%%", c.Percent)
	}
	return strconv.FormatInt(c.Amount, 10)
}

// ParseEfficacy reads checkCoupon's efficacy: "10%" (or "10 %", "٪۱۰") is a percentage, a bare number an amount
// in rials. Anything else, or nothing, is not a usable coupon.
func ParseEfficacy(s string) (percent, amount int64, ok bool) {
	s = strings.TrimSpace(iran.NormalizeDigits(s))
	s = strings.ReplaceAll(s, "٪", "%")
	pct := strings.Contains(s, "%")
	s = strings.TrimSpace(strings.ReplaceAll(s, "%", ""))
	s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "٬", "")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, 0, false
	}
	if pct {
		if n > 100 {
			return 0, 0, false
		}
		return n, 0, true
	}
	return 0, n, true
}

var (
	// ErrCouponRefused: Frotel does not accept the code (unknown, expired, used up). The order can be placed
	// without it.
	ErrCouponRefused = apperr.New(apperr.Invalid, "checkout: coupon refused", "این کد تخفیف پذیرفته نشد (نادرست است یا مهلتش گذشته). می‌توانید کد را پاک کنید و بدون آن سفارش دهید.")
	// ErrCouponUnavailable: the coupon could not be checked now.
	ErrCouponUnavailable = apperr.New(apperr.Unavailable, "checkout: coupon could not be checked", "بررسی کد تخفیف اکنون ممکن نشد. کمی بعد دوباره تلاش کنید، یا کد را پاک کنید و بدون آن سفارش دهید.")
)

// NormalizeCoupon is a coupon code as typed, trimmed and with Persian digits made ASCII; "" means none.
func NormalizeCoupon(code string) string {
	return strings.TrimSpace(iran.NormalizeDigits(code))
}

// CheckCoupon asks Frotel (checkCoupon) whether a code is usable and what it takes off. A refusal carries
// Frotel's own words after ours.
func (s *Service) CheckCoupon(ctx context.Context, code string) (Coupon, error) {
	code = NormalizeCoupon(code)
	if code == "" {
		return Coupon{}, nil
	}
	if len(code) > 64 || strings.ContainsAny(code, "\r\n\t") {
		return Coupon{}, ErrCouponRefused
	}
	c, err := s.fulfil.CheckCoupon(ctx, code)
	switch {
	case errors.Is(err, ErrRefused):
		msg := ErrCouponRefused.Message
		if up := strings.TrimSpace(apperr.MessageOf(err)); up != "" && up != ErrRefused.Message {
			msg = "این کد تخفیف پذیرفته نشد: «" + strings.TrimRight(up, ".") + "». می‌توانید کد را پاک کنید و بدون آن سفارش دهید."
		}
		return Coupon{}, apperr.Wrap(apperr.Invalid, msg, fmt.Errorf("%w: %w", ErrCouponRefused, err))
	case err != nil:
		return Coupon{}, fmt.Errorf("%w: %w", ErrCouponUnavailable, err)
	}
	pct, amount, ok := ParseEfficacy(c.Efficacy)
	if !ok {
		s.log.Warn("checkout: checkCoupon gave an efficacy the shop cannot read", "code", code, "efficacy", c.Efficacy)
		return Coupon{}, fmt.Errorf("%w: efficacy %q", ErrCouponRefused, c.Efficacy)
	}
	return Coupon{Code: code, Efficacy: c.Efficacy, Percent: pct, Amount: amount}, nil
}
