package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"shop/internal/catalog"
	"shop/internal/checkout"
)

func openOrderStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

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

func mustCreateOrders(t *testing.T, s *Store, orders ...*checkout.Order) {
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
	s := openOrderStore(t)
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
}

func TestCreateOrdersFillsTimesAndIDs(t *testing.T) {
	s := openOrderStore(t)
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
}

func TestCreateOrdersIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s := openOrderStore(t)
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
}

func TestUpdateOrder(t *testing.T) {
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
			s := openOrderStore(t)
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
}

func TestUpdateOrderUnknownIsStale(t *testing.T) {
	s := openOrderStore(t)
	o := sampleOrder("ghost", "g")
	o.ID = 999
	if err := s.UpdateOrder(context.Background(), o, checkout.StateRegistering); !errors.Is(err, checkout.ErrStale) {
		t.Errorf("err %v, want ErrStale", err)
	}
}

func TestOrderLookups(t *testing.T) {
	ctx := context.Background()
	s := openOrderStore(t)
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
}

func TestAttemptsAndCallbacksInOrder(t *testing.T) {
	ctx := context.Background()
	s := openOrderStore(t)
	o, other := sampleOrder("o", "g"), sampleOrder("other", "g")
	mustCreateOrders(t, s, o, other)

	attempts := []checkout.PaymentAttempt{
		{OrderID: o.ID, Via: "pay", BankID: "1", CreatedAt: orderTestTime},
		{OrderID: other.ID, Via: "pay", BankID: "1", CreatedAt: orderTestTime},
		{OrderID: o.ID, Via: "continuePay", BankID: "2", Error: "no form", CreatedAt: orderTestTime.Add(time.Minute)},
	}
	for _, a := range attempts {
		if err := s.RecordPaymentAttempt(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	gotA, err := s.PaymentAttempts(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantA := []checkout.PaymentAttempt{attempts[0], attempts[2]}
	for i := range gotA {
		if gotA[i].ID == 0 {
			t.Errorf("attempt %d has no ID", i)
		}
		gotA[i].ID = 0
	}
	if !reflect.DeepEqual(gotA, wantA) {
		t.Errorf("attempts:\n got %+v\nwant %+v", gotA, wantA)
	}

	callbacks := []checkout.Callback{
		{OrderID: o.ID, PaymentID: "p1", Ref: "sb1", Method: "GET", Params: "a=1", Outcome: "verified", ReceivedAt: orderTestTime},
		{OrderID: o.ID, PaymentID: "p1", Ref: "sb1", Method: "POST", Params: "a=2", Outcome: "duplicate", ReceivedAt: orderTestTime},
		{OrderID: other.ID, PaymentID: "p9", Method: "GET", ReceivedAt: orderTestTime},
	}
	for _, c := range callbacks {
		if err := s.RecordCallback(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	gotC, err := s.Callbacks(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range gotC {
		gotC[i].ID = 0
	}
	if !reflect.DeepEqual(gotC, callbacks[:2]) {
		t.Errorf("callbacks:\n got %+v\nwant %+v", gotC, callbacks[:2])
	}
}

func TestForeignKeysRefuseMissingOrder(t *testing.T) {
	ctx := context.Background()
	s := openOrderStore(t)
	const missing = 12345
	tests := []struct {
		name   string
		insert func() error
	}{
		{"item", func() error {
			return s.db.WithContext(ctx).Create(&orderItemRow{OrderID: missing, Code: "X", Name: "x", Count: 1}).Error
		}},
		{"attempt", func() error {
			return s.RecordPaymentAttempt(ctx, checkout.PaymentAttempt{OrderID: missing, Via: "pay"})
		}},
		{"callback", func() error { return s.RecordCallback(ctx, checkout.Callback{OrderID: missing}) }},
		{"verification", func() error {
			_, err := s.ClaimVerification(ctx, missing, "p", "r", orderTestTime, orderTestTime.Add(-staleClaim))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.insert(); err == nil {
				t.Error("row for a missing order accepted")
			}
		})
	}
}

func TestClaimVerificationOnceUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	s := openOrderStore(t)
	o := sampleOrder("o", "g")
	mustCreateOrders(t, s, o)

	const callers = 50
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		wins int
		errs []error
	)
	start := make(chan struct{})
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			// Half the callers bring the genuine pair, half the same payment id with a made-up reference: each
			// pair is claimed by exactly one of its callers.
			ref := "ref-genuine"
			if i%2 == 1 {
				ref = "ref-forged"
			}
			won, err := s.ClaimVerification(ctx, o.ID, "pay-1", ref, orderTestTime, orderTestTime.Add(-staleClaim))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			}
			if won {
				wins++
			}
		}()
	}
	close(start)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d callers failed, first: %v", len(errs), errs[0])
	}
	if wins != 2 {
		t.Fatalf("%d callers won a claim, want exactly 1 per pair (2)", wins)
	}
	v, err := s.GetVerification(ctx, o.ID, "pay-1", "ref-genuine")
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != checkout.VerificationChecking {
		t.Errorf("status %q, want checking", v.Status)
	}
}

