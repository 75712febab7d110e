package notify_test

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/notify"
	"shop/internal/sms"
	"shop/internal/sms/smstest"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// clock is a settable clock.
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

// syncBuffer is a log sink the sender may write from any goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type rig struct {
	st       *store.Store
	k        *smstest.Kavenegar
	clock    *clock
	sender   *notify.Sender
	log      *syncBuffer
	mu       sync.Mutex
	outcomes []string // what Observe was told
}

func newRig(t *testing.T, b storetest.Backend, template string) *rig {
	t.Helper()
	st, err := store.Open(b.NewDSN(t), store.WithNotify(notify.Config{SMS: true, Base: "https://shop.example", ShopName: "فروشگاه"}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	k := smstest.NewKavenegar(t)
	p, err := sms.Open("kavenegar", sms.Settings{URL: k.URL, APIKey: smstest.APIKey, OTPTemplate: template})
	if err != nil {
		t.Fatal(err)
	}
	// The store stamps the rows it queues with the real time: the sender's clock starts after all of them.
	r := &rig{st: st, k: k, clock: &clock{t: time.Now().Add(time.Minute)}, log: &syncBuffer{}}
	r.sender = notify.NewSender(notify.SenderConfig{Outbox: st, SMS: p, Now: r.clock.Now, Holder: "test",
		Logger:  slog.New(slog.NewTextHandler(r.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Backoff: 10 * time.Second, MaxAttempts: 3, Observe: func(channel, event, outcome string) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.outcomes = append(r.outcomes, channel+" "+event+" "+outcome)
		}})
	return r
}

func (r *rig) pass(t *testing.T) {
	t.Helper()
	if _, err := r.sender.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// placeOrder saves an order and moves it to awaiting payment: its buyer's "placed" message is queued.
func (r *rig) placeOrder(t *testing.T, token string) *checkout.Order {
	t.Helper()
	ctx := context.Background()
	o := &checkout.Order{Token: token, Group: token, Kind: catalog.Kind("physical"), State: checkout.StateRegistering,
		Buyer: checkout.Buyer{FirstName: "سارا", LastName: "احمدی", Mobile: "09121112233"}, Total: 1_000_000}
	if err := r.st.CreateOrders(ctx, []*checkout.Order{o}); err != nil {
		t.Fatal(err)
	}
	o.State, o.FactorID = checkout.StateAwaitingPayment, "F-"+token
	if err := r.st.UpdateOrder(ctx, o, checkout.StateRegistering); err != nil {
		t.Fatal(err)
	}
	return o
}

func (r *rig) messages(t *testing.T, orderID int64) []notify.Record {
	t.Helper()
	msgs, err := r.st.OrderMessages(context.Background(), orderID)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// TestRetriesWithBackoff: a provider that is away (a 502 page, then Kavenegar's 409) is tried again after the
// back-off, doubled each time, and the message leaves once it answers 200.
func TestRetriesWithBackoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRig(t, b, "")
		r.k.Answer(func(n int) (int, int) {
			switch n {
			case 1:
				return 502, 0
			case 2:
				return 200, 409
			}
			return 200, 200
		})
		o := r.placeOrder(t, "retry")
		r.pass(t)
		if n := len(r.k.Calls()); n != 1 {
			t.Fatalf("%d calls after the first pass", n)
		}
		m := r.messages(t, o.ID)[0]
		if m.State != notify.StatePending || m.Attempts != 1 || !strings.Contains(m.LastError, "HTTP 502") {
			t.Errorf("after the 502: %+v", m)
		}
		if d := m.NextAt.Sub(r.clock.Now()); d < 9*time.Second || d > 11*time.Second {
			t.Errorf("first back-off %v, want 10s", d)
		}
		r.clock.Add(9 * time.Second)
		r.pass(t)
		if n := len(r.k.Calls()); n != 1 {
			t.Fatalf("tried again before the back-off ended (%d calls)", n)
		}
		r.clock.Add(2 * time.Second)
		r.pass(t)
		m = r.messages(t, o.ID)[0]
		if len(r.k.Calls()) != 2 || m.State != notify.StatePending || !strings.Contains(m.LastError, "409") {
			t.Fatalf("after the 409: %d calls, %+v", len(r.k.Calls()), m)
		}
		if d := m.NextAt.Sub(r.clock.Now()); d < 19*time.Second || d > 21*time.Second {
			t.Errorf("second back-off %v, want 20s (doubled)", d)
		}
		r.clock.Add(21 * time.Second)
		r.pass(t)
		m = r.messages(t, o.ID)[0]
		if len(r.k.Calls()) != 3 || m.State != notify.StateSent || m.Attempts != 3 {
			t.Errorf("after the 200: %d calls, %+v", len(r.k.Calls()), m)
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if want := []string{"sms order_placed retry", "sms order_placed retry", "sms order_placed sent"}; !slices.Equal(r.outcomes, want) {
			t.Errorf("observed %q, want %q", r.outcomes, want)
		}
	})
}

// TestPermanentFailure: a refusal that cannot pass (an invalid receptor) is not tried again; a provider away for
// every try fails after the last one. Both are listed for the dashboard.
func TestPermanentFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRig(t, b, "")
		r.k.Answer(func(int) (int, int) { return 200, 411 })
		o := r.placeOrder(t, "bad-receptor")
		r.pass(t)
		r.clock.Add(time.Hour)
		r.pass(t)
		m := r.messages(t, o.ID)[0]
		if len(r.k.Calls()) != 1 || m.State != notify.StateFailed || !strings.Contains(m.LastError, "411") {
			t.Errorf("411: %d calls, %+v", len(r.k.Calls()), m)
		}

		r.k.Answer(func(int) (int, int) { return 503, 0 })
		o2 := r.placeOrder(t, "always-away")
		for range 5 {
			r.pass(t)
			r.clock.Add(time.Hour)
		}
		m2 := r.messages(t, o2.ID)[0]
		if got := len(r.k.Calls()) - 1; got != 3 || m2.State != notify.StateFailed || m2.Attempts != 3 {
			t.Errorf("always 503: %d tries, %+v; want 3 (MaxAttempts) and failed", got, m2)
		}
		failed, n, err := r.st.FailedMessages(context.Background(), time.Now().Add(-time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 || len(failed) != 2 || failed[0].OrderID != o2.ID || failed[1].OrderID != o.ID {
			t.Errorf("failed list: %d %+v", n, failed)
		}
	})
}

// TestCodes: a one-time code goes through verify/lookup with the template, ahead of messages queued before it;
// without a template it is a plain message. Neither the code nor the API key is ever in the log.
func TestCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		r := newRig(t, b, "shop-login")
		r.placeOrder(t, "before-code")
		if err := r.sender.QueueCode(ctx, "09351234567", "48213"); err != nil {
			t.Fatal(err)
		}
		r.pass(t)
		calls := r.k.Calls()
		if len(calls) != 2 {
			t.Fatalf("calls: %+v", calls)
		}
		if c := calls[0]; c != (smstest.Call{Method: "verify/lookup", Receptor: "09351234567", Token: "48213", Template: "shop-login"}) {
			t.Errorf("first call %+v, want the code by lookup", c)
		}
		if calls[1].Method != "sms/send" || calls[1].Receptor != "09121112233" {
			t.Errorf("second call %+v", calls[1])
		}

		plain := newRig(t, b, "")
		if err := plain.sender.QueueCode(ctx, "09351234567", "99120"); err != nil {
			t.Fatal(err)
		}
		plain.pass(t)
		if c := plain.k.Calls(); len(c) != 1 || c[0].Method != "sms/send" || c[0].Message != sms.CodeText("99120") {
			t.Errorf("plain code: %+v", c)
		}

		// A code that could not leave within its two minutes is never sent.
		plain.k.Answer(func(int) (int, int) { return 200, 409 })
		if err := plain.sender.QueueCode(ctx, "09351234567", "77001"); err != nil {
			t.Fatal(err)
		}
		plain.pass(t)
		plain.clock.Add(notify.CodeTTL)
		plain.pass(t)
		if n := len(plain.k.Calls()); n != 2 {
			t.Errorf("an expired code was tried again: %d calls", n)
		}
		for _, l := range []string{r.log.String(), plain.log.String()} {
			for _, secret := range []string{"48213", "99120", "77001", smstest.APIKey} {
				if strings.Contains(l, secret) {
					t.Errorf("the log shows %q:\n%s", secret, l)
				}
			}
		}
	})
}

