// Package admin is the seller's dashboard in its own words: staff accounts and their sign-in (bcrypt hashes,
// server-side sessions that expire when idle, a bounded limit on failed attempts), the filter of the orders
// list, and the overview's figures. It declares the small storage interfaces it needs; internal/store
// satisfies them and internal/web shows the pages.
package admin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"shop/internal/apperr"
)

// Role says what an account may do: the owner everything, staff everything but settings and accounts.
type Role string

const (
	Owner Role = "owner"
	Staff Role = "staff"
)

// ParseRole reads a role's name.
func ParseRole(s string) (Role, error) {
	switch Role(strings.ToLower(strings.TrimSpace(s))) {
	case Owner:
		return Owner, nil
	case Staff:
		return Staff, nil
	}
	return "", fmt.Errorf("admin: unknown role %q (owner or staff)", s)
}

// Label is the role's Persian name.
func (r Role) Label() string {
	if r == Owner {
		return "مالک"
	}
	return "کارمند"
}

// Account is one person who may sign in to the dashboard.
type Account struct {
	ID           int64
	Email        string // lower case, unique
	PasswordHash string // bcrypt
	Role         Role
	CreatedAt    time.Time
	LastSignInAt time.Time // zero until the first sign-in
}

// Session is one signed-in browser. Only the hash of its token is stored.
type Session struct {
	TokenHash  string
	AccountID  int64
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// AccountStore keeps accounts and sessions. store.Store satisfies it.
type AccountStore interface {
	// SaveAccount creates the account with a.Email or, when one exists, replaces its hash and role.
	SaveAccount(ctx context.Context, a *Account) (created bool, err error)
	// AccountByEmail returns ErrNoAccount when there is none.
	AccountByEmail(ctx context.Context, email string) (*Account, error)
	AccountByID(ctx context.Context, id int64) (*Account, error)
	CountAccounts(ctx context.Context) (int64, error)
	MarkSignIn(ctx context.Context, id int64, at time.Time) error
	// ListAccounts returns every account, oldest first.
	ListAccounts(ctx context.Context) ([]*Account, error)
	// DeleteAccount removes an account and its sessions; ErrNoAccount when there is none.
	DeleteAccount(ctx context.Context, id int64) error

	CreateSession(ctx context.Context, s Session) error
	// SessionByHash returns ErrNoSession when there is none.
	SessionByHash(ctx context.Context, hash string) (Session, error)
	TouchSession(ctx context.Context, hash string, at time.Time) error
	DeleteSession(ctx context.Context, hash string) error
	// DeleteSessionsIdleSince removes every session last seen before t (browsers that never came back).
	DeleteSessionsIdleSince(ctx context.Context, t time.Time) error
}

var (
	// ErrNoAccount: no account has that e-mail (or id).
	ErrNoAccount = apperr.New(apperr.NotFound, "admin: no such account", "حسابی با این نشانی پیدا نشد.")
	// ErrNoSession: the cookie names no live session.
	ErrNoSession = errors.New("admin: no such session")
	// ErrBadCredentials: the e-mail or the password is wrong; which one is never said.
	ErrBadCredentials = apperr.New(apperr.Invalid, "admin: wrong e-mail or password", "نشانی ایمیل یا گذرواژه درست نیست.")
	// ErrInvalidAccount: an e-mail or password that cannot make an account.
	ErrInvalidAccount = apperr.New(apperr.Invalid, "admin: invalid account", "نشانی ایمیل یا گذرواژه پذیرفتنی نیست.")
)

// MinPasswordLength is the shortest password an account may have.
const MinPasswordLength = 10

// NormalizeEmail checks an address and returns it trimmed and in lower case.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", fmt.Errorf("%w: e-mail %q", ErrInvalidAccount, s)
	}
	return s, nil
}

// hashPassword hashes with bcrypt; bcrypt reads at most 72 bytes, so longer ones are refused
// rather than silently cut.
func hashPassword(password string, cost int) (string, error) {
	if len([]rune(password)) < MinPasswordLength {
		return "", fmt.Errorf("%w: the password needs at least %d characters", ErrInvalidAccount, MinPasswordLength)
	}
	if len(password) > 72 {
		return "", fmt.Errorf("%w: the password is longer than 72 bytes", ErrInvalidAccount)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", fmt.Errorf("admin: hash password: %w", err)
	}
	return string(h), nil
}

// newToken is a session token: 256 random bits.
func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("admin: crypto/rand failed: " + err.Error()) // the platform is broken
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how a session token is stored and looked up.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewPassword makes a random password for the demo owner: 26 base32 characters (130 bits), easy to type.
func NewPassword() string { return rand.Text() }
