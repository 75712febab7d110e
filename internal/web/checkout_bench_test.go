package web_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/geo"
	"shop/internal/iran"
	"shop/internal/store"
	"shop/internal/web"
	"shop/internal/web/webtest"
)

// instantFulfilment answers at once with fixed prices and numbered factors: with it, a benchmark of the checkout
// measures the shop's own work (forms, basket, quote arithmetic, storage, pages), the upstream excluded.
type instantFulfilment struct{ factors atomic.Int64 }

func (f *instantFulfilment) Quote(context.Context, checkout.QuoteRequest) ([]checkout.Price, error) {
	return []checkout.Price{
		{Send: checkout.Pishtaz, Payment: checkout.Online, Post: 300_000, Tax: 27_000, Service: 20_000},
		{Send: checkout.Pishtaz, Payment: checkout.CashOnDelivery, Post: 400_000, Tax: 36_000, Service: 20_000},
		{Send: checkout.Sefareshi, Payment: checkout.Online, Post: 200_000, Tax: 18_000, Service: 20_000},
		{Send: checkout.Sefareshi, Payment: checkout.CashOnDelivery, Post: 300_000, Tax: 27_000, Service: 20_000},
	}, nil
}

func (f *instantFulfilment) Register(_ context.Context, req checkout.RegistrationRequest) (checkout.Registration, error) {
	var total int64
	for _, it := range req.Items {
		total += it.Total
	}
	return checkout.Registration{FactorID: fmt.Sprintf("%020d", f.factors.Add(1)), Total: total,
		Banks: []checkout.Bank{{ID: "1", Name: "ملت"}}}, nil
}

func (f *instantFulfilment) PaymentForm(_ context.Context, req checkout.PaymentRequest) (checkout.PaymentForm, error) {
	return checkout.PaymentForm{Action: "https://bank.example/pay", Method: "POST",
		Fields: []checkout.FormField{{Name: "factor", Value: req.FactorID}}}, nil
}

func (f *instantFulfilment) Verify(context.Context, checkout.VerifyRequest) (checkout.VerifyResult, error) {
	return checkout.VerifyResult{}, checkout.ErrRefused
}

func (f *instantFulfilment) PaymentStatus(context.Context, string) (checkout.PaymentStatus, error) {
	return checkout.PaymentStatus{}, nil
}

func (f *instantFulfilment) CheckCoupon(_ context.Context, code string) (checkout.Coupon, error) {
	return checkout.Coupon{Code: code, Efficacy: "10%"}, nil
}

func (f *instantFulfilment) Track(context.Context, string) (checkout.Tracking, error) {
	return checkout.Tracking{}, nil
}

// BenchmarkCheckout is one shopper's checkout served in-process: the product put in the basket (POST), the
// checkout form's shipping quote (POST) and the order placed (POST, saved and registered), with an upstream that
// answers at once. ns/op is the shop's own work per checkout; the pages before (catalog, basket, the empty form)
// are BenchmarkPages'.
func BenchmarkCheckout(b *testing.B) {
	log := slog.New(slog.DiscardHandler)
	st, err := store.Open(filepath.Join(b.TempDir(), "shop.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	if _, err := st.SeedProducts(context.Background(), catalog.DemoProducts()); err != nil {
		b.Fatal(err)
	}
	co, err := checkout.NewService(st, &instantFulfilment{}, geo.Default(), checkout.Settings{PublicURL: "http://shop.test"}, time.Now, log)
	if err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(web.Deps{Catalog: catalog.NewSnapshot(st, 0), Checkout: co, PriceUnit: iran.Toman, Logger: log,
		Sessions: web.NewSessionStore([]byte("bench-secret-bench-secret-bench-secret!!"), false)})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	c := webtest.NewClient(b, ts.URL)
	token := c.Get("/p/saffron-1m").CSRF()

	// post sends a form in-process with the client's cookies and keeps the cookies the answer sets.
	base, _ := url.Parse(ts.URL)
	post := func(path string, form url.Values, want int) *httptest.ResponseRecorder {
		form.Set("_csrf", token)
		req := httptest.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", ts.URL)
		req.Header.Set("Accept-Encoding", "gzip") // as a browser: the quote's page is compressed
		for _, ck := range c.HTTP.Jar.Cookies(base) {
			req.AddCookie(ck)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != want {
			b.Fatalf("POST %s: status %d, want %d: %s", path, w.Code, want, w.Body.String())
		}
		c.HTTP.Jar.SetCookies(base, w.Result().Cookies())
		return w
	}
	buyer := func(i int, action string) url.Values {
		return url.Values{"first_name": {"سارا"}, "last_name": {"محمدی"}, "mobile": {fmt.Sprintf("0912%07d", i)},
			"gender": {"female"}, "address": {"تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲"}, "postal_code": {"1434567891"},
			"province": {"1"}, "city": {"1"}, "action": {action}, "send": {"pishtaz"}, "pay": {"online"}}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		post("/cart/add", url.Values{"code": {"saffron-1m"}}, http.StatusSeeOther)
		if w := post("/checkout", buyer(i, "quote"), http.StatusOK); !strings.Contains(inflate(b, w), `data-testid="quote-table"`) {
			b.Fatal("no shipping table after the quote")
		}
		if w := post("/checkout", buyer(i, "place"), http.StatusSeeOther); !strings.HasPrefix(w.Header().Get("Location"), "/orders/") {
			b.Fatalf("placed: redirected to %q", w.Header().Get("Location"))
		}
	}
}

// inflate is the answer's body, gunzipped when it came so.
func inflate(b *testing.B, w *httptest.ResponseRecorder) string {
	if w.Header().Get("Content-Encoding") != "gzip" {
		return w.Body.String()
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		b.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		b.Fatal(err)
	}
	return string(out)
}
