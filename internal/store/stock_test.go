package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"shop/internal/apperr"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// stockProduct saves a physical product counted at stock (nil: unlimited).
func stockProduct(t *testing.T, s *store.Store, code string, stock *int64) {
	t.Helper()
	p := catalog.Product{Code: code, Name: "کالای " + code, Kind: catalog.Physical, Price: 100_000, Weight: 300, Active: true, Stock: stock}
	if err := s.SaveProduct(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

func stockOf(t *testing.T, s *store.Store, code string) *int64 {
	t.Helper()
	m, err := s.ProductsByCode(context.Background(), []string{code})
	if err != nil {
		t.Fatal(err)
	}
	return m[code].Stock
}

func wantStock(t *testing.T, s *store.Store, code string, want int64) {
	t.Helper()
	if got := stockOf(t, s, code); got == nil || *got != want {
		t.Fatalf("stock of %s: got %v, want %d", code, show(got), want)
	}
}

func show(n *int64) any {
	if n == nil {
		return "unlimited"
	}
	return *n
}

// stockOrder is an order of count of code, paid online or on delivery.
func stockOrder(token string, pay checkout.PaymentWay, lines ...any) *checkout.Order {
	o := sampleOrder(token, "g-"+token)
	o.Payment, o.Items = pay, nil
	for i := 0; i < len(lines); i += 2 {
		o.Items = append(o.Items, checkout.Item{Code: lines[i].(string), Name: "کالای " + lines[i].(string), UnitPrice: 100_000, Count: lines[i+1].(int)})
	}
	return o
}

// moveStock writes the order in a new state, as checkout does.
func moveStock(t *testing.T, s *store.Store, o *checkout.Order, to checkout.State) {
	t.Helper()
	from := o.State
	o.State = to
	if err := s.UpdateOrder(context.Background(), o, from); err != nil {
		t.Fatalf("move %s -> %s: %v", from, to, err)
	}
}

func TestReserveStockOnCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		tests := []struct {
			name      string
			stock     *int64
			count     int
			pay       checkout.PaymentWay
			wantErr   bool
			wantLeft  *int64
			wantState string
		}{
			{"cash on delivery takes it", catalog.Quantity(5), 2, checkout.CashOnDelivery, false, catalog.Quantity(3), checkout.StockTaken},
			{"online holds it", catalog.Quantity(5), 2, checkout.Online, false, catalog.Quantity(3), checkout.StockHeld},
			{"the last ones", catalog.Quantity(2), 2, checkout.CashOnDelivery, false, catalog.Quantity(0), checkout.StockTaken},
			{"more than there is is refused", catalog.Quantity(1), 2, checkout.CashOnDelivery, true, catalog.Quantity(1), ""},
			{"none left is refused", catalog.Quantity(0), 1, checkout.Online, true, catalog.Quantity(0), ""},
			{"unlimited reserves nothing", nil, 50, checkout.CashOnDelivery, false, nil, ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				s := b.Open(t)
				ctx := context.Background()
				stockProduct(t, s, "P1", tc.stock)
				stockProduct(t, s, "FREE", nil)
				o := stockOrder("t1", tc.pay, "FREE", 1, "P1", tc.count)
				err := s.CreateOrders(ctx, []*checkout.Order{o})
				if tc.wantErr {
					if !errors.Is(err, checkout.ErrOutOfStock) || apperr.CodeOf(err) != apperr.Conflict {
						t.Fatalf("err = %v, want out of stock", err)
					}
					if msg := apperr.MessageOf(err); msg == "" || !containsStr(msg, "کالای P1") {
						t.Fatalf("message %q does not name the product", msg)
					}
					if o.ID != 0 {
						t.Fatal("a refused order kept an id")
					}
					if _, err := s.OrderByToken(ctx, "t1"); !errors.Is(err, checkout.ErrOrderNotFound) {
						t.Fatalf("the refused order was saved: %v", err)
					}
				} else if err != nil {
					t.Fatal(err)
				}
				if got := stockOf(t, s, "P1"); show(got) != show(tc.wantLeft) {
					t.Fatalf("stock: got %v, want %v", show(got), show(tc.wantLeft))
				}
				if !tc.wantErr {
					state, err := s.OrderStockState(ctx, o.ID)
					if err != nil || state != tc.wantState {
						t.Fatalf("order stock state %q (%v), want %q", state, err, tc.wantState)
					}
				}
			})
		}
	})
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// Every way an order can fail or come back gives its stock back, once, however many moves follow.
func TestStockGivenBackOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		tests := []struct {
			name  string
			pay   checkout.PaymentWay
			moves []checkout.State
			want  int64 // stock left of 5 after an order of 2
		}{
			{"register failed", checkout.Online, []checkout.State{checkout.StateRegisterFailed}, 5},
			{"cancelled before paying", checkout.Online, []checkout.State{checkout.StateAwaitingPayment, checkout.StateCancelled}, 5},
			{"paid then cancelled", checkout.Online, []checkout.State{checkout.StateAwaitingPayment, checkout.StatePaid, checkout.StateCancelled}, 5},
			{"delivered then returned", checkout.CashOnDelivery, []checkout.State{checkout.StateRegistered, checkout.StateShipped, checkout.StateDelivered, checkout.StateReturned}, 5},
			{"cash on delivery cancelled", checkout.CashOnDelivery, []checkout.State{checkout.StateRegistered, checkout.StateCancelled}, 5},
			{"cancelled, then returned too", checkout.CashOnDelivery, []checkout.State{checkout.StateRegistered, checkout.StateCancelled, checkout.StateReturned}, 5},
			{"paid and delivered keeps it", checkout.Online, []checkout.State{checkout.StateAwaitingPayment, checkout.StatePaid, checkout.StateDelivered}, 3},
			{"registered keeps it", checkout.CashOnDelivery, []checkout.State{checkout.StateRegistered}, 3},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				s := b.Open(t)
				stockProduct(t, s, "P1", catalog.Quantity(5))
				o := stockOrder("t1", tc.pay, "P1", 2)
				mustCreateOrders(t, s, o)
				wantStock(t, s, "P1", 3)
				for _, st := range tc.moves {
					moveStock(t, s, o, st)
				}
				wantStock(t, s, "P1", tc.want)
			})
		}
	})
}

