package admin_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"shop/internal/admin"
	"shop/internal/apperr"
	"shop/internal/iran"
	"shop/internal/store"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newService(t *testing.T) (*admin.Service, *clock) {
	svc, c, _ := newServiceStore(t)
	return svc, c
}

func newServiceStore(t *testing.T) (*admin.Service, *clock, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	c := &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	svc := admin.NewService(st, 30*time.Minute, c.Now)
	svc.HashCost = bcrypt.MinCost
	return svc, c, st
}

func TestSaveAccountValidates(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, email, password string
		role                  admin.Role
		ok                    bool
	}{
		{"owner", "Owner@Shop.test ", "a long password", admin.Owner, true},
		{"staff", "staff@shop.test", "another password", admin.Staff, true},
		{"short password", "x@shop.test", "short", admin.Owner, false},
		{"not an address", "owner", "a long password", admin.Owner, false},
		{"display name", "Owner <o@shop.test>", "a long password", admin.Owner, false},
		{"unknown role", "y@shop.test", "a long password", admin.Role("root"), false},
	} {
		_, err := svc.SaveAccount(ctx, tc.email, tc.password, tc.role)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.name, err, tc.ok)
		}
		if err != nil && !errors.Is(err, admin.ErrInvalidAccount) {
			t.Errorf("%s: err = %v, want ErrInvalidAccount", tc.name, err)
		}
	}
}

func TestSignInSessionsAndReset(t *testing.T) {
	t.Parallel()
	svc, c, st := newServiceStore(t)
	ctx := context.Background()
	if created, err := svc.SaveAccount(ctx, "owner@shop.test", "first password", admin.Owner); err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	if _, _, err := svc.SignIn(ctx, "owner@shop.test", "wrong password", "10.0.0.1"); !errors.Is(err, admin.ErrBadCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, _, err := svc.SignIn(ctx, "nobody@shop.test", "first password", "10.0.0.1"); !errors.Is(err, admin.ErrBadCredentials) {
		t.Fatalf("unknown e-mail: %v", err)
	}
	tok1, a, err := svc.SignIn(ctx, "OWNER@shop.test", "first password", "10.0.0.1")
	if err != nil || a.Role != admin.Owner || a.LastSignInAt.IsZero() {
		t.Fatalf("sign in: %v %+v", err, a)
	}
	tok2, _, err := svc.SignIn(ctx, "owner@shop.test", "first password", "10.0.0.2")
	if err != nil || tok2 == tok1 {
		t.Fatalf("second sign-in must get a new token: %v", err)
	}
	if _, err := svc.Authenticate(ctx, tok1); err != nil {
		t.Fatalf("authenticate: %v", err)
	}
	// Idle expiry: 29 minutes of quiet is fine and renews; 31 more ends the session.
	c.Advance(29 * time.Minute)
	if _, err := svc.Authenticate(ctx, tok1); err != nil {
		t.Fatalf("after 29 idle minutes: %v", err)
	}
	c.Advance(31 * time.Minute)
	if _, err := svc.Authenticate(ctx, tok1); !errors.Is(err, admin.ErrNoSession) {
		t.Fatalf("after 31 idle minutes: %v, want ErrNoSession", err)
	}
	// tok2 was idle the whole hour; the next sign-in sweeps it from the table.
	tok3, _, _ := svc.SignIn(ctx, "owner@shop.test", "first password", "10.0.0.1")
	if _, err := st.SessionByHash(ctx, admin.HashToken(tok2)); !errors.Is(err, admin.ErrNoSession) {
		t.Fatalf("tok2's idle session is still stored: %v", err)
	}
	if err := svc.SignOut(ctx, tok3); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, tok3); !errors.Is(err, admin.ErrNoSession) {
		t.Fatalf("after sign-out: %v", err)
	}
	// A new password ends every session and makes the old password useless.
	tok4, _, _ := svc.SignIn(ctx, "owner@shop.test", "first password", "10.0.0.1")
	if created, err := svc.SaveAccount(ctx, "owner@shop.test", "second password", admin.Staff); err != nil || created {
		t.Fatalf("reset: %v %v", created, err)
	}
	if _, err := svc.Authenticate(ctx, tok4); !errors.Is(err, admin.ErrNoSession) {
		t.Fatalf("session survived a password reset: %v", err)
	}
	if _, a, err := svc.SignIn(ctx, "owner@shop.test", "second password", "10.0.0.1"); err != nil || a.Role != admin.Staff {
		t.Fatalf("new password: %v", err)
	}
	for _, tok := range []string{"", "made-up"} {
		if _, err := svc.Authenticate(ctx, tok); !errors.Is(err, admin.ErrNoSession) {
			t.Errorf("token %q: %v", tok, err)
		}
	}
}

