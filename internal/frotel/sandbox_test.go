package frotel_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"shop/internal/frotel"
	"shop/internal/sandbox"
)

const sandboxKey = "sandbox-api-key"

// newSandbox starts the fake Frotel under httptest and a client on its
// three mirrors.
func newSandbox(t *testing.T, timeout time.Duration) (*sandbox.Frotel, *frotel.Client, *httptest.Server) {
	t.Helper()
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	sb := sandbox.NewFrotel(sandbox.FrotelOptions{APIKey: sandboxKey, PublicURL: srv.URL})
	handler = sb.Handler()
	c, err := frotel.New(frotel.Config{URLs: sb.MirrorURLs(), APIKey: sandboxKey, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return sb, c, srv
}

var sandboxBuyer = frotel.Buyer{
	FirstName: "سارا", LastName: "محمدی", Phone: "02144444444", Mobile: "09121234567", Gender: frotel.Female,
	Email: "sara@example.com", Address: "تهران، خیابان انقلاب، پلاک ۱", PostalCode: "1314567890",
	ProvinceID: 1, CityID: 1, IP: "185.1.2.3", Message: "لطفاً قبل از ارسال تماس بگیرید",
}

var book = frotel.Item{ProductCode: "book-1", Name: "کتاب", UnitPrice: 450000, Count: 2, UnitWeight: 400}

// payAtBank submits the redirect form the way the shopper's browser would
// and presses pay (or cancel) on the sandbox bank page; it returns the _i
// and sb our callback would receive.
func payAtBank(t *testing.T, form frotel.RedirectForm, action string) (paymentID, ref string) {
	t.Helper()
	values := url.Values{"action": {action}}
	for _, f := range form.Fields {
		values.Add(f.Name, f.Value)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(form.Action, values)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bank answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if !strings.HasPrefix(loc.String(), "https://shop.example/payment/callback") {
		t.Fatalf("bank returned to %s", loc)
	}
	return loc.Query().Get("_i"), loc.Query().Get("sb")
}

const callback = "https://shop.example/payment/callback?order=1"

func TestSandboxGetPricesAndCoupon(t *testing.T) {
	_, c, _ := newSandbox(t, 5*time.Second)
	ctx := context.Background()
	prices, err := c.GetPrices(ctx, frotel.PriceRequest{BasketTotal: 900000, WeightGrams: 800, CityID: 1,
		SendMethods: []frotel.SendMethod{frotel.Pishtaz, frotel.Sefareshi}, PaymentWays: []frotel.PaymentWay{frotel.Online, frotel.CashOnDelivery}})
	if err != nil {
		t.Fatal(err)
	}
	for _, send := range []frotel.SendMethod{frotel.Pishtaz, frotel.Sefareshi} {
		for _, pay := range []frotel.PaymentWay{frotel.Online, frotel.CashOnDelivery} {
			if q, ok := prices.Find(send, pay); !ok || q.Total() <= 0 || q.Total() != q.Post+q.Tax+q.FrotelService+q.Packing {
				t.Errorf("%v/%v: %+v, %v", send, pay, q, ok)
			}
		}
	}

	coupon, err := c.CheckCoupon(ctx, frotel.CouponRequest{Code: "TAKHFIF10"})
	if err != nil || coupon.Code != "TAKHFIF10" || coupon.Efficacy != "10%" {
		t.Errorf("CheckCoupon = %+v, %v", coupon, err)
	}
	_, err = c.CheckCoupon(ctx, frotel.CouponRequest{Code: "NOPE"})
	var apiErr *frotel.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != sandbox.CodeBadCoupon {
		t.Errorf("bad coupon err = %v", err)
	}
}

func TestSandboxCashOnDelivery(t *testing.T) {
	_, c, _ := newSandbox(t, 5*time.Second)
	ctx := context.Background()
	reg, err := c.RegisterOrder(ctx, frotel.PhysicalOrder{Buyer: sandboxBuyer, Payment: frotel.CashOnDelivery,
		Send: frotel.Sefareshi, Items: []frotel.Item{book}})
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Factor.ID) != 20 || reg.Factor.Total <= 2*450000 || len(reg.Factor.Banks) != 0 || len(reg.Items) != 1 {
		t.Errorf("registration = %+v", reg)
	}
	tr, err := c.Tracking(ctx, frotel.TrackingRequest{FactorID: reg.Factor.ID})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Order.State != frotel.StatePreparing || tr.Order.Payment != frotel.CashOnDelivery || tr.Order.Price != reg.Factor.Total {
		t.Errorf("tracking = %+v", tr)
	}
	_, err = c.Pay(ctx, frotel.PayRequest{FactorID: reg.Factor.ID, BankID: "1", CallbackURL: callback})
	var apiErr *frotel.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != sandbox.CodeNotPayable {
		t.Errorf("paying a COD order: %v", err)
	}
}

func TestSandboxOnlinePaymentWithRetry(t *testing.T) {
	sb, c, _ := newSandbox(t, 5*time.Second)
	ctx := context.Background()
	reg, err := c.RegisterOrder(ctx, frotel.PhysicalOrder{Buyer: sandboxBuyer, Payment: frotel.Online,
		Send: frotel.Pishtaz, Items: []frotel.Item{book}, Coupon: "TAKHFIF10"})
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Factor.Banks) != 2 || reg.Factor.Banks[0].ID != "1" || reg.Factor.Banks[0].Logo == "" {
		t.Fatalf("banks = %+v", reg.Factor.Banks)
	}

	// First attempt: the shopper cancels at the bank.
	form, err := c.Pay(ctx, frotel.PayRequest{FactorID: reg.Factor.ID, BankID: reg.Factor.Banks[0].ID, CallbackURL: callback})
	if err != nil {
		t.Fatal(err)
	}
	if form.Method != "POST" || len(form.Fields) == 0 {
		t.Errorf("form = %+v", form)
	}
	id, ref := payAtBank(t, form, "cancel")
	v, err := c.CheckPay(ctx, frotel.CheckPayRequest{PaymentID: id, Ref: ref, FactorID: reg.Factor.ID})
	if err != nil || v.Verified || v.PaymentID != id {
		t.Fatalf("CheckPay after cancel = %+v, %v", v, err)
	}

	// Retry: orderPay offers banks again, continuePay gives a new form.
	status, err := c.OrderPay(ctx, frotel.OrderPayRequest{FactorID: reg.Factor.ID})
	if err != nil || !status.CanContinue() || status.Remainder != reg.Factor.Total || status.State != frotel.StatePending {
		t.Fatalf("OrderPay = %+v, %v", status, err)
	}
	form, err = c.ContinuePay(ctx, frotel.PayRequest{FactorID: reg.Factor.ID, BankID: status.Banks[1].ID, CallbackURL: callback})
	if err != nil {
		t.Fatal(err)
	}
	id, ref = payAtBank(t, form, "pay")
	v, err = c.CheckPay(ctx, frotel.CheckPayRequest{PaymentID: id, Ref: ref, FactorID: reg.Factor.ID})
	if err != nil || !v.Verified || v.TrackingCode == "" || v.Links != nil {
		t.Fatalf("CheckPay after pay = %+v, %v", v, err)
	}

	status, err = c.OrderPay(ctx, frotel.OrderPayRequest{FactorID: reg.Factor.ID})
	if err != nil || status.CanContinue() || status.Remainder != 0 || status.Paid != reg.Factor.Total {
		t.Errorf("OrderPay after paying = %+v, %v", status, err)
	}

	if err := sb.Advance(reg.Factor.ID, "توزیع شده"); err != nil {
		t.Fatal(err)
	}
	tr, err := c.Tracking(ctx, frotel.TrackingRequest{FactorID: reg.Factor.ID})
	if err != nil || tr.Order.State != frotel.StateDelivered || tr.Order.Barcode == "" || tr.Order.Payment != frotel.Online {
		t.Errorf("tracking = %+v, %v", tr, err)
	}
}

func TestSandboxVirtualOrder(t *testing.T) {
	sb, c, _ := newSandbox(t, 5*time.Second)
	ctx := context.Background()
	reg, err := c.RegisterOrderVirtual(ctx, frotel.VirtualOrder{Buyer: sandboxBuyer,
		Items: []frotel.Item{{ProductCode: "ebook-12", Name: "کتاب الکترونیکی", UnitPrice: 150000, Count: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	form, err := c.Pay(ctx, frotel.PayRequest{FactorID: reg.Factor.ID, BankID: reg.Factor.Banks[0].ID, CallbackURL: callback})
	if err != nil {
		t.Fatal(err)
	}
	id, ref := payAtBank(t, form, "pay")
	v, err := c.CheckPay(ctx, frotel.CheckPayRequest{PaymentID: id, Ref: ref, FactorID: reg.Factor.ID})
	if err != nil || !v.Verified || v.Links == nil || v.Links.Error || len(v.Links.Files) != 1 {
		t.Fatalf("CheckPay = %+v, %v", v, err)
	}
	resp, err := http.Get(v.Links.Files[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("download %s: HTTP %d", v.Links.Files[0].URL, resp.StatusCode)
	}

	// Links that fail upstream arrive as an error text, the payment still verified.
	sb.SetLinksError(reg.Factor.ID, true)
	v, err = c.CheckPay(ctx, frotel.CheckPayRequest{PaymentID: id, Ref: ref, FactorID: reg.Factor.ID})
	if err != nil || !v.Verified || v.Links == nil || !v.Links.Error || v.Links.ErrorMessage == "" {
		t.Errorf("CheckPay with links error = %+v, %v", v, err)
	}
}

func TestSandboxServiceOrder(t *testing.T) {
	_, c, _ := newSandbox(t, 5*time.Second)
	ctx := context.Background()
	reg, err := c.RegisterOrderService(ctx, frotel.ServiceOrder{Buyer: sandboxBuyer,
		Items: []frotel.Item{{ProductCode: "install-1", Name: "نصب", UnitPrice: 300000, Count: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := c.Tracking(ctx, frotel.TrackingRequest{FactorID: reg.Factor.ID})
	if err != nil || tr.Order.Type != "3" || tr.Payment.PayLink == "" || tr.Customer != "سارا محمدی" {
		t.Errorf("tracking = %+v, %v", tr, err)
	}
}

func TestSandboxMirrorFaults(t *testing.T) {
	order := frotel.PhysicalOrder{Buyer: sandboxBuyer, Payment: frotel.CashOnDelivery, Send: frotel.Pishtaz, Items: []frotel.Item{book}}
	prices := frotel.PriceRequest{BasketTotal: 900000, WeightGrams: 800, CityID: 1,
		SendMethods: []frotel.SendMethod{frotel.Pishtaz}, PaymentWays: []frotel.PaymentWay{frotel.CashOnDelivery}}
	tests := []struct {
		name       string
		fault      sandbox.Fault
		wantRegErr error
	}{
		// Every fault here strikes after the request was written, so the
		// register call must stop and report, never try mirror 2.
		{"down", sandbox.Fault{Down: true}, frotel.ErrOutcomeUnknown},
		{"slow", sandbox.Fault{Delay: 400 * time.Millisecond}, frotel.ErrOutcomeUnknown},
		{"500", sandbox.Fault{Status500: true}, frotel.ErrOutcomeUnknown},
		{"malformed", sandbox.Fault{Malformed: true}, frotel.ErrOutcomeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, c, _ := newSandbox(t, 150*time.Millisecond)
			sb.SetFault(1, tt.fault)
			ctx := context.Background()
			if _, err := c.GetPrices(ctx, prices); err != nil {
				t.Fatalf("GetPrices should fail over: %v", err)
			}
			if s := c.MirrorStats(); s[0].Errors != 1 || s[1].Requests != 1 {
				t.Errorf("stats = %+v", s)
			}
			// A fresh client so mirror 1 is not cooling down.
			c2, err := frotel.New(frotel.Config{URLs: sb.MirrorURLs(), APIKey: sandboxKey, Timeout: 150 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c2.RegisterOrder(ctx, order)
			if !errors.Is(err, tt.wantRegErr) {
				t.Fatalf("RegisterOrder err = %v, want %v", err, tt.wantRegErr)
			}
			if n := sb.Calls("registerOrder"); n != 1 {
				t.Errorf("registerOrder reached the sandbox %d times, want exactly once", n)
			}
		})
	}
	t.Run("api error on one mirror is final", func(t *testing.T) {
		sb, c, _ := newSandbox(t, time.Second)
		sb.SetFault(1, sandbox.Fault{APIError: map[string]int{"tracking": 99}})
		_, err := c.Tracking(context.Background(), frotel.TrackingRequest{FactorID: "22000000000000000000"})
		var apiErr *frotel.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != 99 || sb.Calls("tracking") != 1 {
			t.Errorf("err = %v, calls = %d", err, sb.Calls("tracking"))
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		sb, _, _ := newSandbox(t, time.Second)
		c, _ := frotel.New(frotel.Config{URLs: sb.MirrorURLs(), APIKey: "wrong"})
		_, err := c.GetPrices(context.Background(), prices)
		var apiErr *frotel.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != sandbox.CodeBadAPIKey {
			t.Errorf("err = %v", err)
		}
	})
}