// A hold that ran out is given back once; an order paid since keeps its stock; a payment after the release takes
// the stock again, or, when it is gone, is kept anyway and marked for a person.
func TestStockHoldRelease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		s := b.Open(t)
		stockProduct(t, s, "P1", catalog.Quantity(3))
		unpaid := stockOrder("unpaid", checkout.Online, "P1", 1)
		paid := stockOrder("paid", checkout.Online, "P1", 1)
		mustCreateOrders(t, s, unpaid, paid)
		moveStock(t, s, unpaid, checkout.StateAwaitingPayment)
		moveStock(t, s, paid, checkout.StateAwaitingPayment)
		moveStock(t, s, paid, checkout.StatePaid)
		wantStock(t, s, "P1", 1)
		v0 := s.StockVersion()

		if n, err := s.ReleaseStockHolds(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Fatalf("a fresh hold was released: %d, %v", n, err)
		}
		n, err := s.ReleaseStockHolds(ctx, time.Now().Add(time.Minute))
		if err != nil || n != 1 {
			t.Fatalf("released %d (%v), want the unpaid order's 1", n, err)
		}
		wantStock(t, s, "P1", 2)
		if s.StockVersion() == v0 {
			t.Error("a release did not move the stock version: kept pages would show the old quantity")
		}
		if n, _ := s.ReleaseStockHolds(ctx, time.Now().Add(time.Minute)); n != 0 {
			t.Fatalf("released again: %d", n)
		}
		moveStock(t, s, unpaid, checkout.StateCancelled) // a cancel after the release gives nothing more
		wantStock(t, s, "P1", 2)

		// A late payment with stock there takes it again.
		late := stockOrder("late", checkout.Online, "P1", 2)
		mustCreateOrders(t, s, late)
		moveStock(t, s, late, checkout.StateAwaitingPayment)
		if _, err := s.ReleaseStockHolds(ctx, time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		wantStock(t, s, "P1", 2)
		moveStock(t, s, late, checkout.StatePaid)
		wantStock(t, s, "P1", 0)
		if st, _ := s.OrderStockState(ctx, late.ID); st != checkout.StockTaken {
			t.Fatalf("late paid order's stock is %q, want taken", st)
		}

		// A late payment with the stock gone is kept, and a person is told.
		stockProduct(t, s, "P2", catalog.Quantity(1))
		gone := stockOrder("gone", checkout.Online, "P2", 1)
		mustCreateOrders(t, s, gone)
		moveStock(t, s, gone, checkout.StateAwaitingPayment)
		if _, err := s.ReleaseStockHolds(ctx, time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		mustCreateOrders(t, s, stockOrder("other", checkout.CashOnDelivery, "P2", 1))
		moveStock(t, s, gone, checkout.StatePaid)
		wantStock(t, s, "P2", 0)
		if st, _ := s.OrderStockState(ctx, gone.ID); st != checkout.StockShort {
			t.Fatalf("stock state %q, want short", st)
		}
		events, err := s.OrderEvents(ctx, gone.ID)
		if err != nil || len(events) != 1 || events[0].Kind != checkout.EventStockShort || !containsStr(events[0].Evidence, `"code":"P2"`) {
			t.Fatalf("events %+v (%v), want one stock_short with the evidence", events, err)
		}
		short, err := s.StockShortOrders(ctx, 10)
		if err != nil || len(short) != 1 || short[0].ID != gone.ID {
			t.Fatalf("stock-short orders %v (%v)", short, err)
		}
		// Cancelling it (the money refunded) gives back nothing it did not take.
		moveStock(t, s, gone, checkout.StateCancelled)
		wantStock(t, s, "P2", 0)
	})
}

