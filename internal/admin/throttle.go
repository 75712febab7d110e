package admin

import (
	"fmt"
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

// Backoff slows sign-in to one account once it has had Free failures within Window, from any addresses: each
// password check of that account then waits its turn, spaced Base apart, doubling with every further failure up
// to Max. It never refuses by itself, so a stranger's guesses cannot lock the owner out: the owner's right
// password from another address waits a little and passes. Only a queue longer than MaxWait is refused.
type Backoff struct {
	Free    int
	Window  time.Duration
	Base    time.Duration
	Max     time.Duration
	MaxWait time.Duration
}

// Limits are the sign-in limits. The hard ones count failures per (account, address) (Account) and per address
// (IP); an address gets more room than a pair because an office shares one. Account-wide, Backoff slows guessing
// spread over many addresses.
type Limits struct {
	Account Limit
	IP      Limit
	Backoff Backoff
	// MaxKeys bounds the memory: when full, expired windows are dropped first, then the oldest window.
	MaxKeys int
}

// DefaultLimits: five wrong passwords for one account from one address, or twenty from one address, in fifteen
// minutes; past five failures of an account from anywhere, its checks are spaced 1 s apart, doubling up to 30 s.
var DefaultLimits = Limits{
	Account: Limit{Failures: 5, Window: 15 * time.Minute},
	IP:      Limit{Failures: 20, Window: 15 * time.Minute},
	Backoff: Backoff{Free: 5, Window: 15 * time.Minute, Base: time.Second, Max: 30 * time.Second, MaxWait: time.Minute},
	MaxKeys: 10000,
}

// recentFailures is how many failed sign-ins the dashboard's overview can list.
const recentFailures = 20

// Failure is one failed sign-in, for the dashboard's overview.
type Failure struct {
	At    time.Time
	Email string
	IP    string
}

// Throttle counts sign-in attempts in fixed windows. An attempt is reserved (counted as a failure) before the
// password is checked and given back only when it succeeds, so however many arrive at once, at most the limit is
// ever checked. It is safe for concurrent use and never holds more than MaxKeys counters, so a flood of made-up
// e-mails cannot grow it without bound.
type Throttle struct {
	limits Limits
	now    func() time.Time

	mu     sync.Mutex
	keys   map[string]*window
	recent []Failure // newest last, at most recentFailures
}

type window struct {
	start    time.Time
	failures int       // failures and reservations in the window
	next     time.Time // account keys: when the next check may start
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

// Attempt is one reserved sign-in attempt: counted against its pair and address until it succeeds.
type Attempt struct {
	pair, ip, account string
	pairStart         time.Time
	ipStart           time.Time
	// Wait is how long the account's back-off asks this attempt to wait before the password is checked.
	Wait time.Duration
}

func pairKey(account, ip string) string { return "pair:" + account + "\x00" + ip }

// live returns the key's window, starting a new one when there is none or it has passed.
func (t *Throttle) live(key string, span time.Duration, now time.Time) *window {
	w := t.keys[key]
	if w == nil || now.Sub(w.start) >= span {
		if w == nil && len(t.keys) >= t.limits.MaxKeys {
			t.evict(now)
		}
		w = &window{start: now}
		t.keys[key] = w
	}
	return w
}

// Begin reserves an attempt to sign in to account from ip, or returns a rate-limited error (with a *LimitedError
// inside) when the pair or the address has used up its failures, or the account's queue is too long.
func (t *Throttle) Begin(account, ip string) (*Attempt, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	l := t.limits
	a := &Attempt{pair: pairKey(account, ip), ip: "ip:" + ip, account: "account:" + account}
	var retry time.Time
	for _, c := range []struct {
		key   string
		limit Limit
	}{{a.pair, l.Account}, {a.ip, l.IP}} {
		if w := t.keys[c.key]; w != nil && now.Sub(w.start) < c.limit.Window && w.failures >= c.limit.Failures {
			if at := w.start.Add(c.limit.Window); at.After(retry) {
				retry = at
			}
		}
	}
	if retry.IsZero() && l.Backoff.Free > 0 {
		if w := t.keys[a.account]; w != nil && now.Sub(w.start) < l.Backoff.Window && w.failures >= l.Backoff.Free {
			slot := now
			if w.next.After(now) {
				slot = w.next
			}
			if l.Backoff.MaxWait > 0 && slot.Sub(now) > l.Backoff.MaxWait {
				retry = slot
			} else {
				a.Wait = slot.Sub(now)
				w.next = slot.Add(backoffDelay(l.Backoff, w.failures))
			}
		}
	}
	if !retry.IsZero() {
		return nil, apperr.Wrap(apperr.RateLimited, limitedMessage(now, retry), &LimitedError{RetryAt: retry})
	}
	pw := t.live(a.pair, l.Account.Window, now)
	pw.failures++
	iw := t.live(a.ip, l.IP.Window, now)
	iw.failures++
	a.pairStart, a.ipStart = pw.start, iw.start
	return a, nil
}

// backoffDelay is the spacing after failures failures: Base, doubling with each failure past Free, at most Max.
func backoffDelay(b Backoff, failures int) time.Duration {
	d := b.Base
	for i := b.Free; i < failures && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Succeeded gives the attempt back: the pair's failures are forgotten and the address's reservation returned.
func (t *Throttle) Succeeded(a *Attempt) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.keys, a.pair)
	t.unreserve(a.ip, a.ipStart)
}

// Abandoned gives the attempt back without a verdict (the password was never checked).
func (t *Throttle) Abandoned(a *Attempt) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.unreserve(a.pair, a.pairStart)
	t.unreserve(a.ip, a.ipStart)
}

func (t *Throttle) unreserve(key string, start time.Time) {
	if w := t.keys[key]; w != nil && w.start.Equal(start) && w.failures > 0 {
		w.failures--
	}
}

// Failed keeps the attempt counted, counts it against the account's back-off, and remembers it for the overview.
func (t *Throttle) Failed(a *Attempt, email, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if t.limits.Backoff.Free > 0 {
		t.live(a.account, t.limits.Backoff.Window, now).failures++
	}
	t.recent = append(t.recent, Failure{At: now, Email: email, IP: ip})
	if len(t.recent) > recentFailures {
		t.recent = append(t.recent[:0], t.recent[len(t.recent)-recentFailures:]...)
	}
}

// RecentFailures lists the latest failed sign-ins, newest first.
func (t *Throttle) RecentFailures() []Failure {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Failure, 0, len(t.recent))
	for i := len(t.recent) - 1; i >= 0; i-- {
		out = append(out, t.recent[i])
	}
	return out
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

// Len is how many counters are held.
func (t *Throttle) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.keys)
}

// windowOf is the window of a key by its prefix.
func (t *Throttle) windowOf(key string) time.Duration {
	switch {
	case len(key) > 3 && key[:3] == "ip:":
		return t.limits.IP.Window
	case len(key) > 8 && key[:8] == "account:":
		return t.limits.Backoff.Window
	}
	return t.limits.Account.Window
}

// evict drops every expired window, or, when none has expired, the oldest one.
func (t *Throttle) evict(now time.Time) {
	var oldestKey string
	var oldest time.Time
	for k, w := range t.keys {
		if now.Sub(w.start) >= t.windowOf(k) && !w.next.After(now) {
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
