package frotel

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testAPIKey = "secret-key-0123456789"

// behaviour is how a fake mirror misbehaves.
type behaviour string

const (
	healthy  behaviour = "healthy"
	refusing behaviour = "refusing" // closed listener: connection refused
	hanging  behaviour = "hanging"  // accepts, never answers
	htmlPage behaviour = "html 200"
	status5x behaviour = "500"
	apiError behaviour = "api error"
	specForm behaviour = "spec pay form"     // pay answers the spec's own example, a form with no action
	notAPage behaviour = "pay not a page"    // pay answers an object where the HTML string belongs
	relForm  behaviour = "relative pay form" // pay answers a form whose action is relative to the mirror
)

// fakeMirror is one mirror under httptest; it answers every method with the
// recorded fixture for it and counts the requests per path.
type fakeMirror struct {
	URL   string
	mu    sync.Mutex
	hits  map[string]int
	last  string // last body seen
	ctype string
}

func (m *fakeMirror) count(path string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits[path]
}

var fixtureFor = map[string]string{
	"order/getPrices.json":            "getprices.json",
	"order/registerOrder.json":        "register_online.json",
	"order/registerOrderVirtual.json": "register_online.json",
	"order/registerOrderService.json": "register_online.json",
	"payment/pay.json":                "pay_mellat.json",
	"payment/continuePay.json":        "pay_mellat.json",
	"payment/checkPay.json":           "checkpay_virtual.json",
	"order/orderPay.json":             "orderpay.json",
	"order/tracking.json":             "tracking.json",
	"order/checkCoupon.json":          "coupon.json",
}

