// Package account is the shopper's proof of a mobile number: one-time codes sent by SMS, checked with a bounded
// number of tries, and the orders of a mobile once it is proven. Sign-in at /account and the confirmation of a
// cash-on-delivery order both use it. Codes are stored only as an HMAC, are good for a short time and a few
// tries, and never reach a log.
package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"shop/internal/apperr"
	"shop/internal/checkout"
)

// CodeSender sends a one-time code to a mobile (internal/notify's outbox queues it and sends it at once).
type CodeSender interface {
	QueueCode(ctx context.Context, mobile, code string) error
}

// Code is one stored one-time code: its HMAC, never the digits.
type Code struct {
	ID        int64
	Mobile    string
	Hash      string
	Tries     int
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
}

// Store keeps the codes and reads a mobile's orders.
type Store interface {
	// CreateCodeWithin saves a new code unless the mobile already has max codes created at or after since;
	// the count and the insert are one transaction, so concurrent requests cannot pass the bound together.
	CreateCodeWithin(ctx context.Context, c *Code, since time.Time, max int) (bool, error)
	// LatestCode is the mobile's newest code; none is ErrNoCode.
	LatestCode(ctx context.Context, mobile string) (Code, error)
	// SpendTry counts one try at a code still unused, unexpired at now and under maxTries; false when the
	// code cannot be tried any more. Compare-and-set: two requests cannot share the last try.
	SpendTry(ctx context.Context, id int64, now time.Time, maxTries int) (bool, error)
	// UseCode marks a code used; true for exactly one caller.
	UseCode(ctx context.Context, id int64, at time.Time) (bool, error)
	// OrdersOfMobile lists up to limit orders of a mobile, newest first.
	OrdersOfMobile(ctx context.Context, mobile string, limit int) ([]*checkout.Order, error)
}

var (
	// ErrNoCode: no code was sent to this mobile (or it was cleaned away).
	ErrNoCode = apperr.New(apperr.Invalid, "account: no code for this mobile", "کدی برای این موبایل فرستاده نشده است؛ کد تازه بخواهید.")
	// ErrWrongCode: the code does not match; the shopper may try again while tries are left.
	ErrWrongCode = apperr.New(apperr.Invalid, "account: wrong code", "کد درست نیست.")
	// ErrCodeSpent: the code expired, was used, or its tries are over; a new one is needed.
	ErrCodeSpent = apperr.New(apperr.Invalid, "account: code expired or out of tries", "این کد دیگر پذیرفته نمی‌شود (زمانش گذشته یا سه بار اشتباه وارد شده است)؛ کد تازه بخواهید.")
	// ErrTooManyCodes: the mobile had its codes for this hour.
	ErrTooManyCodes = apperr.New(apperr.RateLimited, "account: too many codes for this mobile", "برای این موبایل در یک ساعت گذشته کد زیادی فرستاده شده است؛ کمی بعد دوباره تلاش کنید.")
)

// Settings bound the codes. Zero fields take the defaults.
type Settings struct {
	TTL      time.Duration // how long a code is good [2m]
	Tries    int           // wrong tries before a code is spent [3]
	PerHour  int           // codes per mobile per hour [5]
	Remember time.Duration // how long a signed-in browser stays signed in [30 days]
}

func (s Settings) withDefaults() Settings {
	if s.TTL <= 0 {
		s.TTL = 2 * time.Minute
	}
	if s.Tries <= 0 {
		s.Tries = 3
	}
	if s.PerHour <= 0 {
		s.PerHour = 5
	}
	if s.Remember <= 0 {
		s.Remember = 30 * 24 * time.Hour
	}
	return s
}

// Service sends and checks one-time codes. It is safe for concurrent use.
type Service struct {
	store    Store
	sender   CodeSender
	key      []byte
	settings Settings
	now      func() time.Time
	log      *slog.Logger
	// codes makes the digits; crypto/rand unless a test replaces it.
	codes func() (string, error)
}

// NewService wires the code service; key is the HMAC key the codes are stored under (derived from the session
// secret by the caller).
func NewService(st Store, sender CodeSender, key []byte, s Settings, now func() time.Time, log *slog.Logger) (*Service, error) {
	if st == nil || sender == nil || len(key) < 16 {
		return nil, errors.New("account: store, sender and a key of at least 16 bytes are required")
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{store: st, sender: sender, key: key, settings: s.withDefaults(), now: now, log: log, codes: randomCode}, nil
}

// Settings are the service's bounds with defaults applied.
func (s *Service) Settings() Settings { return s.settings }

// CodeDigits is the length of a code.
const CodeDigits = 5

func randomCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000))
	if err != nil {
		return "", fmt.Errorf("account: random code: %w", err)
	}
	return fmt.Sprintf("%05d", n.Int64()), nil
}