// TestAPIKeyNeverLogged: transport failures and refusals are logged with their reasons, never the URL (which
// holds the key) nor the message's text.
func TestAPIKeyNeverLogged(t *testing.T) {
	r := newRig(t, storetest.Backend{Name: "sqlite"}, "")
	r.k.Answer(func(int) (int, int) { return 200, 403 })
	r.placeOrder(t, "refused")
	r.pass(t)
	// A provider that is not there at all: the dial error names the address, not the path.
	p, err := sms.Open("kavenegar", sms.Settings{URL: "http://127.0.0.1:1", APIKey: smstest.APIKey})
	if err != nil {
		t.Fatal(err)
	}
	down := notify.NewSender(notify.SenderConfig{Outbox: r.st, SMS: p, Now: r.clock.Now, Holder: "down",
		Logger: slog.New(slog.NewTextHandler(r.log, nil))})
	r.placeOrder(t, "unreachable")
	if _, err := down.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := r.log.String()
	if !strings.Contains(out, "403") || !strings.Contains(out, "127.0.0.1:1") {
		t.Fatalf("the log does not say what failed:\n%s", out)
	}
	for _, secret := range []string{smstest.APIKey, "/v1/", "سارا"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log shows %q:\n%s", secret, out)
		}
	}
	failed, _, err := r.st.FailedMessages(context.Background(), time.Now().Add(-time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range failed {
		if strings.Contains(f.LastError, smstest.APIKey) {
			t.Errorf("the stored error shows the key: %s", f.LastError)
		}
	}
}
