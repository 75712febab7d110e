package checkout_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"shop/internal/apperr"
	"shop/internal/checkout"
	"shop/internal/geo"
	"shop/internal/store/storetest"
)

// TestPlaceUsesTheRequestsQuote: a checkout that has just quoted passes that quote to Place, which then asks
// Frotel nothing more before registering; without one, Place quotes exactly once.
func TestPlaceUsesTheRequestsQuote(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		passQuote  bool
		wantQuotes int
	}{
		{"the page's quote passed on", true, 1},
		{"no quote passed: Place quotes once", false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// No quote cache: every Quote call reaches the fake, so only passing the quote avoids a second call.
			svc, f, _ := newFakeEnv(t, checkout.Settings{QuoteTTL: time.Nanosecond})
			ctx := context.Background()
			req := checkout.PlaceRequest{Cart: basket(t, "saffron-1m", 1), Buyer: tehranBuyer(), Send: checkout.Pishtaz,
				Payment: checkout.Online}
			if tc.passQuote {
				q, err := svc.Quote(ctx, req.Cart, req.Buyer.CityID)
				if err != nil {
					t.Fatal(err)
				}
				req.Quote = &q
			}
			p, err := svc.Place(ctx, req)
			if err != nil || len(p.Orders) != 1 || p.Orders[0].Shipping != 347_000 {
				t.Fatalf("placed %+v, %v", p, err)
			}
			if got := f.Calls("quote"); got != tc.wantQuotes {
				t.Errorf("%d quote calls, want %d", got, tc.wantQuotes)
			}
		})
	}
}

// TestFailedQuoteIsRememberedBriefly: while Frotel cannot quote, a second try within failedQuoteFor (10 s) is
// answered from memory rather than by another whole mirror failover; after it, Frotel is asked again.
func TestFailedQuoteIsRememberedBriefly(t *testing.T) {
	t.Parallel()
	st := storetest.Backends()[0].Open(t)
	f := newFake()
	f.quoteErr = apperr.Wrap(apperr.Unavailable, "فروتل در دسترس نیست.", errors.Join(checkout.ErrUnavailable, errors.New("every mirror timed out")))
	c := &clock{now: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	svc, err := checkout.NewService(st, f, geo.Default(), checkout.Settings{PublicURL: shopURL}, c.Now, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cart := basket(t, "saffron-1m", 1)
	for i, step := range []struct {
		after     time.Duration
		fixed     bool // Frotel answers again
		wantCalls int
		wantErr   bool
	}{
		{0, false, 1, true},
		{3 * time.Second, false, 1, true}, // the table failed; the shopper presses again at once
		{5 * time.Second, true, 1, true},  // Frotel is back, but the failure is still remembered
		{3 * time.Second, true, 2, false}, // 11 s after the failure: asked again, and quoted
		{time.Second, false, 2, false},    // a good quote is kept for the quote TTL as before
	} {
		c.Add(step.after)
		if step.fixed {
			f.mu.Lock()
			f.quoteErr = nil
			f.mu.Unlock()
		}
		_, err := svc.Quote(ctx, cart, 1)
		if (err != nil) != step.wantErr || f.Calls("quote") != step.wantCalls {
			t.Fatalf("step %d: err %v, %d upstream calls; want error %v, %d calls", i, err, f.Calls("quote"), step.wantErr, step.wantCalls)
		}
	}
}