func newFakeMirror(t testing.TB, b behaviour) *fakeMirror {
	t.Helper()
	m := &fakeMirror{hits: map[string]int{}}
	if b == refusing {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		m.URL = "http://" + ln.Addr().String() + "/ws/v1/rest"
		ln.Close()
		return m
	}
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimPrefix(r.URL.Path, "/ws/v1/rest/")
		body, _ := io.ReadAll(r.Body)
		m.mu.Lock()
		m.hits[path]++
		m.last, m.ctype = string(body), r.Header.Get("Content-Type")
		m.mu.Unlock()
		switch b {
		case hanging:
			select {
			case <-r.Context().Done():
			case <-release:
			}
		case htmlPage:
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html><body>Service Unavailable</body></html>")
		case status5x:
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"code":0,"message":"","result":[]}`)
		case specForm:
			data, _ := os.ReadFile(filepath.Join("testdata", "pay.json"))
			w.Write(data)
		case notAPage:
			io.WriteString(w, `{"code":0,"message":"","result":{"form":1}}`)
		case relForm:
			io.WriteString(w, `{"code":"0","message":[],"result":"<form action=\"/bank/go\"><input name=\"t\" value=\"1\"></form>"}`)
		case apiError:
			io.WriteString(w, `{"code":104,"message":"کلید API نامعتبر است","result":[]}`)
		default:
			data, err := os.ReadFile(filepath.Join("testdata", fixtureFor[path]))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Write(data)
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs before srv.Close
	m.URL = srv.URL + "/ws/v1/rest"
	return m
}

// testClock is a settable Now.
type testClock struct{ ns atomic.Int64 }

func newTestClock() *testClock {
	c := &testClock{}
	c.ns.Store(time.Date(2026, 3, 21, 10, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *testClock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *testClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

func newTestClient(t testing.TB, clock *testClock, logs io.Writer, mirrors ...*fakeMirror) *Client {
	t.Helper()
	urls := make([]string, len(mirrors))
	for i, m := range mirrors {
		urls[i] = m.URL
	}
	if logs == nil {
		logs = io.Discard
	}
	c, err := New(Config{
		URLs: urls, APIKey: testAPIKey, Timeout: time.Second, Cooldown: 30 * time.Second, // generous: -race on a busy 2-core machine
		Now: clock.Now, Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var testPriceRequest = PriceRequest{BasketTotal: 670000, WeightGrams: 200, CityID: 1,
	SendMethods: []SendMethod{Pishtaz, Sefareshi}, PaymentWays: []PaymentWay{Online, CashOnDelivery}}

func TestGetPricesFailover(t *testing.T) {
	for _, first := range []behaviour{refusing, hanging, htmlPage, status5x} {
		t.Run(string(first), func(t *testing.T) {
			clock := newTestClock()
			bad, good := newFakeMirror(t, first), newFakeMirror(t, healthy)
			c := newTestClient(t, clock, nil, bad, good)

			prices, err := c.GetPrices(context.Background(), testPriceRequest)
			if err != nil {
				t.Fatalf("GetPrices: %v", err)
			}
			if len(prices.Options) != 4 {
				t.Errorf("got %d options, want 4", len(prices.Options))
			}
			stats := c.MirrorStats()
			if stats[0].Requests != 1 || stats[0].Errors != 1 || stats[0].LastError == "" {
				t.Errorf("bad mirror stats = %+v", stats[0])
			}
			if want := clock.Now().Add(30 * time.Second); !stats[0].DownUntil.Equal(want) {
				t.Errorf("DownUntil = %v, want %v", stats[0].DownUntil, want)
			}
			if stats[1].Requests != 1 || stats[1].Errors != 0 {
				t.Errorf("good mirror stats = %+v", stats[1])
			}

			// Within the cool-down the bad mirror is skipped.
			clock.Advance(10 * time.Second)
			if _, err := c.GetPrices(context.Background(), testPriceRequest); err != nil {
				t.Fatalf("second GetPrices: %v", err)
			}
			stats = c.MirrorStats()
			if stats[0].Requests != 1 || stats[1].Requests != 2 {
				t.Errorf("during cool-down: requests = %d, %d; want 1, 2", stats[0].Requests, stats[1].Requests)
			}

			// After it, the mirror is tried first again.
			clock.Advance(21 * time.Second)
			if _, err := c.GetPrices(context.Background(), testPriceRequest); err != nil {
				t.Fatalf("third GetPrices: %v", err)
			}
			if stats = c.MirrorStats(); stats[0].Requests != 2 {
				t.Errorf("after cool-down: bad mirror requests = %d, want 2", stats[0].Requests)
			}
		})
	}
}

func TestAllMirrorsCoolingAreStillTried(t *testing.T) {
	clock := newTestClock()
	m1, m2 := newFakeMirror(t, status5x), newFakeMirror(t, status5x)
	c := newTestClient(t, clock, nil, m1, m2)
	_, err := c.GetPrices(context.Background(), testPriceRequest)
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, ErrBadResponse) {
		t.Fatalf("err = %v, want ErrUnavailable wrapping ErrBadResponse", err)
	}
	clock.Advance(time.Second)
	_, _ = c.GetPrices(context.Background(), testPriceRequest)
	if m1.count("order/getPrices.json") != 2 || m2.count("order/getPrices.json") != 2 {
		t.Errorf("hits = %d, %d; want both tried again", m1.count("order/getPrices.json"), m2.count("order/getPrices.json"))
	}
}

func TestAPIErrorIsNotRetried(t *testing.T) {
	clock := newTestClock()
	m1, m2 := newFakeMirror(t, apiError), newFakeMirror(t, healthy)
	c := newTestClient(t, clock, nil, m1, m2)
	_, err := c.GetPrices(context.Background(), testPriceRequest)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != 104 || apiErr.Message != "کلید API نامعتبر است" {
		t.Fatalf("err = %v, want *APIError 104", err)
	}
	if n := m2.count("order/getPrices.json"); n != 0 {
		t.Errorf("mirror 2 got %d requests, want 0", n)
	}
	if s := c.MirrorStats()[0]; s.Errors != 0 || !s.DownUntil.IsZero() {
		t.Errorf("a refusing API is a healthy mirror: %+v", s)
	}
}

func TestRegisterOrderFailover(t *testing.T) {
	order := PhysicalOrder{Buyer: testBuyer, Payment: Online, Send: Pishtaz, Items: []Item{testItem}}
	tests := []struct {
		first   behaviour
		wantErr error // nil: succeeds on mirror 2
	}{
		{refusing, nil},
		{hanging, ErrOutcomeUnknown},
		{status5x, ErrOutcomeUnknown},
		{htmlPage, ErrOutcomeUnknown},
	}
	for _, tt := range tests {
		t.Run(string(tt.first), func(t *testing.T) {
			m1, m2 := newFakeMirror(t, tt.first), newFakeMirror(t, healthy)
			c := newTestClient(t, newTestClock(), nil, m1, m2)
			reg, err := c.RegisterOrder(context.Background(), order)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			wantHits := 1
			if tt.wantErr != nil {
				wantHits = 0
				if errors.Is(err, ErrUnavailable) {
					t.Errorf("outcome unknown must not also read as unavailable: %v", err)
				}
			} else if reg.Factor.ID != "22000000000000000000" {
				t.Errorf("factor = %q", reg.Factor.ID)
			}
			if n := m2.count("order/registerOrder.json"); n != wantHits {
				t.Errorf("mirror 2 got %d register requests, want %d", n, wantHits)
			}
		})
	}
	t.Run("every mirror refusing", func(t *testing.T) {
		c := newTestClient(t, newTestClock(), nil, newFakeMirror(t, refusing), newFakeMirror(t, refusing))
		_, err := c.RegisterOrder(context.Background(), order)
		if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrOutcomeUnknown) {
			t.Errorf("err = %v, want ErrUnavailable only", err)
		}
	})
}

func TestPayHangingIsOutcomeUnknown(t *testing.T) {
	m1, m2 := newFakeMirror(t, hanging), newFakeMirror(t, healthy)
	c := newTestClient(t, newTestClock(), nil, m1, m2)
	_, err := c.Pay(context.Background(), PayRequest{FactorID: "22000000000000000000", BankID: "1", CallbackURL: "https://shop.example/cb"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if n := m2.count("payment/pay.json"); n != 0 {
		t.Errorf("mirror 2 got %d pay requests", n)
	}
}

func TestPaySpecFormIsAFramedPage(t *testing.T) {
	m1, m2 := newFakeMirror(t, specForm), newFakeMirror(t, healthy)
	c := newTestClient(t, newTestClock(), nil, m1, m2)
	form, err := c.Pay(context.Background(), PayRequest{FactorID: "22000000000000000000", BankID: "1", CallbackURL: "https://shop.example/cb"})
	if err != nil || form.Action != "" || form.Page != framedPagePrefix+"<form><!--   --></form>" {
		t.Fatalf("Pay = %+v, %v; want the spec's page for a frame", form, err)
	}
	if n := m2.count("payment/pay.json"); n != 0 {
		t.Errorf("mirror 2 got %d pay requests", n)
	}
}

func TestPayRelativeActionIsTheMirrors(t *testing.T) {
	m := newFakeMirror(t, relForm)
	c := newTestClient(t, newTestClock(), nil, m)
	form, err := c.ContinuePay(context.Background(), PayRequest{FactorID: "22000000000000000000", BankID: "1", CallbackURL: "https://shop.example/cb"})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSuffix(m.URL, "/ws/v1/rest") + "/bank/go"; form.Action != want || len(form.Fields) != 1 {
		t.Errorf("form = %+v, want action %s and its one field", form, want)
	}
}

func TestPayBadFormIsNotRetried(t *testing.T) {
	m1, m2 := newFakeMirror(t, notAPage), newFakeMirror(t, healthy)
	c := newTestClient(t, newTestClock(), nil, m1, m2)
	_, err := c.Pay(context.Background(), PayRequest{FactorID: "22000000000000000000", BankID: "1", CallbackURL: "https://shop.example/cb"})
	if !errors.Is(err, ErrBadRedirectForm) || !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrBadRedirectForm and ErrOutcomeUnknown", err)
	}
	if n := m2.count("payment/pay.json"); n != 0 {
		t.Errorf("mirror 2 got %d pay requests", n)
	}
	if s := c.MirrorStats()[0]; s.Errors != 1 || !s.DownUntil.IsZero() {
		t.Errorf("a bad form is no sign of a sick mirror: %+v", s)
	}
	if got, want := ShopperMessage(err), ShopperMessage(ErrBadRedirectForm); got != want {
		t.Errorf("ShopperMessage = %q, want the bank sentence %q", got, want)
	}
}

func TestRequestOnTheWire(t *testing.T) {
	m := newFakeMirror(t, healthy)
	c := newTestClient(t, newTestClock(), nil, m)
	if _, err := c.GetPrices(context.Background(), testPriceRequest); err != nil {
		t.Fatal(err)
	}
	want := "api=" + testAPIKey + "&price=670000&weight=200&des_city=1" +
		"&send_type%5B0%5D=1&send_type%5B1%5D=2&buy_type%5B0%5D=2&buy_type%5B1%5D=1"
	if m.last != want {
		t.Errorf("body\n got %s\nwant %s", m.last, want)
	}
	if m.ctype != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q", m.ctype)
	}
}

func TestLogsNeverHoldTheKey(t *testing.T) {
	var logs bytes.Buffer
	c := newTestClient(t, newTestClock(), &logs, newFakeMirror(t, htmlPage), newFakeMirror(t, healthy))
	if _, err := c.RegisterOrderVirtual(context.Background(), VirtualOrder{Buyer: testBuyer, Items: []Item{testItem}}); err == nil {
		t.Fatal("want an error from the html mirror")
	}
	if _, err := c.Tracking(context.Background(), TrackingRequest{FactorID: "22"}); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, secret := range []string{testAPIKey, testBuyer.Mobile, "api="} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{`"method":"order/tracking.json"`, `"outcome":"ok"`, `"outcome":"outcome_unknown"`, `"duration"`, `"mirror":"127.0.0.1:`} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
}

func TestCallerCancellation(t *testing.T) {
	m1, m2 := newFakeMirror(t, hanging), newFakeMirror(t, healthy)
	c := newTestClient(t, newTestClock(), nil, m1, m2)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := c.GetPrices(ctx, testPriceRequest)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want the caller's deadline", err)
	}
	if s := c.MirrorStats()[0]; !s.DownUntil.IsZero() || s.Errors != 0 {
		t.Errorf("the caller giving up is not the mirror's fault: %+v", s)
	}
	if n := m2.count("order/getPrices.json"); n != 0 {
		t.Errorf("mirror 2 got %d requests after the caller gave up", n)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no urls", Config{APIKey: "k"}},
		{"no key", Config{URLs: []string{"http://a.example/ws/v1/rest"}}},
		{"relative url", Config{URLs: []string{"/ws/v1/rest"}, APIKey: "k"}},
		{"ftp url", Config{URLs: []string{"ftp://a.example"}, APIKey: "k"}},
		{"negative timeout", Config{URLs: []string{"http://a.example"}, APIKey: "k", Timeout: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); !errors.Is(err, ErrInvalidRequest) {
				t.Errorf("New = %v, want ErrInvalidRequest", err)
			}
		})
	}
}
