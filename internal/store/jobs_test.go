package store_test

import (
	"context"
	"testing"
	"time"

	"shop/internal/jobs"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

var _ jobs.Store = (*store.Store)(nil)

func TestJobRuns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		ctx := context.Background()
		if _, ok, err := s.LastRun(ctx, "x"); ok || err != nil {
			t.Fatalf("empty table: %v %v", ok, err)
		}
		t0 := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
		runs := []jobs.Run{
			{Name: "x", StartedAt: t0, FinishedAt: t0.Add(time.Minute), RowsSeen: 10, RowsNew: 10},
			{Name: "x", StartedAt: t0.Add(24 * time.Hour), FinishedAt: t0.Add(24*time.Hour + time.Minute), Error: "loyalty: unavailable", RowsSeen: 3, RowsNew: 1},
			{Name: "y", StartedAt: t0.Add(48 * time.Hour), FinishedAt: t0.Add(48 * time.Hour), Gap: true, Note: "gap"},
		}
		for _, r := range runs {
			if id, err := s.RecordRun(ctx, r); err != nil || id == 0 {
				t.Fatalf("record: %d %v", id, err)
			}
		}
		last, ok, err := s.LastRun(ctx, "x")
		if err != nil || !ok || last.Error == "" || last.RowsNew != 1 || !last.StartedAt.Equal(runs[1].StartedAt) {
			t.Fatalf("last run: %+v %v %v", last, ok, err)
		}
		good, ok, err := s.LastSuccessfulRun(ctx, "x")
		if err != nil || !ok || !good.OK() || !good.StartedAt.Equal(t0) || good.RowsSeen != 10 {
			t.Fatalf("last success: %+v %v %v", good, ok, err)
		}
		y, _, _ := s.LastSuccessfulRun(ctx, "y")
		if !y.Gap || y.Note != "gap" {
			t.Errorf("gap flag lost: %+v", y)
		}
		all, err := s.ListRuns(ctx, "", 10)
		if err != nil || len(all) != 3 || all[0].Name != "y" {
			t.Errorf("list: %+v %v", all, err)
		}
	})
}

func TestJobLeases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		steps := []struct {
			name   string
			holder string
			at     time.Time
			want   bool
		}{
			{"first taker", "a", now, true},
			{"another instance while it is valid", "b", now.Add(time.Minute), false},
			{"the holder again (renewal)", "a", now.Add(time.Minute), true},
			{"another instance after it expired", "b", now.Add(time.Hour), true},
			{"the old holder while the new one's is valid", "a", now.Add(time.Hour + time.Minute), false},
		}
		for _, st := range steps {
			got, err := s.AcquireLease(ctx, "reconcile", st.holder, st.at, st.at.Add(10*time.Minute))
			if err != nil || got != st.want {
				t.Fatalf("%s: %v, %v; want %v", st.name, got, err, st.want)
			}
		}
		if err := s.ReleaseLease(ctx, "reconcile", "a"); err != nil { // not a's: left alone
			t.Fatal(err)
		}
		if got, _ := s.AcquireLease(ctx, "reconcile", "a", now.Add(time.Hour+2*time.Minute), now.Add(2*time.Hour)); got {
			t.Error("releasing another holder's lease freed it")
		}
		if err := s.ReleaseLease(ctx, "reconcile", "b"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.AcquireLease(ctx, "reconcile", "a", now.Add(time.Hour+2*time.Minute), now.Add(2*time.Hour)); !got {
			t.Error("a released lease cannot be taken")
		}
	})
}
