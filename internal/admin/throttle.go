package admin

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"shop/internal/apperr"
	"shop/internal/iran"
)

// Limit is how many failed sign-ins a key may have within a window.
type Limit struct {
	Failures int
	Window   time.Duration
}

// Limits are the sign-in limits: per account (key prefix "account:") and per client address ("ip:"). An
// address gets more room than an account because an office shares one.
type Limits struct {
	Account Limit
	IP      Limit
	// MaxKeys bounds the memory: when full, expired windows are dropped first, then the oldest window.
	MaxKeys int
}

// DefaultLimits: five wrong passwords for one account, or twenty from one address, in fifteen minutes.
var DefaultLimits = Limits{
	Account: Limit{Failures: 5, Window: 15 * time.Minute},
	IP:      Limit{Failures: 20, Window: 15 * time.Minute},
	MaxKeys: 10000,
}

// Throttle counts failed sign-ins in fixed windows. It is safe for concurrent use and never holds more than
// MaxKeys counters, so a flood of made-up e-mails cannot grow it without bound.
type Throttle struct {
	limits Limits
	now    func() time.Time

	mu   sync.Mutex
	keys map[string]*window
}

type window struct {
	start    time.Time
	failures int
}

// NewThrottle makes a throttle with the given limits.
func NewThrottle(l Limits, now func() time.Time) *Throttle {
	if l.MaxKeys <= 0 {
		l.MaxKeys = DefaultLimits.MaxKeys
	}
	if now == nil {
		now = time.Now
	}
	return &Throttle{limits: l, now: now, keys: map[string]*window{}}
}

// LimitedError says that sign-in is refused until RetryAt.
type LimitedError struct{ RetryAt time.Time }

func (e *LimitedError) Error() string {
	return "admin: too many failed sign-ins; retry at " + e.RetryAt.UTC().Format(time.RFC3339)
}

func (t *Throttle) limitOf(key string) Limit {
	if strings.HasPrefix(key, "ip:") {
		return t.limits.IP
	}
	return t.limits.Account
}

// Check returns a rate-limited error (with a *LimitedError inside) when any key has used up its failures.
func (t *Throttle) Check(keys ...string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var retry time.Time
	for _, k := range keys {
		w := t.keys[k]
		l := t.limitOf(k)
		if w == nil || now.Sub(w.start) >= l.Window || w.failures < l.Failures {
			continue
		}
		if at := w.start.Add(l.Window); at.After(retry) {
			retry = at
		}
	}
	if retry.IsZero() {
		return nil
	}
	return apperr.Wrap(apperr.RateLimited, limitedMessage(now, retry), &LimitedError{RetryAt: retry})
}

// limitedMessage tells a person, in Persian, when to try again.
func limitedMessage(now, retry time.Time) string {
	minutes := int(retry.Sub(now).Round(time.Minute) / time.Minute)
	if minutes < 1 {
		minutes = 1
	}
	clock := iran.PersianDigits(retry.In(iran.Tehran).Format("15:04"))
	return fmt.Sprintf("تلاش‌های ناموفق ورود بیش از حد مجاز بود. لطفاً %s دقیقه‌ی دیگر (ساعت %s) دوباره تلاش کنید.",
		iran.FormatNumber(int64(minutes)), clock)
}

// Fail counts one failed attempt against every key.
func (t *Throttle) Fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range keys {
		w := t.keys[k]
		if w == nil || now.Sub(w.start) >= t.limitOf(k).Window {
			if w == nil && len(t.keys) >= t.limits.MaxKeys {
				t.evict(now)
			}
			w = &window{start: now}
			t.keys[k] = w
		}
		w.failures++
	}
}

// Reset forgets a key's failures (after a successful sign-in to that account).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.keys, key)
}

// Len is how many counters are held.
func (t *Throttle) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.keys)
}

// evict drops every expired window, or, when none has expired, the oldest one.
func (t *Throttle) evict(now time.Time) {
	var oldestKey string
	var oldest time.Time
	for k, w := range t.keys {
		if now.Sub(w.start) >= t.limitOf(k).Window {
			delete(t.keys, k)
			continue
		}
		if oldestKey == "" || w.start.Before(oldest) {
			oldestKey, oldest = k, w.start
		}
	}
	if len(t.keys) >= t.limits.MaxKeys && oldestKey != "" {
		delete(t.keys, oldestKey)
	}
}
