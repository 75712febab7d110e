package checkout_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shop/internal/apperr"
	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// countedProduct saves a product counted at stock and returns it as the catalog has it.
func countedProduct(t *testing.T, st *store.Store, code string, kind catalog.Kind, stock int64) catalog.Product {
	t.Helper()
	p := catalog.Product{Code: code, Name: "شال " + code, Kind: kind, Price: 1_500_000, Active: true, Stock: catalog.Quantity(stock)}
	if kind == catalog.Physical {
		p.Weight = 400
	}
	if err := st.SaveProduct(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func stockLeft(t *testing.T, st *store.Store, code string) int64 {
	t.Helper()
	m, err := st.ProductsByCode(context.Background(), []string{code})
	if err != nil || m[code].Stock == nil {
		t.Fatalf("stock of %s: %+v, %v", code, m[code], err)
	}
	return *m[code].Stock
}

// Twenty shoppers check out the last five at once, on each database: exactly five orders are placed, the others
// are told in Persian which product ran out, and Frotel hears of the five only.
func TestStockRaceNeverOversells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		for _, pay := range []checkout.PaymentWay{checkout.CashOnDelivery, checkout.Online} {
			t.Run(string(pay), func(t *testing.T) {
				svc, f, st := newFakeEnvOn(t, b, checkout.Settings{})
				p := countedProduct(t, st, "SHAWL", catalog.Physical, 5)
				const shoppers = 20
				var placed, refused atomic.Int64
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := range shoppers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						buyer := tehranBuyer()
						buyer.Mobile = fmt.Sprintf("0912%07d", 1000+i)
						buyer.IP = fmt.Sprintf("185.1.2.%d", i+1)
						<-start
						_, err := svc.Place(context.Background(), checkout.PlaceRequest{Cart: cart.Cart{Lines: []cart.Line{{Product: p, Count: 1}}},
							Buyer: buyer, Send: checkout.Pishtaz, Payment: pay})
						switch {
						case err == nil:
							placed.Add(1)
						case errors.Is(err, checkout.ErrOutOfStock) && apperr.CodeOf(err) == apperr.Conflict && apperr.MessageOf(err) != "":
							refused.Add(1)
						default:
							t.Errorf("shopper %d: %v", i, err)
						}
					}()
				}
				close(start)
				wg.Wait()
				if placed.Load() != 5 || refused.Load() != shoppers-5 {
					t.Fatalf("placed %d, refused %d; want 5 and %d", placed.Load(), refused.Load(), shoppers-5)
				}
				if n := f.Calls("register"); n != 5 {
					t.Fatalf("Frotel got %d registrations, want 5", n)
				}
				if left := stockLeft(t, st, "SHAWL"); left != 0 {
					t.Fatalf("stock left %d, want 0", left)
				}
			})
		}
	})
}

// An online order that is not paid within SHOP_STOCK_HOLD gives its stock back at reconciliation; a genuine
// payment arriving later is still verified and takes the stock again; when another shopper bought it meanwhile,
// the payment stands and the order is marked for a person.
func TestStockHoldExpiresAndLatePayment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		for _, tc := range []struct {
			name      string
			sellOut   bool
			wantLeft  int64
			wantState string
		}{
			{"stock still there", false, 0, checkout.StockTaken},
			{"stock gone meanwhile", true, 0, checkout.StockShort},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ctx := context.Background()
				var clock atomic.Pointer[time.Time]
				now := time.Now()
				clock.Store(&now)
				svc, f, st := newFakeEnvAt(t, b, checkout.Settings{StockHold: 30 * time.Minute}, func() time.Time { return *clock.Load() })
				p := countedProduct(t, st, "SCARF", catalog.Physical, 1)
				placed, err := svc.Place(ctx, checkout.PlaceRequest{Cart: cart.Cart{Lines: []cart.Line{{Product: p, Count: 1}}},
					Buyer: tehranBuyer(), Send: checkout.Pishtaz, Payment: checkout.Online})
				if err != nil {
					t.Fatal(err)
				}
				o := placed.Orders[0]
				if o.State != checkout.StateAwaitingPayment || stockLeft(t, st, "SCARF") != 0 {
					t.Fatalf("placed: %s, stock %d", o.State, stockLeft(t, st, "SCARF"))
				}

				// Within the hold nothing is released.
				rep, err := svc.Reconcile(ctx)
				if err != nil || rep.Released != 0 || stockLeft(t, st, "SCARF") != 0 {
					t.Fatalf("reconcile within the hold: %+v, %v", rep, err)
				}
				later := now.Add(31 * time.Minute)
				clock.Store(&later)
				rep, err = svc.Reconcile(ctx)
				if err != nil || rep.Released != 1 || stockLeft(t, st, "SCARF") != 1 {
					t.Fatalf("reconcile after the hold: %+v, %v, stock %d", rep, err, stockLeft(t, st, "SCARF"))
				}
				if tc.sellOut {
					buyer := tehranBuyer()
					buyer.Mobile, buyer.IP = "09350000000", "5.6.7.8"
					if _, err := svc.Place(ctx, checkout.PlaceRequest{Cart: cart.Cart{Lines: []cart.Line{{Product: p, Count: 1}}},
						Buyer: buyer, Send: checkout.Pishtaz, Payment: checkout.CashOnDelivery}); err != nil {
						t.Fatal(err)
					}
				}

				f.verify["900|late"] = true
				got, err := svc.HandleCallback(ctx, o.Token, checkout.CallbackRequest{PaymentID: "900", Ref: "late", Method: "POST"})
				if err != nil || !got.Paid() {
					t.Fatalf("late genuine payment: %s, %v (money is never refused)", got.State, err)
				}
				if left := stockLeft(t, st, "SCARF"); left != tc.wantLeft {
					t.Fatalf("stock %d, want %d", left, tc.wantLeft)
				}
				state, err := st.OrderStockState(ctx, o.ID)
				if err != nil || state != tc.wantState {
					t.Fatalf("order's stock %q (%v), want %q", state, err, tc.wantState)
				}
				events, err := svc.Events(ctx, o.ID)
				if err != nil {
					t.Fatal(err)
				}
				marked := false
				for _, e := range events {
					marked = marked || e.Kind == checkout.EventStockShort
				}
				if marked != tc.sellOut {
					t.Fatalf("marked for a person: %v, want %v (%+v)", marked, tc.sellOut, events)
				}
			})
		}
	})
}

// A registration Frotel refuses gives the stock back at once: nothing exists upstream.
func TestStockGivenBackWhenRegistrationFails(t *testing.T) {
	t.Parallel()
	svc, f, st := newFakeEnv(t, checkout.Settings{})
	p := countedProduct(t, st, "MUG", catalog.Physical, 2)
	f.register = apperr.New(apperr.Invalid, "frotel: refused", "نشانی کامل نیست.")
	placed, err := svc.Place(context.Background(), checkout.PlaceRequest{Cart: cart.Cart{Lines: []cart.Line{{Product: p, Count: 2}}},
		Buyer: tehranBuyer(), Send: checkout.Pishtaz, Payment: checkout.CashOnDelivery})
	if err != nil {
		t.Fatal(err)
	}
	if placed.Orders[0].State != checkout.StateRegisterFailed {
		t.Fatalf("state %s", placed.Orders[0].State)
	}
	if left := stockLeft(t, st, "MUG"); left != 2 {
		t.Fatalf("stock %d after a refused registration, want 2", left)
	}
}