func (s *Service) hash(mobile, code string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(mobile + "\x00" + code))
	return hex.EncodeToString(m.Sum(nil))
}

// SendCode makes a new code for a mobile (normalised 09XXXXXXXXX), stores its hash and hands the digits to the
// sender. Past the hourly bound it is ErrTooManyCodes and nothing is sent.
func (s *Service) SendCode(ctx context.Context, mobile string) error {
	digits, err := s.codes()
	if err != nil {
		return err
	}
	now := s.now()
	c := &Code{Mobile: mobile, Hash: s.hash(mobile, digits), CreatedAt: now, ExpiresAt: now.Add(s.settings.TTL)}
	ok, err := s.store.CreateCodeWithin(ctx, c, now.Add(-time.Hour), s.settings.PerHour)
	if err != nil {
		return fmt.Errorf("account: save code: %w", err)
	}
	if !ok {
		s.log.WarnContext(ctx, "account: hourly code bound reached", "mobile", maskMobile(mobile))
		return ErrTooManyCodes
	}
	if err := s.sender.QueueCode(ctx, mobile, digits); err != nil {
		return fmt.Errorf("account: send code: %w", err)
	}
	s.log.InfoContext(ctx, "account: code sent", "mobile", maskMobile(mobile), "code_id", c.ID)
	return nil
}

// Verification is what checking a code found: on a wrong code, how many tries are left.
type Verification struct {
	TriesLeft int
}

// CheckCode checks a typed code against the mobile's newest one. Each check spends a try first (so guesses are
// bounded even when they race); a right code is used once. ErrWrongCode carries the tries left in the returned
// Verification; ErrCodeSpent and ErrNoCode mean a new code is needed.
func (s *Service) CheckCode(ctx context.Context, mobile, code string) (Verification, error) {
	c, err := s.store.LatestCode(ctx, mobile)
	if err != nil {
		return Verification{}, err
	}
	now := s.now()
	ok, err := s.store.SpendTry(ctx, c.ID, now, s.settings.Tries)
	if err != nil {
		return Verification{}, fmt.Errorf("account: spend try: %w", err)
	}
	if !ok {
		return Verification{}, ErrCodeSpent
	}
	left := s.settings.Tries - c.Tries - 1
	if !hmac.Equal([]byte(c.Hash), []byte(s.hash(mobile, code))) {
		s.log.InfoContext(ctx, "account: wrong code", "mobile", maskMobile(mobile), "code_id", c.ID, "tries_left", left)
		if left <= 0 {
			return Verification{}, ErrCodeSpent
		}
		return Verification{TriesLeft: left}, ErrWrongCode
	}
	used, err := s.store.UseCode(ctx, c.ID, now)
	if err != nil {
		return Verification{}, fmt.Errorf("account: use code: %w", err)
	}
	if !used {
		return Verification{}, ErrCodeSpent
	}
	s.log.InfoContext(ctx, "account: mobile confirmed", "mobile", maskMobile(mobile), "code_id", c.ID)
	return Verification{}, nil
}

// maxListed bounds a mobile's order list: years of a regular shopper's orders.
const maxListed = 100

// Orders lists a proven mobile's orders, newest first.
func (s *Service) Orders(ctx context.Context, mobile string) ([]*checkout.Order, error) {
	os, err := s.store.OrdersOfMobile(ctx, mobile, maxListed)
	if err != nil {
		return nil, fmt.Errorf("account: orders: %w", err)
	}
	return os, nil
}

// SignedIn reports whether a sign-in made at `at` still holds now.
func (s *Service) SignedIn(at time.Time) bool {
	return !at.IsZero() && !at.After(s.now().Add(time.Minute)) && s.now().Sub(at) < s.settings.Remember
}

// Now is the service's clock (a sign-in is stamped with it).
func (s *Service) Now() time.Time { return s.now() }

// maskMobile keeps a log line useful without the whole number: 0912***4567.
func maskMobile(m string) string {
	if len(m) != 11 {
		return "***"
	}
	return m[:4] + "***" + m[7:]
}
