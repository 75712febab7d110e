package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

var orderTestTime = time.Date(2025, 3, 1, 10, 30, 0, 123456000, time.UTC)

func sampleOrder(token, group string) *checkout.Order {
	return &checkout.Order{
		Token: token, Group: group, Kind: catalog.Kind("physical"), State: checkout.StateRegistering,
		Buyer: checkout.Buyer{
			FirstName: "علی", LastName: "رضایی", Mobile: "09121234567", Phone: "02112345678",
			Gender: checkout.Female, Email: "ali@example.com", Address: "تهران، خیابان آزادی", PostalCode: "1234567890",
			ProvinceID: 8, ProvinceName: "تهران", CityID: 301, CityName: "تهران", Message: "زنگ نزنید", IP: "203.0.113.7",
		},
		Items: []checkout.Item{
			{Code: "B1", Name: "کتاب", UnitPrice: 1_200_000, Count: 2, UnitWeight: 400, DiscountPercent: 10,
				TaxPercent: 9, FreeShipping: false, CommissionPercent: 5, MarketerID: 12, Total: 2_354_400},
			{Code: "M2", Name: "ماگ", UnitPrice: 350_000, Count: 1, UnitWeight: 300, FreeShipping: true, Total: 350_000},
		},
		Send: checkout.Pishtaz, Payment: checkout.CashOnDelivery, FreeShip: false,
		GoodsTotal: 2_704_400, Shipping: 180_000, Total: 2_884_400,
		CreatedAt: orderTestTime, UpdatedAt: orderTestTime,
	}
}

func mustCreateOrders(t *testing.T, s *store.Store, orders ...*checkout.Order) {
	t.Helper()
	if err := s.CreateOrders(context.Background(), orders); err != nil {
		t.Fatalf("create orders: %v", err)
	}
}

// normaliseOrderTimes compares times by instant, then copies want's into got so DeepEqual sees only the rest.
func normaliseOrderTimes(t *testing.T, got, want *checkout.Order) {
	t.Helper()
	if !got.CreatedAt.Equal(want.CreatedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("times: got %v/%v, want %v/%v", got.CreatedAt, got.UpdatedAt, want.CreatedAt, want.UpdatedAt)
	}
	got.CreatedAt, got.UpdatedAt = want.CreatedAt, want.UpdatedAt
}

func TestOrderRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		tests := []struct {
			name  string
			order func() *checkout.Order
		}{
			{"items only", func() *checkout.Order { return sampleOrder("tok-plain", "g1") }},
			{"banks and downloads", func() *checkout.Order {
				o := sampleOrder("tok-full", "g2")
				o.Kind = catalog.Kind("virtual")
				o.State = checkout.StateAwaitingPayment
				o.FactorID, o.FactorTotal, o.Remainder, o.Retrying = "F-100", 2_884_400, 2_884_400, true
				o.Banks = []checkout.Bank{{ID: "1", Name: "ملت", Logo: "mellat.png"}, {ID: "2", Name: "سامان", Logo: "saman.png"}}
				o.Downloads = []checkout.Download{{Name: "e-book.pdf", Size: "2MB", Mime: "application/pdf", Count: "3",
					Expire: "1404/01/01", URL: "https://example.com/dl/1"}}
				o.TrackingCode, o.LinksError, o.Problem = "TR-1", "limit", "پرداخت انجام نشد"
				return o
			}},
			{"empty slices stay empty", func() *checkout.Order {
				o := sampleOrder("tok-empty", "g3")
				o.Banks, o.Downloads = []checkout.Bank{}, []checkout.Download{}
				return o
			}},
			{"no items", func() *checkout.Order {
				o := sampleOrder("tok-noitems", "g4")
				o.Items = nil
				return o
			}},
		}
		s := db.Open(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				o := tt.order()
				mustCreateOrders(t, s, o)
				if o.ID == 0 {
					t.Fatal("ID not filled")
				}
				got, err := s.OrderByToken(ctx, o.Token)
				if err != nil {
					t.Fatalf("order by token: %v", err)
				}
				normaliseOrderTimes(t, got, o)
				if !reflect.DeepEqual(got, o) {
					t.Errorf("round trip:\n got %+v\nwant %+v", got, o)
				}
			})
		}
	})
}

func TestCreateOrdersFillsTimesAndIDs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		a, b := sampleOrder("a", "g"), sampleOrder("b", "g")
		a.CreatedAt, a.UpdatedAt = time.Time{}, time.Time{}
		mustCreateOrders(t, s, a, b)
		if a.ID == 0 || b.ID == 0 || a.ID == b.ID {
			t.Fatalf("ids %d, %d", a.ID, b.ID)
		}
		if a.CreatedAt.IsZero() || a.UpdatedAt.IsZero() {
			t.Errorf("times not filled: %v %v", a.CreatedAt, a.UpdatedAt)
		}
		if !b.CreatedAt.Equal(orderTestTime) {
			t.Errorf("given CreatedAt changed to %v", b.CreatedAt)
		}
	})
}

func TestCreateOrdersIsOneTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		mustCreateOrders(t, s, sampleOrder("taken", "g0"))
		fresh, dup := sampleOrder("fresh", "g1"), sampleOrder("taken", "g1")
		if err := s.CreateOrders(ctx, []*checkout.Order{fresh, dup}); err == nil {
			t.Fatal("duplicate token accepted")
		}
		if _, err := s.OrderByToken(ctx, "fresh"); !errors.Is(err, checkout.ErrOrderNotFound) {
			t.Errorf("first order of a failed batch: err %v, want not found", err)
		}
		if fresh.ID != 0 {
			t.Errorf("rolled-back order kept ID %d", fresh.ID)
		}
	})
}

func TestUpdateOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		tests := []struct {
			name    string
			from    checkout.State
			wantErr error
		}{
			{"from the current state", checkout.StateRegistering, nil},
			{"from a stale state", checkout.StateAwaitingPayment, checkout.ErrStale},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := db.Open(t)
				o := sampleOrder("tok", "g")
				o.Problem, o.Retrying = "old problem", true
				mustCreateOrders(t, s, o)

				changed := *o
				changed.State = checkout.StateAwaitingPayment
				changed.FactorID, changed.FactorTotal, changed.Remainder = "F-7", 2_884_400, 2_884_400
				changed.Banks = []checkout.Bank{{ID: "9", Name: "ملی"}}
				changed.Downloads = []checkout.Download{{Name: "f", URL: "u"}}
				changed.Problem, changed.Retrying = "", false // zero values must be written too
				changed.Buyer.Mobile = "09350000000"
				changed.Items = nil // items are immutable: an update must not drop them

				err := s.UpdateOrder(ctx, &changed, tt.from)
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("update: err %v, want %v", err, tt.wantErr)
				}
				got, err := s.OrderByToken(ctx, "tok")
				if err != nil {
					t.Fatal(err)
				}
				want := o
				if tt.wantErr == nil {
					want = &changed
					want.Items = o.Items
					if !changed.UpdatedAt.After(orderTestTime) {
						t.Errorf("UpdatedAt not advanced: %v", changed.UpdatedAt)
					}
				}
				normaliseOrderTimes(t, got, want)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("after update:\n got %+v\nwant %+v", got, want)
				}
			})
		}
	})
}

func TestUpdateOrderUnknownIsStale(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		o := sampleOrder("ghost", "g")
		o.ID = 999
		if err := s.UpdateOrder(context.Background(), o, checkout.StateRegistering); !errors.Is(err, checkout.ErrStale) {
			t.Errorf("err %v, want ErrStale", err)
		}
	})
}

func TestOrderLookups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		a, b, c := sampleOrder("a", "basket-1"), sampleOrder("b", "basket-1"), sampleOrder("c", "basket-2")
		b.FactorID = "F-42"
		mustCreateOrders(t, s, a, b, c)

		t.Run("by factor", func(t *testing.T) {
			got, err := s.OrderByFactor(ctx, "F-42")
			if err != nil {
				t.Fatal(err)
			}
			if got.Token != "b" || len(got.Items) != 2 || got.Items[0].Code != "B1" || got.Items[1].Code != "M2" {
				t.Errorf("got %+v", got)
			}
		})
		notFound := []struct {
			name string
			get  func() (*checkout.Order, error)
		}{
			{"unknown token", func() (*checkout.Order, error) { return s.OrderByToken(ctx, "nope") }},
			{"unknown factor", func() (*checkout.Order, error) { return s.OrderByFactor(ctx, "F-0") }},
			{"empty factor shared by unregistered orders", func() (*checkout.Order, error) { return s.OrderByFactor(ctx, "") }},
		}
		for _, tt := range notFound {
			t.Run(tt.name, func(t *testing.T) {
				o, err := tt.get()
				if !errors.Is(err, checkout.ErrOrderNotFound) || o != nil {
					t.Errorf("got %v, %v; want nil, ErrOrderNotFound", o, err)
				}
			})
		}
		groups := []struct {
			group string
			want  []string
		}{
			{"basket-1", []string{"a", "b"}},
			{"basket-2", []string{"c"}},
			{"basket-none", nil},
		}
		for _, tt := range groups {
			t.Run("group "+tt.group, func(t *testing.T) {
				orders, err := s.OrdersInGroup(ctx, tt.group)
				if err != nil {
					t.Fatal(err)
				}
				var tokens []string
				for _, o := range orders {
					tokens = append(tokens, o.Token)
					if len(o.Items) != 2 {
						t.Errorf("order %s has %d items", o.Token, len(o.Items))
					}
				}
				if !reflect.DeepEqual(tokens, tt.want) {
					t.Errorf("tokens %v, want %v", tokens, tt.want)
				}
			})
		}
	})
}

func TestReopenKeepsOrders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		dsn := db.NewDSN(t)
		s, err := store.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		o := sampleOrder("kept", "g")
		mustCreateOrders(t, s, o)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s, err = store.Open(dsn) // the migrations find nothing to do
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer s.Close()
		got, err := s.OrderByToken(ctx, "kept")
		if err != nil || len(got.Items) != 2 {
			t.Fatalf("after reopen: %+v, %v", got, err)
		}
		if err := s.RecordPaymentAttempt(ctx, checkout.PaymentAttempt{OrderID: 999, Via: "pay"}); err == nil {
			t.Error("foreign key lost after reopen")
		}
	})
}
