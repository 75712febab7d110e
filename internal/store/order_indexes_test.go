package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// recorder keeps every statement a gorm handle runs, with its arguments, while it is on.
type recorder struct {
	mu    sync.Mutex
	on    bool
	stmts []recorded
}

type recorded struct {
	sql  string
	vars []any
}

func (r *recorder) install(t *testing.T, db *gorm.DB) {
	t.Helper()
	keep := func(tx *gorm.DB) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.on {
			r.stmts = append(r.stmts, recorded{tx.Statement.SQL.String(), append([]any(nil), tx.Statement.Vars...)})
		}
	}
	if err := db.Callback().Query().After("gorm:query").Register("test:record", keep); err != nil {
		t.Fatal(err)
	}
	if err := db.Callback().Row().After("gorm:row").Register("test:record", keep); err != nil {
		t.Fatal(err)
	}
}

func (r *recorder) take(fn func()) []recorded {
	r.mu.Lock()
	r.on, r.stmts = true, nil
	r.mu.Unlock()
	fn()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.stmts
}

// TestDashboardQueriesUseIndexes runs every query the dashboard's orders list, its export and its overview make,
// one filter at a time, and asks SQLite how it would run each (EXPLAIN QUERY PLAN): none may read the orders
// table from end to end. A filter added to the dashboard without its index fails here.
//
// One search is the exception, named below: a buyer's name or a part of a factor is matched anywhere in the text
// (LIKE '%…%'), which no b-tree index answers on either database. Its page still walks the created_at index and
// stops at a page's worth of matches; its count reads every order.
func TestDashboardQueriesUseIndexes(t *testing.T) {
	s := storetest.Backends()[0].Open(t) // SQLite: the plans are SQLite's
	ctx := context.Background()
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	o := sampleOrder("ix-1", "ix-1")
	o.CreatedAt, o.UpdatedAt = day, day
	mustCreateOrders(t, s, o)
	var rec recorder
	rec.install(t, store.ReadDB(s))

	held := admin.OrderCursor{Held: true, CreatedAt: day, ID: 9}
	other := admin.OrderCursor{CreatedAt: day, ID: 9}
	list := func(f admin.OrderFilter) func() error {
		return func() error { _, err := s.ListOrders(ctx, f); return err }
	}
	tests := []struct {
		name     string
		run      func() error
		scanning bool // the substring search: see above
	}{
		{"the whole list", list(admin.OrderFilter{}), false},
		{"the next page", list(admin.OrderFilter{After: other}), false},
		{"the next page from the held group", list(admin.OrderFilter{After: held}), false},
		{"the page before", list(admin.OrderFilter{Before: other}), false},
		{"the page before, into the held group", list(admin.OrderFilter{Before: held}), false},
		{"one state", list(admin.OrderFilter{States: []checkout.State{checkout.StatePaid}}), false},
		{"held for the seller", list(admin.OrderFilter{States: []checkout.State{checkout.StateAwaitingSeller}}), false},
		{"needs a person", list(admin.OrderFilter{States: admin.NeedsPerson(), After: other}), false},
		{"payment way", list(admin.OrderFilter{Payment: checkout.CashOnDelivery, After: other}), false},
		{"kind", list(admin.OrderFilter{Kind: "virtual"}), false},
		{"from a day", list(admin.OrderFilter{From: day}), false},
		{"between two days", list(admin.OrderFilter{From: day, To: day.AddDate(0, 0, 7)}), false},
		{"filters combined", list(admin.OrderFilter{States: []checkout.State{checkout.StatePaid}, Payment: checkout.Online, From: day}), false},
		{"a reference", list(admin.OrderFilter{Query: "SH-000001"}), false},
		{"the export", func() error {
			return s.EachOrder(ctx, admin.OrderFilter{States: []checkout.State{checkout.StatePaid}}, func(*checkout.Order) error { return nil })
		}, false},
		{"the overview's day tallies", func() error { _, err := s.DayTallies(ctx, day.AddDate(0, 0, -30)); return err }, false},
		{"the overview's payment rate", func() error { _, _, err := s.VerificationCounts(ctx, day.AddDate(0, 0, -30)); return err }, false},
		{"a name", list(admin.OrderFilter{Query: "سارا"}), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			stmts := rec.take(func() { err = tc.run() })
			if err != nil {
				t.Fatal(err)
			}
			if len(stmts) == 0 {
				t.Fatal("no statement recorded")
			}
			scanned := false
			for _, st := range stmts {
				t.Logf("%s\n  plan: %s", st.sql, strings.Join(explain(t, s, st), " | "))
			}
			for _, st := range stmts {
				plan := explain(t, s, st)
				for _, line := range plan {
					if isTableScan(line) {
						scanned = true
						if !tc.scanning {
							t.Errorf("%s\nplan: %s", st.sql, strings.Join(plan, " | "))
						}
					}
				}
			}
			if tc.scanning && !scanned {
				t.Errorf("the substring search is listed as scanning but no longer does: take it off the list")
			}
		})
	}
}

// explain is SQLite's plan of one recorded statement, a line per step.
func explain(t *testing.T, s *store.Store, st recorded) []string {
	t.Helper()
	rows, err := store.ReadDB(s).Session(&gorm.Session{PrepareStmt: false}).Raw("EXPLAIN QUERY PLAN "+st.sql, st.vars...).Rows()
	if err != nil {
		t.Fatalf("explain %s: %v", st.sql, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}

// isTableScan reports whether a plan step reads the orders or payment_verifications table whole, row by row,
// with no index ("SCAN orders"); walking an index in order ("SCAN orders USING INDEX …") stops at the page's limit.
func isTableScan(line string) bool {
	for _, table := range []string{"orders", "payment_verifications"} {
		if line == "SCAN "+table || strings.HasPrefix(line, "SCAN "+table+" ") && !strings.Contains(line, "INDEX") {
			return true
		}
	}
	return false
}
