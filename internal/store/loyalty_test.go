package store_test

import (
	"context"
	"testing"
	"time"

	"shop/internal/loyalty"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

func TestSaveTerminalTransactionsIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		ctx := context.Background()
		tehran := time.FixedZone("IRST", 3*3600+1800)
		base := time.Date(2026, 11, 24, 9, 0, 0, 0, tehran)
		txs := []loyalty.TerminalTransaction{
			{Terminal: "10001001", RRN: "000000000001", LocalTime: base, PanTrunc: "603799******1234", Amount: 1000, TrAmount: 900},
			{Terminal: "10001001", RRN: "000000000002", LocalTime: base.Add(time.Hour), PanTrunc: "6037991234567893", Amount: 2000, TrAmount: 2000},
			{Terminal: "10001002", RRN: "000000000001", LocalTime: base, PanTrunc: "610433******4321", Amount: 3000, TrAmount: 3000},
		}
		n, err := s.SaveTerminalTransactions(ctx, txs)
		if err != nil || n != 3 {
			t.Fatalf("first save: %d, %v", n, err)
		}
		// The same rows again, one in another zone (the same instant), plus one new.
		again := append([]loyalty.TerminalTransaction{}, txs...)
		again[0].LocalTime = base.UTC()
		again = append(again, loyalty.TerminalTransaction{Terminal: "10001001", RRN: "000000000003", LocalTime: base, Amount: 5})
		n, err = s.SaveTerminalTransactions(ctx, again)
		if err != nil || n != 1 {
			t.Fatalf("second save: %d new, %v; want 1", n, err)
		}
		got, err := s.ListTerminalTransactions(ctx, loyalty.TransactionFilter{Terminal: "10001001"})
		if err != nil || len(got) != 3 {
			t.Fatalf("list: %d %v", len(got), err)
		}
		if got[0].RRN != "000000000002" {
			t.Errorf("not newest first: %+v", got)
		}
		for _, r := range got {
			if r.PanTrunc == "6037991234567893" {
				t.Fatal("a full card number was stored")
			}
		}
		var raw []store.LoyaltyTerminalTransaction
		store.WriteDB(s).Find(&raw)
		for _, r := range raw {
			if len(r.PanMasked) == 16 && r.PanMasked[6:12] != "******" {
				t.Errorf("stored unmasked: %q", r.PanMasked)
			}
		}
		for name, tc := range map[string]struct {
			f    loyalty.TransactionFilter
			want int
		}{
			"all":        {loyalty.TransactionFilter{}, 4},
			"rrn":        {loyalty.TransactionFilter{RRN: "000000000001"}, 2},
			"from":       {loyalty.TransactionFilter{From: base.Add(30 * time.Minute)}, 1},
			"to":         {loyalty.TransactionFilter{To: base.Add(30 * time.Minute)}, 3},
			"pan suffix": {loyalty.TransactionFilter{PanSuffix: "4321"}, 1},
			"wildcard":   {loyalty.TransactionFilter{PanSuffix: "%"}, 4},
			"limit":      {loyalty.TransactionFilter{Limit: 2}, 2},
			"offset":     {loyalty.TransactionFilter{Offset: 3}, 1},
		} {
			t.Run(name, func(t *testing.T) {
				got, err := s.ListTerminalTransactions(ctx, tc.f)
				if err != nil || len(got) != tc.want {
					t.Fatalf("%d rows, %v; want %d", len(got), err, tc.want)
				}
			})
		}
	})
}

func TestSaveMappedTransactions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		ctx := context.Background()
		at := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)
		txs := []loyalty.MappedTransaction{
			{Terminal: "10001001", RRN: "1", LocalTime: at, PanTrunc: "603799******1234", Amount: 10, TrAmount: 9},
			{Terminal: "10001001", RRN: "2", LocalTime: at, Amount: 20, TrAmount: 20},
		}
		for i, want := range []int{2, 0} {
			n, err := s.SaveMappedTransactions(ctx, txs)
			if err != nil || n != want {
				t.Fatalf("save %d: %d, %v; want %d", i, n, err, want)
			}
		}
		got, err := s.ListMappedTransactions(ctx, loyalty.TransactionFilter{Terminal: "10001001"})
		if err != nil || len(got) != 2 || !got[0].LocalTime.Equal(at) {
			t.Fatalf("%+v %v", got, err)
		}
		if n, err := s.SaveMappedTransactions(ctx, nil); n != 0 || err != nil {
			t.Errorf("empty save: %d %v", n, err)
		}
	})
}

func TestSaveManyTransactionsInBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		at := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)
		var txs []loyalty.TerminalTransaction
		for i := range 450 {
			txs = append(txs, loyalty.TerminalTransaction{Terminal: "1", RRN: string(rune('a'+i%26)) + time.Duration(i).String(), LocalTime: at})
		}
		n, err := s.SaveTerminalTransactions(context.Background(), txs)
		if err != nil || n != 450 {
			t.Fatalf("%d %v", n, err)
		}
	})
}
