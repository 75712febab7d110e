package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// keysetOrders stores n orders, many created at the same instant (ties the keyset breaks by id), every fifth held
// for the seller, every third paid on delivery; it returns their ids in the list's order: held first, then newest
// first, the higher id first on a tie.
func keysetOrders(t *testing.T, db storetest.Backend, n int) (*store.Store, []int64) {
	t.Helper()
	s := db.Open(t)
	base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	var orders []*checkout.Order
	for i := range n {
		o := sampleOrder(fmt.Sprintf("ks-%03d", i), fmt.Sprintf("ks-%03d", i))
		o.State, o.Payment = checkout.StatePaid, checkout.Online
		if i%5 == 0 {
			o.State, o.Payment = checkout.StateAwaitingSeller, checkout.CashOnDelivery
		} else if i%3 == 0 {
			o.State, o.Payment = checkout.StateRegistered, checkout.CashOnDelivery
		}
		// Four instants only, one of them with microseconds: most orders share their creation time.
		o.CreatedAt = base.Add(time.Duration(i%4) * time.Hour).Add(time.Duration(i%4) * 1234 * time.Microsecond)
		o.UpdatedAt = o.CreatedAt
		orders = append(orders, o)
	}
	mustCreateOrders(t, s, orders...)
	slices.SortFunc(orders, func(a, b *checkout.Order) int {
		ha, hb := a.State == checkout.StateAwaitingSeller, b.State == checkout.StateAwaitingSeller
		switch {
		case ha != hb && ha:
			return -1
		case ha != hb:
			return 1
		case !a.CreatedAt.Equal(b.CreatedAt):
			return b.CreatedAt.Compare(a.CreatedAt)
		}
		return int(b.ID - a.ID)
	})
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.ID
	}
	return s, ids
}

func idsOf(orders []*checkout.Order) []int64 {
	out := make([]int64, len(orders))
	for i, o := range orders {
		out[i] = o.ID
	}
	return out
}

// TestOrderKeysetPages walks the list a page at a time by its Next cursors, then back by its Prev cursors: every
// order comes exactly once, in the list's order, across ties on created_at and across the held group's end, and
// the pages read backwards are the same pages.
func TestOrderKeysetPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		h, want := keysetOrders(t, db, 53)
		ctx := context.Background()
		for _, per := range []int{1, 7, 11, 25, 60} {
			t.Run(fmt.Sprint("per page ", per), func(t *testing.T) {
				var pages []admin.OrderPage
				var got []int64
				f := admin.OrderFilter{PerPage: per}
				for range 100 {
					p, err := h.ListOrders(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					if p.Total != len(want) {
						t.Fatalf("total %d, want %d", p.Total, len(want))
					}
					if len(pages) == 0 != p.Prev.IsZero() {
						t.Fatalf("page %d: prev cursor %+v", len(pages)+1, p.Prev)
					}
					pages = append(pages, p)
					got = append(got, idsOf(p.Orders)...)
					if p.Next.IsZero() {
						break
					}
					f.After = p.Next
				}
				if !slices.Equal(got, want) {
					t.Fatalf("forward: %v\nwant      %v", got, want)
				}
				// Back from the last page: each Prev gives the page before, the same rows in the same order.
				back := pages[len(pages)-1]
				for i := len(pages) - 2; i >= 0; i-- {
					if back.Prev.IsZero() {
						t.Fatalf("page %d has no prev cursor", i+2)
					}
					p, err := h.ListOrders(ctx, admin.OrderFilter{PerPage: per, Before: back.Prev})
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(idsOf(p.Orders), idsOf(pages[i].Orders)) {
						t.Fatalf("page %d read backwards: %v, want %v", i+1, idsOf(p.Orders), idsOf(pages[i].Orders))
					}
					if p.Next.IsZero() || (i == 0) != p.Prev.IsZero() {
						t.Fatalf("page %d read backwards: next %+v prev %+v", i+1, p.Next, p.Prev)
					}
					back = p
				}
			})
		}
		t.Run("filtered", func(t *testing.T) {
			f := admin.OrderFilter{Payment: checkout.CashOnDelivery, PerPage: 4}
			var got []int64
			for {
				p, err := h.ListOrders(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, idsOf(p.Orders)...)
				if p.Next.IsZero() {
					break
				}
				f.After = p.Next
			}
			var all []int64
			if err := h.EachOrder(ctx, admin.OrderFilter{Payment: checkout.CashOnDelivery}, func(o *checkout.Order) error {
				if o.Payment != checkout.CashOnDelivery {
					t.Errorf("%s paid %s", o.Reference(), o.Payment)
				}
				all = append(all, o.ID)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || !slices.Equal(got, all) {
				t.Errorf("pages %v, each %v", got, all)
			}
		})
	})
}

// TestEachOrderWalksEveryBatch: more orders than one batch holds come out once each, in the list's order.
func TestEachOrderWalksEveryBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		h, want := keysetOrders(t, db, 2345)
		var got []int64
		if err := h.EachOrder(context.Background(), admin.OrderFilter{}, func(o *checkout.Order) error {
			got = append(got, o.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%d orders walked, want %d in the list's order", len(got), len(want))
		}
		stop := fmt.Errorf("enough")
		n := 0
		err := h.EachOrder(context.Background(), admin.OrderFilter{}, func(*checkout.Order) error {
			if n++; n == 1500 {
				return stop
			}
			return nil
		})
		if err != stop || n != 1500 {
			t.Errorf("stopping: %v after %d", err, n)
		}
	})
}
