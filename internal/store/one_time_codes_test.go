package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"shop/internal/account"
	"shop/internal/checkout"
	"shop/internal/store/storetest"
)

func TestOneTimeCodes(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			st := b.Open(t)
			ctx := context.Background()
			now := time.Now().UTC()
			if _, err := st.LatestCode(ctx, "09120000001"); !errors.Is(err, account.ErrNoCode) {
				t.Fatalf("no code yet: %v", err)
			}
			// Concurrent requests cannot pass the hourly bound together.
			var wg sync.WaitGroup
			var mu sync.Mutex
			created := 0
			for range 8 {
				wg.Go(func() {
					c := &account.Code{Mobile: "09120000001", Hash: "h", CreatedAt: now, ExpiresAt: now.Add(2 * time.Minute)}
					ok, err := st.CreateCodeWithin(ctx, c, now.Add(-time.Hour), 5)
					if err != nil {
						t.Errorf("create: %v", err)
						return
					}
					if ok {
						mu.Lock()
						created++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if created != 5 {
				t.Fatalf("%d codes created, want 5", created)
			}
			// Another mobile has its own bound; codes older than the window do not count.
			old := &account.Code{Mobile: "09120000002", Hash: "old", CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-2 * time.Hour)}
			if ok, err := st.CreateCodeWithin(ctx, old, now.Add(-3*time.Hour), 5); !ok || err != nil {
				t.Fatal(ok, err)
			}
			c := &account.Code{Mobile: "09120000002", Hash: "new", CreatedAt: now, ExpiresAt: now.Add(2 * time.Minute)}
			if ok, err := st.CreateCodeWithin(ctx, c, now.Add(-time.Hour), 1); !ok || err != nil {
				t.Fatalf("old code counted: %v %v", ok, err)
			}
			got, err := st.LatestCode(ctx, "09120000002")
			if err != nil || got.ID != c.ID || got.Hash != "new" || got.Tries != 0 {
				t.Fatalf("latest: %v %+v", err, got)
			}
			// Three tries, then none; not after expiry; use once.
			for i := range 3 {
				if ok, err := st.SpendTry(ctx, c.ID, now, 3); !ok || err != nil {
					t.Fatalf("try %d: %v %v", i, ok, err)
				}
			}
			if ok, _ := st.SpendTry(ctx, c.ID, now, 3); ok {
				t.Fatal("a fourth try was spent")
			}
			c2 := &account.Code{Mobile: "09120000003", Hash: "x", CreatedAt: now, ExpiresAt: now.Add(2 * time.Minute)}
			if _, err := st.CreateCodeWithin(ctx, c2, now.Add(-time.Hour), 5); err != nil {
				t.Fatal(err)
			}
			if ok, _ := st.SpendTry(ctx, c2.ID, now.Add(3*time.Minute), 3); ok {
				t.Fatal("an expired code was tried")
			}
			if ok, err := st.UseCode(ctx, c2.ID, now); !ok || err != nil {
				t.Fatal(ok, err)
			}
			if ok, _ := st.UseCode(ctx, c2.ID, now); ok {
				t.Fatal("a code was used twice")
			}
			if ok, _ := st.SpendTry(ctx, c2.ID, now, 3); ok {
				t.Fatal("a used code was tried")
			}
		})
	}
}

func TestOrdersOfMobile(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			st := b.Open(t)
			ctx := context.Background()
			base := time.Now().UTC().Add(-time.Hour)
			mk := func(n int, mobile string, at time.Time) string {
				token := "tok" + string(rune('a'+n))
				o := &checkout.Order{Token: token, Group: token, Kind: "physical", State: checkout.StateRegistered,
					Buyer: checkout.Buyer{Mobile: mobile}, CreatedAt: at, UpdatedAt: at}
				if err := st.CreateOrders(ctx, []*checkout.Order{o}); err != nil {
					t.Fatal(err)
				}
				return token
			}
			a1 := mk(0, "09121111111", base)
			mk(1, "09122222222", base.Add(time.Minute))
			a2 := mk(2, "09121111111", base.Add(2*time.Minute))
			got, err := st.OrdersOfMobile(ctx, "09121111111", 10)
			if err != nil || len(got) != 2 || got[0].Token != a2 || got[1].Token != a1 {
				t.Fatalf("orders: %v %+v", err, got)
			}
			if got, _ := st.OrdersOfMobile(ctx, "", 10); len(got) != 0 {
				t.Fatalf("an empty mobile listed %d orders", len(got))
			}
		})
	}
}
