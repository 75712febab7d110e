package checkout

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"shop/internal/geo"
)

// Settings are the seller's checkout choices. Configuration gives the first ones; the dashboard's settings page
// replaces the seller's part at runtime with UpdateSettings.
type Settings struct {
	// SendMethods are the send methods offered (those the fulfilment service quotes).
	SendMethods []SendMethod
	// FreeShippingAbove makes shipping free (free_send=1) for baskets of at least this many rials; 0 = never.
	FreeShippingAbove int64
	// CourierFee is the seller's own fixed-price courier (send type 20, post_price) in rials; 0 = none.
	CourierFee int64
	// CourierCities are the Frotel city ids the seller's courier serves.
	CourierCities []int
	// FallbackPrices are the seller's own shipping prices in rials, per send method, used only when Frotel cannot
	// quote; the quote and the order say the price is an estimate. A method without one is not offered then.
	FallbackPrices map[SendMethod]int64
	// QuoteTTL is how long a quote for the same inputs is reused.
	QuoteTTL time.Duration
	// PublicURL is the shop's public base URL; bank callbacks are built from it.
	PublicURL string
	// Limits bound what one order may cost upstream and in storage, whatever a bank or an attacker sends.
	Limits Limits
	// ReconcileGrace is how long an order may stay registering, or a payment check stay under way, before it is
	// taken for abandoned (its process died) and reconciliation settles it. It must outlast the longest Frotel
	// call with failover.
	ReconcileGrace time.Duration
	// StockHold is how long an online order holds its stock while it can be paid; reconciliation then gives it
	// back (a payment arriving later still counts, and takes it again if there is any).
	StockHold time.Duration
	// COD caps cash-on-delivery orders, each a parcel Frotel prepares and posts: past a cap, orders are saved
	// and held for the seller (StateAwaitingSeller), never dropped.
	COD CODLimits
}

// CODLimits bound cash-on-delivery orders. Zero fields take the defaults; a negative one turns that cap off.
type CODLimits struct {
	PerAddress         int           // COD orders one client address may place per Window [5]
	UnsettledPerMobile int           // COD orders of one mobile not yet shipped, delivered or cancelled [2]
	Window             time.Duration // [1h]
}

func (l CODLimits) withDefaults() CODLimits {
	if l.PerAddress == 0 {
		l.PerAddress = 5
	}
	if l.UnsettledPerMobile == 0 {
		l.UnsettledPerMobile = 2
	}
	if l.Window <= 0 {
		l.Window = time.Hour
	}
	return l
}

// Limits bound the work one order can cause over Window. Zero fields take the defaults.
type Limits struct {
	Window            time.Duration // [1h]
	ChecksPerOrder    int           // checkPay calls [10]
	CallbacksPerOrder int           // stored callback rows [60]
	LinkRefreshes     int           // download-link refreshes [5]
	// VerifyWindow is how long a payment whose checkPay keeps answering errors is asked again (with back-off)
	// before a person is told [1h]; Frotel refunds a payment it was never asked about within its own window.
	VerifyWindow time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.Window <= 0 {
		l.Window = time.Hour
	}
	if l.ChecksPerOrder <= 0 {
		l.ChecksPerOrder = 10
	}
	if l.CallbacksPerOrder <= 0 {
		l.CallbacksPerOrder = 60
	}
	if l.LinkRefreshes <= 0 {
		l.LinkRefreshes = 5
	}
	if l.VerifyWindow <= 0 {
		l.VerifyWindow = time.Hour
	}
	return l
}

// Service runs checkouts. It is safe for concurrent use.
type Service struct {
	store  Store
	fulfil Fulfilment
	geo    *geo.Directory
	// settingsMu guards settings, which the dashboard may replace while checkouts run.
	settingsMu sync.RWMutex
	settings   Settings
	now        func() time.Time
	log        *slog.Logger

	// verifyWait bounds how long a repeated callback waits for the one that is calling checkPay.
	verifyWait time.Duration
	// retryPauses are the waits before each extra checkPay when it answers an error code, inside the request
	// (two more tries within about three seconds).
	retryPauses []time.Duration
	// onVerify, when set, hears the outcome of every checkPay: verified, not_verified or unavailable (metrics).
	onVerify func(outcome string)

	// codByCode: a cash-on-delivery order waits for the buyer's mobile to be confirmed by a one-time code
	// (StateAwaitingCode) instead of the per-address and per-mobile caps (SMS is on).
	codByCode bool

	quoteMu sync.Mutex
	quotes  map[string]cachedQuote
}

// Option adjusts a Service as it is built.
type Option func(*Service)

// ObserveVerify makes fn hear the outcome of every checkPay: verified, not_verified or unavailable (metrics).
func ObserveVerify(fn func(outcome string)) Option { return func(s *Service) { s.onVerify = fn } }

// VerifyWait bounds how long a repeated callback waits for the one that is calling checkPay (20 s).
func VerifyWait(d time.Duration) Option { return func(s *Service) { s.verifyWait = d } }

// VerifyRetryPauses are the waits before each extra checkPay when it answers an error code, inside the request
// (1 s and 2 s: two more tries within about three seconds).
func VerifyRetryPauses(ds ...time.Duration) Option { return func(s *Service) { s.retryPauses = ds } }

