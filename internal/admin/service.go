package admin

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Service signs staff in and out and keeps their accounts. It is safe for concurrent use.
type Service struct {
	store AccountStore
	// Idle is how long a session lives without a request.
	Idle time.Duration
	// Limits bounds failed sign-in attempts per account and per address.
	Limits *Throttle
	// HashCost is bcrypt's cost for new hashes (bcrypt.DefaultCost); tests lower it to stay quick under -race.
	HashCost int
	now      func() time.Time

	// dummyHash is compared against when the e-mail is unknown, so that a wrong e-mail takes as long as a
	// wrong password and the timing does not tell which accounts exist. Made once, at HashCost.
	dummyOnce sync.Once
	dummyHash []byte
}

// Option adjusts a Service as it is built.
type Option func(*Service)

// WithHashCost sets bcrypt's cost for new hashes; 0 keeps bcrypt.DefaultCost (tests lower it to stay quick).
func WithHashCost(cost int) Option {
	return func(s *Service) {
		if cost > 0 {
			s.HashCost = cost
		}
	}
}

// NewService wires the accounts service; idle <= 0 means 30 minutes.
func NewService(st AccountStore, idle time.Duration, now func() time.Time, opts ...Option) *Service {
	if idle <= 0 {
		idle = 30 * time.Minute
	}
	if now == nil {
		now = time.Now
	}
	s := &Service{store: st, Idle: idle, Limits: NewThrottle(DefaultLimits, now), HashCost: bcrypt.DefaultCost, now: now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// SaveAccount creates the account or, if the e-mail already has one, sets its password and role.
func (s *Service) SaveAccount(ctx context.Context, email, password string, role Role) (created bool, err error) {
	email, err = NormalizeEmail(email)
	if err != nil {
		return false, err
	}
	if role != Owner && role != Staff {
		return false, fmt.Errorf("%w: role %q", ErrInvalidAccount, role)
	}
	hash, err := hashPassword(password, s.HashCost)
	if err != nil {
		return false, err
	}
	a := &Account{Email: email, PasswordHash: hash, Role: role, CreatedAt: s.now()}
	created, err = s.store.SaveAccount(ctx, a)
	if err != nil {
		return false, fmt.Errorf("admin: save account %s: %w", email, err)
	}
	return created, nil
}

// EnsureOwner creates an owner with a new random password when the shop has no account at all, and returns the
// password (to be shown once); ok is false when accounts already exist.
func (s *Service) EnsureOwner(ctx context.Context, email string) (password string, ok bool, err error) {
	n, err := s.store.CountAccounts(ctx)
	if err != nil || n > 0 {
		return "", false, err
	}
	password = NewPassword()
	if _, err := s.SaveAccount(ctx, email, password, Owner); err != nil {
		return "", false, err
	}
	return password, true, nil
}

// SignIn checks the password and, when it is right, opens a new session and returns its token for the cookie.
// A new token at every sign-in is what rotates the session id. Failed attempts count against the account and
// the address; once either is over its limit the answer is a *LimitedError until the window passes.
func (s *Service) SignIn(ctx context.Context, email, password, ip string) (token string, a *Account, err error) {
	email, _ = NormalizeEmail(email) // an invalid address simply matches no account
	keys := []string{"account:" + email, "ip:" + ip}
	if err := s.Limits.Check(keys...); err != nil {
		return "", nil, err
	}
	a, err = s.store.AccountByEmail(ctx, email)
	switch {
	case errors.Is(err, ErrNoAccount):
		s.dummyOnce.Do(func() {
			s.dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no account has this password"), s.HashCost)
		})
		_ = bcrypt.CompareHashAndPassword(s.dummyHash, []byte(password))
		s.Limits.Fail(keys...)
		return "", nil, ErrBadCredentials
	case err != nil:
		return "", nil, fmt.Errorf("admin: sign in: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(a.PasswordHash), []byte(password)) != nil {
		s.Limits.Fail(keys...)
		return "", nil, ErrBadCredentials
	}
	s.Limits.Reset(keys[0])
	now := s.now()
	token = newToken()
	if err := s.store.CreateSession(ctx, Session{TokenHash: HashToken(token), AccountID: a.ID, CreatedAt: now, LastSeenAt: now}); err != nil {
		return "", nil, fmt.Errorf("admin: sign in: %w", err)
	}
	if err := s.store.MarkSignIn(ctx, a.ID, now); err != nil {
		return "", nil, fmt.Errorf("admin: sign in: %w", err)
	}
	// Sessions of browsers that never came back would otherwise stay in the table for ever; sign-ins are rare
	// enough to sweep them here.
	if err := s.store.DeleteSessionsIdleSince(ctx, now.Add(-s.Idle)); err != nil {
		return "", nil, fmt.Errorf("admin: sign in: %w", err)
	}
	a.LastSignInAt = now
	return token, a, nil
}

// touchEvery spares the database a write on every request: a session's last-seen time moves at most this often.
const touchEvery = time.Minute

// Authenticate returns the account a session token belongs to, or ErrNoSession when the token is unknown or the
// session has been idle for longer than Idle (it is then deleted).
func (s *Service) Authenticate(ctx context.Context, token string) (*Account, error) {
	if token == "" {
		return nil, ErrNoSession
	}
	hash := HashToken(token)
	sess, err := s.store.SessionByHash(ctx, hash)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if now.Sub(sess.LastSeenAt) > s.Idle {
		if err := s.store.DeleteSession(ctx, hash); err != nil {
			return nil, fmt.Errorf("admin: expire session: %w", err)
		}
		return nil, ErrNoSession
	}
	a, err := s.store.AccountByID(ctx, sess.AccountID)
	if errors.Is(err, ErrNoAccount) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("admin: session account: %w", err)
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			return nil, fmt.Errorf("admin: touch session: %w", err)
		}
	}
	return a, nil
}

// SignOut ends the session of a token.
func (s *Service) SignOut(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	if err := s.store.DeleteSession(ctx, HashToken(token)); err != nil {
		return fmt.Errorf("admin: sign out: %w", err)
	}
	return nil
}