func TestClaimVerificationAfterFinish(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		finish    checkout.Verification
		wantClaim bool
	}{
		{"after an error a later callback may check again",
			checkout.Verification{Status: checkout.VerificationError, Error: "timeout"}, true},
		{"after done nobody checks again",
			checkout.Verification{Status: checkout.VerificationDone, Verified: true, Message: "ok", TrackingCode: "T-1"}, false},
		{"after done unverified nobody checks again",
			checkout.Verification{Status: checkout.VerificationDone, Verified: false, Message: "rejected"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openOrderStore(t)
			o := sampleOrder("o", "g")
			mustCreateOrders(t, s, o)
			if won, err := s.ClaimVerification(ctx, o.ID, "p", "sb", orderTestTime, orderTestTime.Add(-staleClaim)); err != nil || !won {
				t.Fatalf("first claim: %v, %v", won, err)
			}
			if won, err := s.ClaimVerification(ctx, o.ID, "p", "sb", orderTestTime, orderTestTime.Add(-staleClaim)); err != nil || won {
				t.Fatalf("claim while checking: %v, %v", won, err)
			}
			fin := tt.finish
			fin.OrderID, fin.PaymentID, fin.Ref, fin.CheckedAt = o.ID, "p", "sb", orderTestTime.Add(time.Second)
			if err := s.FinishVerification(ctx, fin); err != nil {
				t.Fatal(err)
			}
			got, err := s.GetVerification(ctx, o.ID, "p", "sb")
			if err != nil {
				t.Fatal(err)
			}
			if !got.CheckedAt.Equal(fin.CheckedAt) {
				t.Errorf("CheckedAt %v, want %v", got.CheckedAt, fin.CheckedAt)
			}
			got.CheckedAt = fin.CheckedAt
			if !reflect.DeepEqual(got, fin) {
				t.Errorf("finished:\n got %+v\nwant %+v", got, fin)
			}

			won, err := s.ClaimVerification(ctx, o.ID, "p", "sb", orderTestTime.Add(time.Hour), orderTestTime.Add(time.Hour).Add(-staleClaim))
			if err != nil || won != tt.wantClaim {
				t.Fatalf("claim after finish: %v, %v; want %v", won, err, tt.wantClaim)
			}
			if won, err := s.ClaimVerification(ctx, o.ID, "p", "sb", orderTestTime.Add(time.Hour), orderTestTime.Add(time.Hour).Add(-staleClaim)); err != nil || won {
				t.Errorf("second claim after finish: %v, %v; want false", won, err)
			}
		})
	}
}

func TestVerificationsAndMissing(t *testing.T) {
	ctx := context.Background()
	s := openOrderStore(t)
	o := sampleOrder("o", "g")
	mustCreateOrders(t, s, o)
	for _, p := range []string{"p2", "p1"} {
		if _, err := s.ClaimVerification(ctx, o.ID, p, "sb-"+p, orderTestTime, orderTestTime.Add(-staleClaim)); err != nil {
			t.Fatal(err)
		}
	}
	vs, err := s.Verifications(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].PaymentID != "p2" || vs[1].PaymentID != "p1" || vs[0].Ref != "sb-p2" {
		t.Errorf("verifications %+v", vs)
	}
	if _, err := s.GetVerification(ctx, o.ID, "nope", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("get missing: err %v, want ErrNotFound", err)
	}
	err = s.FinishVerification(ctx, checkout.Verification{OrderID: o.ID, PaymentID: "nope", Status: checkout.VerificationDone})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("finish unclaimed: err %v, want ErrNotFound", err)
	}
}

func TestReopenKeepsOrders(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	o := sampleOrder("kept", "g")
	mustCreateOrders(t, s, o)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path) // the migration runs again over the existing tables and constraints
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
}

// staleClaim is the age past which the tests take a claim left checking for abandoned (the shop's grace).
const staleClaim = 2 * time.Minute

func TestClaimVerificationLeftCheckingIsReclaimedWhenStale(t *testing.T) {
	ctx := context.Background()
	s := openOrderStore(t)
	o := sampleOrder("o", "g")
	mustCreateOrders(t, s, o)
	if won, err := s.ClaimVerification(ctx, o.ID, "p", "sb", orderTestTime, orderTestTime.Add(-staleClaim)); err != nil || !won {
		t.Fatalf("first claim: %v, %v", won, err)
	}
	// The claimer died without recording an outcome.
	tests := []struct {
		after time.Duration
		want  bool
	}{
		{time.Minute, false},
		{staleClaim - time.Second, false},
		{staleClaim + time.Second, true},
		{staleClaim + 2*time.Second, false}, // the reclaim itself is a fresh claim
	}
	for _, tt := range tests {
		won, err := s.ClaimVerification(ctx, o.ID, "p", "sb", orderTestTime.Add(tt.after), orderTestTime.Add(tt.after).Add(-staleClaim))
		if err != nil || won != tt.want {
			t.Errorf("claim %v later: %v, %v; want %v", tt.after, won, err, tt.want)
		}
	}
}
