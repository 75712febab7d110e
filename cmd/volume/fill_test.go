package main

import (
	"context"
	"database/sql"
	mrand "math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"shop/internal/admin"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/store"
)

// TestFilledOrdersReadBack: the orders the fill writes by plain SQL read back through the store as they were made,
// every field, so the fill's codes and columns cannot drift from the store's without this failing.
func TestFilledOrdersReadBack(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rng := mrand.New(mrand.NewPCG(1, 2))
	now := time.Now()
	byKind := map[catalog.Kind][]catalog.Product{}
	for _, p := range makeProducts(rng, 60, now) {
		byKind[p.Kind] = append(byKind[p.Kind], p)
	}
	var orders []*checkout.Order
	for i := range 400 {
		orders = append(orders, makeOrder(rng, byKind, now, i))
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := insertOrders(ctx, db, orders); err != nil {
		t.Fatal(err)
	}
	if err := insertPayments(ctx, db, rng, orders); err != nil {
		t.Fatal(err)
	}
	states := map[checkout.State]int{}
	for _, want := range orders {
		got, err := st.OrderByToken(ctx, want.Token)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("%s created %v, want %v", want.Token, got.CreatedAt, want.CreatedAt)
		}
		got.CreatedAt, got.UpdatedAt = want.CreatedAt, want.UpdatedAt
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read back:\n%+v\nwant\n%+v", got, want)
		}
		states[want.State]++
	}
	if len(states) < 10 {
		t.Errorf("only %d states in 400 orders: %v", len(states), states)
	}
	// The overview's payment rate sees the checks: most verified, some not.
	verified, total, err := st.VerificationCounts(ctx, now.AddDate(-2, 0, 0))
	if err != nil || total == 0 || verified == 0 || verified == total {
		t.Errorf("verification counts %d of %d, %v", verified, total, err)
	}
	if _, err := st.ListOrders(ctx, admin.OrderFilter{}); err != nil {
		t.Fatal(err)
	}
}