func TestStockHistoryAndLowStock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		s := b.Open(t)
		stockProduct(t, s, "P1", catalog.Quantity(5))
		stockProduct(t, s, "P2", catalog.Quantity(50))
		stockProduct(t, s, "P3", nil)
		o := stockOrder("t1", checkout.CashOnDelivery, "P1", 3)
		mustCreateOrders(t, s, o)
		moveStock(t, s, o, checkout.StateRegistered)
		moveStock(t, s, o, checkout.StateCancelled)
		p := catalog.Product{Code: "P1", Name: "کالای P1", Kind: catalog.Physical, Price: 100_000, Weight: 300, Active: true, Stock: catalog.Quantity(2)}
		if err := s.SaveProductBy(ctx, p, catalog.Edit{By: "owner@example.com"}); err != nil {
			t.Fatal(err)
		}
		// The form unchanged keeps what orders did to the quantity since.
		mustCreateOrders(t, s, stockOrder("t2", checkout.CashOnDelivery, "P1", 1))
		p.Stock = catalog.Quantity(2)
		p.Name = "نام تازه"
		if err := s.SaveProductBy(ctx, p, catalog.Edit{By: "owner@example.com", KeepStock: true, KeepVariants: true}); err != nil {
			t.Fatal(err)
		}
		wantStock(t, s, "P1", 1)

		moves, err := s.StockHistory(ctx, "P1", 10)
		if err != nil {
			t.Fatal(err)
		}
		type m struct {
			reason catalog.StockReason
			delta  int64
			actor  string
		}
		want := []m{
			{catalog.StockOrderPlaced, -1, ""},
			{catalog.StockSellerEdit, -3, "owner@example.com"},
			{catalog.StockCancelled, 3, ""},
			{catalog.StockOrderPlaced, -3, ""},
			{catalog.StockSellerEdit, 5, ""},
		}
		if len(moves) != len(want) {
			t.Fatalf("history %+v, want %d moves", moves, len(want))
		}
		for i, w := range want {
			if g := moves[i]; g.Reason != w.reason || g.Delta != w.delta || g.Actor != w.actor {
				t.Errorf("move %d: got %s %d by %q, want %s %d by %q", i, g.Reason, g.Delta, g.Actor, w.reason, w.delta, w.actor)
			}
		}
		if moves[1].OrderID != 0 || moves[2].OrderID != o.ID {
			t.Errorf("order ids %d, %d", moves[1].OrderID, moves[2].OrderID)
		}
		low, err := s.LowStockProducts(ctx, 10)
		if err != nil || len(low) != 1 || low[0].Code != "P1" {
			t.Fatalf("low stock %+v (%v), want P1 only", low, err)
		}
	})
}
