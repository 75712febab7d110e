package checkout_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"shop/internal/apperr"
	"shop/internal/checkout"
	"shop/internal/geo"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// fakeFulfilment is a small in-memory Fulfilment: fixed prices, sequential factors, and answers a test can set.
// It makes the domain's decisions visible without the sandbox's HTTP round trips.
type fakeFulfilment struct {
	mu         sync.Mutex
	calls      map[string]int
	factors    int
	register   error                  // returned by Register when set
	verify     map[string]bool        // "paymentID|ref" → verified (false: code 0, verify 0); a missing pair is refused
	verifyFn   func() error           // an error Verify returns before looking at verify, when set
	prices     []checkout.Price       // the Quote answer
	quoteErr   error                  // returned by Quote when set
	status     checkout.PaymentStatus // the PaymentStatus answer
	track      checkout.Tracking      // the Track answer
	last       checkout.RegistrationRequest
	noLinks    bool                // verified virtual orders get links.error=1
	trackErr   error               // returned by Track when set
	coupons    map[string]string   // code → efficacy; others are refused
	onRegister func(call int)      // run at the start of every Register call (1, 2, ...), outside the lock, when set
	links      []checkout.Download // verified results carry these download links, when set and noLinks is off
}

func newFake() *fakeFulfilment {
	return &fakeFulfilment{calls: map[string]int{}, verify: map[string]bool{},
		prices: []checkout.Price{
			{Send: checkout.Pishtaz, Payment: checkout.Online, Post: 300_000, Tax: 27_000, Service: 20_000},
			{Send: checkout.Pishtaz, Payment: checkout.CashOnDelivery, Post: 400_000, Tax: 36_000, Service: 20_000, Packing: 5_000},
		}}
}

func (f *fakeFulfilment) count(op string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[op]++
}

func (f *fakeFulfilment) Calls(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

func (f *fakeFulfilment) Quote(_ context.Context, _ checkout.QuoteRequest) ([]checkout.Price, error) {
	f.count("quote")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.quoteErr != nil {
		return nil, f.quoteErr
	}
	return f.prices, nil
}

func (f *fakeFulfilment) Register(_ context.Context, req checkout.RegistrationRequest) (checkout.Registration, error) {
	f.count("register")
	if f.onRegister != nil {
		f.onRegister(f.Calls("register"))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.last = req
	if f.register != nil {
		return checkout.Registration{}, f.register
	}
	f.factors++
	var total int64
	for _, it := range req.Items {
		total += it.Total
	}
	return checkout.Registration{FactorID: fmt.Sprintf("%020d", f.factors), Total: total,
		Banks: []checkout.Bank{{ID: "1", Name: "ملت"}}}, nil
}

func (f *fakeFulfilment) PaymentForm(_ context.Context, req checkout.PaymentRequest) (checkout.PaymentForm, error) {
	f.count("paymentForm")
	return checkout.PaymentForm{Action: "https://bank.example/pay", Method: "POST",
		Fields: []checkout.FormField{{Name: "factor", Value: req.FactorID}}}, nil
}

func (f *fakeFulfilment) Verify(_ context.Context, req checkout.VerifyRequest) (checkout.VerifyResult, error) {
	f.count("verify")
	if f.verifyFn != nil {
		if err := f.verifyFn(); err != nil {
			return checkout.VerifyResult{}, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	ok, known := f.verify[req.PaymentID+"|"+req.Ref]
	if known && !ok {
		return checkout.VerifyResult{Message: "پرداخت انجام نشده است"}, nil // code 0, verify 0
	}
	if ok {
		res := checkout.VerifyResult{Verified: true, TrackingCode: "123456789012"}
		if f.noLinks {
			res.Links = &checkout.DownloadLinks{Error: true, ErrorMessage: "خطا در ساخت لینک"}
		} else if f.links != nil {
			res.Links = &checkout.DownloadLinks{Files: f.links}
		}
		return res, nil
	}
	return checkout.VerifyResult{}, apperr.Wrap(apperr.Invalid, "پرداخت یافت نشد.", fmt.Errorf("%w: unknown payment", checkout.ErrRefused))
}

func (f *fakeFulfilment) PaymentStatus(context.Context, string) (checkout.PaymentStatus, error) {
	f.count("paymentStatus")
	return f.status, nil
}

func (f *fakeFulfilment) CheckCoupon(_ context.Context, code string) (checkout.Coupon, error) {
	f.count("checkCoupon")
	f.mu.Lock()
	defer f.mu.Unlock()
	if eff, ok := f.coupons[code]; ok {
		return checkout.Coupon{Code: code, Efficacy: eff}, nil
	}
	return checkout.Coupon{}, apperr.Wrap(apperr.Invalid, "کد تخفیف نامعتبر است", fmt.Errorf("%w: code 7", checkout.ErrRefused))
}

func (f *fakeFulfilment) Track(context.Context, string) (checkout.Tracking, error) {
	f.count("track")
	if f.trackErr != nil {
		return checkout.Tracking{}, f.trackErr
	}
	return f.track, nil
}

// newFakeEnv is a checkout service on real SQLite and the fake fulfilment.
func newFakeEnv(t *testing.T, settings checkout.Settings, opts ...checkout.Option) (*checkout.Service, *fakeFulfilment, *store.Store) {
	t.Helper()
	return newFakeEnvOn(t, storetest.Backends()[0], settings, opts...)
}

// newFakeEnvOn is newFakeEnv on one backend of storetest (SQLite, or PostgreSQL when SHOP_TEST_POSTGRES is set).
func newFakeEnvOn(t *testing.T, b storetest.Backend, settings checkout.Settings, opts ...checkout.Option) (*checkout.Service, *fakeFulfilment, *store.Store) {
	t.Helper()
	return newFakeEnvAt(t, b, settings, time.Now, opts...)
}

// newFakeEnvAt is newFakeEnvOn with the service's clock.
func newFakeEnvAt(t *testing.T, b storetest.Backend, settings checkout.Settings, now func() time.Time, opts ...checkout.Option) (*checkout.Service, *fakeFulfilment, *store.Store) {
	t.Helper()
	st := b.Open(t)
	f := newFake()
	settings.PublicURL = shopURL
	opts = append([]checkout.Option{checkout.VerifyWait(2 * time.Second), checkout.VerifyRetryPauses(time.Millisecond, time.Millisecond)}, opts...)
	svc, err := checkout.NewService(st, f, geo.Default(), settings, now, slog.New(slog.DiscardHandler), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return svc, f, st
}