func TestEnsureOwnerOnlyOnAnEmptyShop(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	ctx := context.Background()
	pw, ok, err := svc.EnsureOwner(ctx, "owner@shop.test")
	if err != nil || !ok || len(pw) < admin.MinPasswordLength {
		t.Fatalf("first: %q %v %v", pw, ok, err)
	}
	if _, _, err := svc.SignIn(ctx, "owner@shop.test", pw, "1.1.1.1"); err != nil {
		t.Fatalf("sign in with the printed password: %v", err)
	}
	if _, ok, err := svc.EnsureOwner(ctx, "owner@shop.test"); err != nil || ok {
		t.Fatalf("second: %v %v; want nothing created", ok, err)
	}
}

var persian = regexp.MustCompile(`\p{Arabic}`)

func TestThrottle(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	limits := admin.Limits{Account: admin.Limit{Failures: 3, Window: 10 * time.Minute},
		IP: admin.Limit{Failures: 5, Window: 10 * time.Minute}, MaxKeys: 50}
	th := admin.NewThrottle(limits, c.Now)
	fail := func(account, ip string) error {
		a, err := th.Begin(account, ip)
		if err == nil {
			th.Failed(a, account, ip)
		}
		return err
	}
	for i := range 3 {
		if err := fail("a@shop.test", "10.0.0.1"); err != nil {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
	}
	_, err := th.Begin("a@shop.test", "10.0.0.1")
	var limited *admin.LimitedError
	if !errors.As(err, &limited) || apperr.CodeOf(err) != apperr.RateLimited {
		t.Fatalf("fourth attempt: %v, want rate limited", err)
	}
	if want := c.Now().Add(10 * time.Minute); !limited.RetryAt.Equal(want) {
		t.Errorf("RetryAt = %v, want %v", limited.RetryAt, want)
	}
	if msg := apperr.MessageOf(err); !persian.MatchString(msg) || !regexp.MustCompile(iran.FormatNumber(10)).MatchString(msg) {
		t.Errorf("message %q should say in Persian to wait 10 minutes", msg)
	}
	// Other accounts from the same address still have the address's two remaining failures.
	if err := fail("b@shop.test", "10.0.0.1"); err != nil {
		t.Errorf("another account refused: %v", err)
	}
	_ = fail("c@shop.test", "10.0.0.1")
	if _, err := th.Begin("d@shop.test", "10.0.0.1"); err == nil {
		t.Error("the address is over its limit and still let in")
	}
	// The same account from another address is not refused: the hard limit is per (account, address).
	if a, err := th.Begin("a@shop.test", "10.0.0.2"); err != nil {
		t.Errorf("the account from a fresh address: %v", err)
	} else {
		th.Succeeded(a)
	}
	c.Advance(10 * time.Minute)
	if _, err := th.Begin("a@shop.test", "10.0.0.1"); err != nil {
		t.Errorf("after the window: %v", err)
	}
	// Memory stays bounded whatever is sprayed at it.
	for i := range 500 {
		_ = fail(fmt.Sprintf("spray%d@shop.test", i), fmt.Sprintf("10.1.%d.%d", i/250, i%250))
	}
	if n := th.Len(); n > limits.MaxKeys {
		t.Errorf("%d counters held, bound is %d", n, limits.MaxKeys)
	}
}
