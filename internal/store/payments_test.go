package store_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"shop/internal/checkout"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

func TestAttemptsAndCallbacksInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
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
	})
}

func TestForeignKeysRefuseMissingOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		const missing = 12345
		tests := []struct {
			name   string
			insert func() error
		}{
			{"item", func() error {
				return store.WriteDB(s).WithContext(ctx).Create(&store.OrderItemRow{OrderID: missing, Code: "X", Name: "x", Count: 1}).Error
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
	})
}

func TestClaimVerificationOnceUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
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
				// Half the callers bring the genuine pair, half the same payment id with a made-up reference:
				// each pair is claimed by exactly one of its callers.
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
			t.Fatalf("%d callers won the claim, want exactly 1", wins)
		}
		v, err := s.GetVerification(ctx, o.ID, "pay-1", "ref-genuine")
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != checkout.VerificationChecking {
			t.Errorf("status %q, want checking", v.Status)
		}
	})
}

func TestClaimVerificationAfterFinish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
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
				s := db.Open(t)
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
				if !got.CreatedAt.Equal(orderTestTime) {
					t.Errorf("CreatedAt %v, want the first claim's %v", got.CreatedAt, orderTestTime)
				}
				got.CheckedAt, got.CreatedAt = fin.CheckedAt, fin.CreatedAt
				if !reflect.DeepEqual(got, fin) {
					t.Errorf("finished:\n got %+v\nwant %+v", got, fin)
				}

				won, err := s.ClaimVerification(ctx, o.ID, "p", "sb", orderTestTime.Add(time.Hour), orderTestTime.Add(time.Hour-staleClaim))
				if err != nil || won != tt.wantClaim {
					t.Fatalf("claim after finish: %v, %v; want %v", won, err, tt.wantClaim)
				}
				if won, err := s.ClaimVerification(ctx, o.ID, "p", "sb", orderTestTime.Add(time.Hour), orderTestTime.Add(time.Hour-staleClaim)); err != nil || won {
					t.Errorf("second claim after finish: %v, %v; want false", won, err)
				}
			})
		}
	})
}

func TestVerificationsAndMissing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
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
		if _, err := s.GetVerification(ctx, o.ID, "nope", ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("get missing: err %v, want store.ErrNotFound", err)
		}
		err = s.FinishVerification(ctx, checkout.Verification{OrderID: o.ID, PaymentID: "nope", Status: checkout.VerificationDone})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("finish unclaimed: err %v, want store.ErrNotFound", err)
		}
	})
}

func TestClaimVerificationLeftCheckingIsReclaimedWhenStale(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
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
			won, err := s.ClaimVerification(ctx, o.ID, "p", "sb", orderTestTime.Add(tt.after), orderTestTime.Add(tt.after-staleClaim))
			if err != nil || won != tt.want {
				t.Errorf("claim %v later: %v, %v; want %v", tt.after, won, err, tt.want)
			}
		}
	})
}

// staleClaim is the age past which the tests take a claim left checking for abandoned (the shop's grace).
const staleClaim = 2 * time.Minute

// The bank step of an attempt is handed out once, whoever asks and however many at once; another order's key, or
// none, is nobody's.
func TestBankStepClaimedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		o, other := sampleOrder("o", "g"), sampleOrder("other", "g")
		mustCreateOrders(t, s, o, other)
		form := &checkout.PaymentForm{Action: "https://bank.example/pay", Method: "POST",
			Fields: []checkout.FormField{{Name: "RefId", Value: "AF82041a2Bf6989c7fF9"}}}
		if err := s.RecordPaymentAttempt(ctx, checkout.PaymentAttempt{OrderID: o.ID, Via: "pay", BankID: "1",
			CreatedAt: orderTestTime, StepKey: "k1", Form: form}); err != nil {
			t.Fatal(err)
		}
		for name, tc := range map[string]struct {
			order int64
			key   string
		}{"another order's key": {other.ID, "k1"}, "no key": {o.ID, ""}, "unknown key": {o.ID, "k2"}} {
			if _, ok, err := s.ClaimBankStep(ctx, tc.order, tc.key, orderTestTime); ok || err != nil {
				t.Errorf("%s: claimed %v, err %v", name, ok, err)
			}
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var won []checkout.PaymentAttempt
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a, ok, err := s.ClaimBankStep(ctx, o.ID, "k1", orderTestTime.Add(time.Minute))
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					won = append(won, a)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(won) != 1 {
			t.Fatalf("%d callers got the step, want 1", len(won))
		}
		if !reflect.DeepEqual(won[0].Form, form) {
			t.Errorf("form %+v, want %+v", won[0].Form, form)
		}
		got, err := s.PaymentAttempts(ctx, o.ID)
		if err != nil || len(got) != 1 || got[0].ShownAt == nil || !got[0].ShownAt.Equal(orderTestTime.Add(time.Minute)) {
			t.Errorf("attempts after the claim: %+v, %v", got, err)
		}
	})
}
