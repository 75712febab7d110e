package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shop/internal/checkout"
	"shop/internal/store/storetest"
)

// Two writers that read the same row: the first write wins and bumps the version, the second is stale even though
// the state did not move, so it cannot write the row back whole over the first one's fields.
func TestUpdateOrderNamesTheVersionItRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		o := sampleOrder("tok-version", "g-version")
		mustCreateOrders(t, s, o)
		a, err := s.OrderByID(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := s.OrderByID(ctx, o.ID)
		a.TrackingStatus = "ارسال شد"
		if err := s.UpdateOrder(ctx, a, checkout.StateRegistering); err != nil {
			t.Fatalf("first writer: %v", err)
		}
		if a.Version != b.Version+1 {
			t.Errorf("version after a write = %d, want %d", a.Version, b.Version+1)
		}
		b.Problem = "چیزی دیگر"
		if err := s.UpdateOrder(ctx, b, checkout.StateRegistering); !errors.Is(err, checkout.ErrStale) {
			t.Fatalf("second writer of the same version: %v, want ErrStale", err)
		}
		got, _ := s.OrderByID(ctx, o.ID)
		if got.TrackingStatus != "ارسال شد" || got.Problem != "" || got.Version != a.Version {
			t.Errorf("stored %q/%q v%d", got.TrackingStatus, got.Problem, got.Version)
		}
	})
}

// However many senders race for one order (checkout, reconciliation, in any process), one claims the send.
func TestClaimRegisterSendOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		o := sampleOrder("tok-claim", "g-claim")
		mustCreateOrders(t, s, o)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				ok, err := s.ClaimRegisterSend(ctx, o.ID, time.Now())
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d senders claimed the order, want 1", wins.Load())
		}
		got, _ := s.OrderByID(ctx, o.ID)
		if got.RegisterSentAt.IsZero() || got.Version != 1 {
			t.Errorf("sent at %v, version %d", got.RegisterSentAt, got.Version)
		}
	})
}
