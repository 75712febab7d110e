package admin_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"shop/internal/admin"
	"shop/internal/apperr"
	"shop/internal/store"
)

const ownerPassword = "the owner's long password"

func newOwner(t *testing.T) (*admin.Service, *clock) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	c := &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	// The back-off's waits move the test's clock instead of the wall clock.
	svc := admin.NewService(st, 30*time.Minute, c.Now, admin.WithHashCost(bcrypt.MinCost),
		admin.WithSleep(func(_ context.Context, d time.Duration) error { c.Advance(d); return nil }))
	if _, err := svc.SaveAccount(context.Background(), "owner@shop.test", ownerPassword, admin.Owner); err != nil {
		t.Fatal(err)
	}
	return svc, c
}

// A hundred wrong passwords for one account sent at once from one address: each attempt is reserved before its
// password is checked, so no more than the limit are ever checked (the others are answered 429 unchecked).
func TestParallelGuessesCheckAtMostTheLimit(t *testing.T) {
	t.Parallel()
	svc, _ := newOwner(t)
	var checked, limited atomic.Int32
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			_, _, err := svc.SignIn(context.Background(), "owner@shop.test", "a wrong guess", "203.0.113.9")
			switch {
			case errors.Is(err, admin.ErrBadCredentials):
				checked.Add(1) // only a checked password can be called wrong
			case apperr.CodeOf(err) == apperr.RateLimited:
				limited.Add(1)
			default:
				t.Errorf("sign in: %v", err)
			}
		})
	}
	wg.Wait()
	t.Logf("%d of 100 parallel wrong passwords were checked, %d refused unchecked", checked.Load(), limited.Load())
	if n := int(checked.Load()); n > admin.DefaultLimits.Account.Failures {
		t.Errorf("%d passwords checked, limit %d", n, admin.DefaultLimits.Account.Failures)
	}
}

// Five wrong passwords from a stranger's address must not lock the owner out: the owner's right password from
// another address passes (after the account's short back-off), again and again, while the stranger stays refused.
func TestStrangerCannotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	svc, c := newOwner(t)
	ctx := context.Background()
	for round := range 3 {
		for i := range admin.DefaultLimits.Account.Failures {
			if _, _, err := svc.SignIn(ctx, "owner@shop.test", "a wrong guess", "198.51.100.7"); !errors.Is(err, admin.ErrBadCredentials) {
				t.Fatalf("round %d, stranger's guess %d: %v", round, i+1, err)
			}
		}
		if _, _, err := svc.SignIn(ctx, "owner@shop.test", "another guess", "198.51.100.7"); apperr.CodeOf(err) != apperr.RateLimited {
			t.Fatalf("round %d: the stranger's sixth guess: %v, want 429", round, err)
		}
		if _, _, err := svc.SignIn(ctx, "owner@shop.test", ownerPassword, "192.0.2.44"); err != nil {
			t.Fatalf("round %d: the owner from their own address: %v", round, err)
		}
		c.Advance(admin.DefaultLimits.Account.Window) // the stranger comes back when the window has passed
	}
	if got := svc.Limits.RecentFailures(); len(got) != 3*admin.DefaultLimits.Account.Failures || got[0].IP != "198.51.100.7" || got[0].Email != "owner@shop.test" {
		t.Errorf("recent failures = %+v", got)
	}
}