// CODByCode makes cash-on-delivery orders of an unproven mobile wait for a one-time code instead of the caps
// (the shop can send SMS).
func CODByCode(on bool) Option { return func(s *Service) { s.codByCode = on } }

// CODByCodeOn reports whether cash-on-delivery orders wait for a one-time code.
func (s *Service) CODByCodeOn() bool { return s.codByCode }

// NewService wires a checkout service.
func NewService(st Store, f Fulfilment, dir *geo.Directory, s Settings, now func() time.Time, log *slog.Logger, opts ...Option) (*Service, error) {
	if st == nil || f == nil || dir == nil {
		return nil, errors.New("checkout: store, fulfilment and city directory are required")
	}
	if s.PublicURL == "" {
		return nil, errors.New("checkout: the shop's public URL is required for bank callbacks")
	}
	if len(s.SendMethods) == 0 {
		s.SendMethods = []SendMethod{Pishtaz, Sefareshi}
	}
	if s.QuoteTTL <= 0 {
		s.QuoteTTL = 5 * time.Minute
	}
	if s.ReconcileGrace <= 0 {
		s.ReconcileGrace = 2 * time.Minute
	}
	if s.StockHold <= 0 {
		s.StockHold = DefaultStockHold
	}
	s.Limits = s.Limits.withDefaults()
	s.COD = s.COD.withDefaults()
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	s.PublicURL = strings.TrimRight(s.PublicURL, "/")
	svc := &Service{store: st, fulfil: f, geo: dir, settings: s, now: now, log: log, verifyWait: 20 * time.Second,
		retryPauses: []time.Duration{time.Second, 2 * time.Second}, quotes: map[string]cachedQuote{}}
	for _, o := range opts {
		o(svc)
	}
	return svc, nil
}

// OrderURL is the shopper's own page of an order at the shop's public address, where payment continues; the
// admin copies it for a shopper.
func (s *Service) OrderURL(o *Order) string { return s.Settings().PublicURL + "/orders/" + o.Token }

// Settings returns the checkout's current settings.
func (s *Service) Settings() Settings {
	s.settingsMu.RLock()
	defer s.settingsMu.RUnlock()
	return s.settings
}

// UpdateSettings replaces the seller's choices (send methods, free-shipping threshold, courier, fallback prices)
// for every checkout from now on; the public URL, the quote cache's lifetime, the per-order limits and the
// reconciliation grace (environment settings, not the dashboard's) stay as the service was built.
func (s *Service) UpdateSettings(n Settings) {
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	if len(n.SendMethods) == 0 {
		n.SendMethods = []SendMethod{Pishtaz, Sefareshi}
	}
	n.PublicURL, n.QuoteTTL = s.settings.PublicURL, s.settings.QuoteTTL
	n.Limits, n.ReconcileGrace, n.COD = s.settings.Limits, s.settings.ReconcileGrace, s.settings.COD
	s.settings = n
}

// Cities is the province and city directory the checkout validates against.
func (s *Service) Cities() *geo.Directory { return s.geo }

// Order returns one order by its token.
func (s *Service) Order(ctx context.Context, token string) (*Order, error) {
	if !validToken(token) {
		return nil, ErrOrderNotFound
	}
	o, err := s.store.OrderByToken(ctx, token)
	if err != nil {
		return nil, fmt.Errorf("checkout: order: %w", err)
	}
	return o, nil
}

// Siblings returns the other orders placed from the same basket.
func (s *Service) Siblings(ctx context.Context, o *Order) ([]*Order, error) {
	all, err := s.store.OrdersInGroup(ctx, o.Group)
	if err != nil {
		return nil, fmt.Errorf("checkout: orders of group: %w", err)
	}
	var out []*Order
	for _, x := range all {
		if x.ID != o.ID {
			out = append(out, x)
		}
	}
	return out, nil
}

// History is an order's payment record: attempts, callbacks and verifications.
type History struct {
	Attempts      []PaymentAttempt
	Callbacks     []Callback
	Verifications []Verification
}

// PaymentHistory returns everything recorded about an order's payments.
func (s *Service) PaymentHistory(ctx context.Context, orderID int64) (History, error) {
	var h History
	var err error
	if h.Attempts, err = s.store.PaymentAttempts(ctx, orderID); err != nil {
		return h, fmt.Errorf("checkout: history: %w", err)
	}
	if h.Callbacks, err = s.store.Callbacks(ctx, orderID); err != nil {
		return h, fmt.Errorf("checkout: history: %w", err)
	}
	if h.Verifications, err = s.store.Verifications(ctx, orderID); err != nil {
		return h, fmt.Errorf("checkout: history: %w", err)
	}
	return h, nil
}

// newToken makes an unguessable order token: 160 random bits, base32 without padding, lower case.
func newToken() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("checkout: crypto/rand failed: " + err.Error()) // the platform is broken; nothing sensible to do
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

func validToken(t string) bool {
	if len(t) != 32 {
		return false
	}
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return true
}

// detach keeps an upstream call going when the shopper's request ends (a closed tab must not cut a register or
// checkPay call in half); the Frotel client's own timeouts still bound it.
func detach(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
