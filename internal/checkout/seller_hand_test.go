package checkout_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"shop/internal/checkout"
	"shop/internal/store/storetest"
)

func TestSellerCancelAsksFrotelFirst(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from     checkout.State
		factor   string
		shipment checkout.ShipmentState
		trackErr error
		want     checkout.State
		err      error
		tracks   int
	}{
		{"registered and pending", checkout.StateRegistered, "22000000000000000001", checkout.ShipmentPending, nil, checkout.StateCancelled, nil, 1},
		{"paid and preparing", checkout.StatePaid, "22000000000000000002", checkout.ShipmentPreparing, nil, checkout.StateCancelled, nil, 1},
		{"registered but sent", checkout.StateRegistered, "22000000000000000003", checkout.ShipmentShipped, nil, checkout.StateRegistered, checkout.ErrAlreadySent, 1},
		{"paid but delivered", checkout.StatePaid, "22000000000000000004", checkout.ShipmentDelivered, nil, checkout.StatePaid, checkout.ErrAlreadySent, 1},
		{"collected", checkout.StateRegistered, "22000000000000000005", checkout.ShipmentCollected, nil, checkout.StateRegistered, checkout.ErrAlreadySent, 1},
		{"frotel down", checkout.StateRegistered, "22000000000000000006", "", checkout.ErrUnavailable, checkout.StateRegistered, checkout.ErrUnavailable, 1},
		{"waiting for its code", checkout.StateAwaitingCode, "", "", nil, checkout.StateCancelled, nil, 0},
		{"already shipped here", checkout.StateShipped, "22000000000000000007", "", nil, checkout.StateShipped, checkout.ErrCannotCancel, 0},
		{"being registered", checkout.StateRegistering, "", "", nil, checkout.StateRegistering, checkout.ErrCannotCancel, 0},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc, f, st := newFakeEnv(t, checkout.Settings{})
			token := savedOrder(t, st, i, tc.from, tc.factor, checkout.CashOnDelivery)
			f.track, f.trackErr = checkout.Tracking{StatusLabel: "برچسب", State: tc.shipment}, tc.trackErr
			o, err := st.OrderByToken(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.Cancel(context.Background(), o.ID, "owner@shop.test")
			if !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
				t.Fatalf("cancel: %v, want %v", err, tc.err)
			}
			got, _ := st.OrderByToken(context.Background(), token)
			if got.State != tc.want || f.Calls("track") != tc.tracks {
				t.Fatalf("state %s after %d tracks, want %s after %d", got.State, f.Calls("track"), tc.want, tc.tracks)
			}
			events, _ := svc.Events(context.Background(), o.ID)
			if tc.err == nil {
				last := events[len(events)-1]
				if last.Actor != "owner@shop.test" || !strings.Contains(last.Message, "لغو") {
					t.Fatalf("history: %+v", last)
				}
				if tc.from == checkout.StatePaid && !strings.Contains(last.Message, "بازگرداندن مبلغ") {
					t.Fatalf("a paid order's cancel must say the refund is the seller's: %q", last.Message)
				}
			} else if len(events) != 0 {
				t.Fatalf("a refused cancel wrote history: %+v", events)
			}
		})
	}
}

func TestMarkShippedAndDelivered(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			svc, _, st := newFakeEnvOn(t, b, checkout.Settings{})
			ctx := context.Background()
			token := savedOrder(t, st, 1, checkout.StateRegistered, "22000000000000000010", checkout.CashOnDelivery)
			o, _ := st.OrderByToken(ctx, token)
			if _, err := svc.MarkDelivered(ctx, o.ID, "staff@shop.test"); err != nil {
				t.Fatalf("registered -> delivered by hand: %v", err)
			}
			if _, err := svc.MarkShipped(ctx, o.ID, "x", "staff@shop.test"); !errors.Is(err, checkout.ErrCannotMark) {
				t.Fatalf("delivered -> shipped: %v", err)
			}
			token2 := savedOrder(t, st, 2, checkout.StatePaid, "22000000000000000011", checkout.Online)
			o2, _ := st.OrderByToken(ctx, token2)
			got, err := svc.MarkShipped(ctx, o2.ID, " ۱۲۳۴۵-AB ", "staff@shop.test")
			if err != nil || got.State != checkout.StateShipped || got.Barcode != "12345-AB" {
				t.Fatalf("paid -> shipped: %v, %s %q", err, got.State, got.Barcode)
			}
			got, err = svc.MarkDelivered(ctx, o2.ID, "staff@shop.test")
			if err != nil || got.State != checkout.StateDelivered || got.Barcode != "12345-AB" {
				t.Fatalf("shipped -> delivered: %v, %s", err, got.State)
			}
			events, _ := svc.Events(ctx, o2.ID)
			if len(events) != 2 || events[0].Actor != "staff@shop.test" || !strings.Contains(events[0].Message, "12345-AB") {
				t.Fatalf("history: %+v", events)
			}
			token3 := savedOrder(t, st, 3, checkout.StateAwaitingPayment, "22000000000000000012", checkout.Online)
			o3, _ := st.OrderByToken(ctx, token3)
			if _, err := svc.MarkShipped(ctx, o3.ID, "", "staff@shop.test"); !errors.Is(err, checkout.ErrCannotMark) {
				t.Fatalf("an unpaid online order shipped by hand: %v", err)
			}
		})
	}
}

func TestSellerNotes(t *testing.T) {
	t.Parallel()
	svc, _, st := newFakeEnv(t, checkout.Settings{})
	ctx := context.Background()
	token := savedOrder(t, st, 1, checkout.StateRegistered, "22000000000000000020", checkout.CashOnDelivery)
	o, _ := st.OrderByToken(ctx, token)
	for _, bad := range []string{"", "   ", strings.Repeat("ا", checkout.MaxNoteRunes+1)} {
		if _, err := svc.AddSellerNote(ctx, o.ID, bad, "owner@shop.test"); !errors.Is(err, checkout.ErrNoteInvalid) {
			t.Fatalf("note %q: %v", bad, err)
		}
	}
	if _, err := svc.AddSellerNote(ctx, o.ID, "  بسته فردا می‌رسد  ", "owner@shop.test"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.MarkDelivered(ctx, o.ID, "owner@shop.test"); err != nil {
		t.Fatal(err)
	}
	notes, err := svc.SellerNotes(ctx, o.ID)
	if err != nil || len(notes) != 1 || notes[0].Message != "بسته فردا می‌رسد" || notes[0].Kind != checkout.EventSellerNote || notes[0].Actor != "owner@shop.test" {
		t.Fatalf("notes: %v %+v", err, notes)
	}
}
