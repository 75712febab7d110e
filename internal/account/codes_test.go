package account_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"shop/internal/account"
	"shop/internal/apperr"
	"shop/internal/store/storetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newService(t *testing.T) (*account.Service, *account.DevSender, *clock, *bytes.Buffer) {
	t.Helper()
	st := storetest.Backends()[0].Open(t)
	sender := &account.DevSender{}
	clk := &clock{t: time.Now()}
	var logs bytes.Buffer
	svc, err := account.NewService(st, sender, []byte("0123456789abcdef0123456789abcdef"), account.Settings{}, clk.Now,
		slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug,
			// No time stamps: their digits could hold a five-digit code by chance.
			ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			}})))
	if err != nil {
		t.Fatal(err)
	}
	return svc, sender, clk, &logs
}

func TestCodeRightWrongExpiredSpent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const m = "09121234567"
	wrongOf := func(code string) string {
		if code == "00000" {
			return "11111"
		}
		return "00000"
	}
	t.Run("right", func(t *testing.T) {
		t.Parallel()
		svc, sender, _, logs := newService(t)
		if err := svc.SendCode(ctx, m); err != nil {
			t.Fatal(err)
		}
		code, _ := sender.LastCode(m)
		if len(code) != 5 {
			t.Fatalf("code %q", code)
		}
		if _, err := svc.CheckCode(ctx, m, code); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CheckCode(ctx, m, code); !errors.Is(err, account.ErrCodeSpent) {
			t.Fatalf("a used code again: %v", err)
		}
		if strings.Contains(logs.String(), code) || strings.Contains(logs.String(), m) {
			t.Fatalf("the log holds the code or the whole mobile:\n%s", logs)
		}
	})
	t.Run("three wrong tries spend it", func(t *testing.T) {
		t.Parallel()
		svc, sender, _, _ := newService(t)
		_ = svc.SendCode(ctx, m)
		code, _ := sender.LastCode(m)
		for _, left := range []int{2, 1} {
			v, err := svc.CheckCode(ctx, m, wrongOf(code))
			if !errors.Is(err, account.ErrWrongCode) || v.TriesLeft != left {
				t.Fatalf("wrong: %v, %d left, want %d", err, v.TriesLeft, left)
			}
		}
		if _, err := svc.CheckCode(ctx, m, wrongOf(code)); !errors.Is(err, account.ErrCodeSpent) {
			t.Fatalf("third wrong: %v", err)
		}
		if _, err := svc.CheckCode(ctx, m, code); !errors.Is(err, account.ErrCodeSpent) {
			t.Fatalf("the right code after three wrong: %v", err)
		}
	})
	t.Run("expired", func(t *testing.T) {
		t.Parallel()
		svc, sender, clk, _ := newService(t)
		_ = svc.SendCode(ctx, m)
		code, _ := sender.LastCode(m)
		clk.Add(2*time.Minute + time.Second)
		if _, err := svc.CheckCode(ctx, m, code); !errors.Is(err, account.ErrCodeSpent) {
			t.Fatalf("expired: %v", err)
		}
	})
	t.Run("five an hour", func(t *testing.T) {
		t.Parallel()
		svc, sender, clk, _ := newService(t)
		for i := range 5 {
			if err := svc.SendCode(ctx, m); err != nil {
				t.Fatalf("code %d: %v", i, err)
			}
		}
		err := svc.SendCode(ctx, m)
		if !errors.Is(err, account.ErrTooManyCodes) || apperr.CodeOf(err) != apperr.RateLimited || len(sender.Sent()) != 5 {
			t.Fatalf("sixth: %v, %d sent", err, len(sender.Sent()))
		}
		if err := svc.SendCode(ctx, "09120000000"); err != nil {
			t.Fatalf("another mobile: %v", err)
		}
		clk.Add(time.Hour + time.Second)
		if err := svc.SendCode(ctx, m); err != nil {
			t.Fatalf("an hour later: %v", err)
		}
	})
	t.Run("no code", func(t *testing.T) {
		t.Parallel()
		svc, _, _, _ := newService(t)
		if _, err := svc.CheckCode(ctx, m, "12345"); !errors.Is(err, account.ErrNoCode) {
			t.Fatal(err)
		}
	})
}

func TestSignedInLasts30Days(t *testing.T) {
	t.Parallel()
	svc, _, clk, _ := newService(t)
	at := clk.Now()
	if !svc.SignedIn(at) {
		t.Fatal("just signed in")
	}
	clk.Add(30*24*time.Hour - time.Minute)
	if !svc.SignedIn(at) {
		t.Fatal("signed out before 30 days")
	}
	clk.Add(2 * time.Minute)
	if svc.SignedIn(at) {
		t.Fatal("still signed in after 30 days")
	}
	if svc.SignedIn(time.Time{}) || svc.SignedIn(clk.Now().Add(time.Hour)) {
		t.Fatal("a zero or future sign-in holds")
	}
}
