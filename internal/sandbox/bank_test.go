package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	tokenRe  = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)
	actionRe = regexp.MustCompile(`<form [^>]*action="([^"]+)"`)
)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// payForm calls pay (or continuePay) and returns the HTML form it answered.
func (s *sandbox) payForm(t *testing.T, method, factor, callback string) string {
	t.Helper()
	a := s.call(t, method, url.Values{"factor": {factor}, "bank": {"1"}, "callback": {callback}})
	if a.Code != 0 {
		t.Fatalf("%s: code %d %q", method, a.Code, a.Message)
	}
	var form string
	if err := json.Unmarshal(a.Result, &form); err != nil {
		t.Fatalf("%s: result %s is not a string: %v", method, a.Result, err)
	}
	return form
}

// bank submits the bank page with action pay or cancel and returns where it redirects.
func (s *sandbox) bank(t *testing.T, form, action string) *url.URL {
	t.Helper()
	m := tokenRe.FindStringSubmatch(form)
	if m == nil {
		t.Fatalf("no token in form %s", form)
	}
	resp, err := noRedirect.PostForm(s.url+"/bank/gateway", url.Values{"token": {m[1]}, "action": {action}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bank %s: status %d, want 303", action, resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// onlineOrder registers an online physical order and returns its factor.
func (s *sandbox) onlineOrder(t *testing.T) regResult {
	t.Helper()
	return s.register(t, "order/registerOrder.json", productOrder("2", "1"))
}

func TestPayForm(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	factor := s.onlineOrder(t).Factor.ID
	for _, method := range []string{"payment/pay.json", "payment/continuePay.json"} {
		t.Run(method, func(t *testing.T) {
			form := s.payForm(t, method, factor, "http://shop.test/payment/callback?order=7")
			if m := actionRe.FindStringSubmatch(form); m == nil || m[1] != s.url+"/bank/gateway" {
				t.Errorf("form action: %v in %s", m, form)
			}
			for _, want := range []string{`method="post"`, `type="hidden" name="token"`, `type="hidden" name="RefId"`, `type="submit"`, "<script"} {
				if !strings.Contains(form, want) {
					t.Errorf("form lacks %s: %s", want, form)
				}
			}
		})
	}
}

func TestBankPage(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	r := s.onlineOrder(t)
	form := s.payForm(t, "payment/pay.json", r.Factor.ID, "http://shop.test/cb")
	token := tokenRe.FindStringSubmatch(form)[1]

	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			var resp *http.Response
			var err error
			if method == http.MethodGet {
				resp, err = http.Get(s.url + "/bank/gateway?token=" + token)
			} else {
				resp, err = http.PostForm(s.url+"/bank/gateway", url.Values{"token": {token}})
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page := string(body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if csp := resp.Header.Get("Content-Security-Policy"); csp != "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action *" {
				t.Errorf("CSP = %q", csp)
			}
			amount := persianNumber(r.Factor.Total)
			for _, want := range []string{`lang="fa" dir="rtl"`, `name="viewport"`, `data-testid="bank-pay"`, `data-testid="bank-cancel"`,
				">پرداخت<", ">انصراف<", persianDigits(r.Factor.ID), amount + " ریال", persianNumber(r.Factor.Total/10) + " تومان",
				`src="` + s.url + `/bank/logo/1.svg"`} {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
	t.Run("unknown token", func(t *testing.T) {
		resp, err := http.Get(s.url + "/bank/gateway?token=nope")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
}

func TestBankRedirectsToCallback(t *testing.T) {
	tests := []struct {
		action string
		state  string
	}{
		{"pay", PaymentPaid},
		{"cancel", PaymentCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			s := newSandbox(t, FrotelOptions{})
			factor := s.onlineOrder(t).Factor.ID
			form := s.payForm(t, "payment/pay.json", factor, "https://shop.test/payment/callback?order=42&lang=fa")
			loc := s.bank(t, form, tt.action)
			q := loc.Query()
			if loc.Host != "shop.test" || loc.Path != "/payment/callback" || q.Get("order") != "42" || q.Get("lang") != "fa" {
				t.Errorf("redirect %s lost the callback's own URL or query", loc)
			}
			o, _ := s.Order(factor)
			p := o.Payments[0]
			if q.Get("_i") != "14116" || q.Get("sb") != p.Ref || p.State != tt.state {
				t.Errorf("redirect %s, payment %+v", loc, p)
			}
			if o.Paid != 0 || o.Status != StatusPending {
				t.Errorf("order changed before checkPay: %+v", o)
			}
			// The page cannot be used twice.
			resp, err := noRedirect.PostForm(s.url+"/bank/gateway", url.Values{"token": {tokenRe.FindStringSubmatch(form)[1]}, "action": {"pay"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusConflict {
				t.Errorf("second submit: status %d, want 409", resp.StatusCode)
			}
		})
	}
}

// The pay_link tracking hands out leads to Frotel's own continue page, which
// verifies by itself.
func TestContinueLink(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	factor := s.onlineOrder(t).Factor.ID
	link := s.tracking(t, factor).Payment.PayLink
	resp, err := noRedirect.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("continue: status %d", resp.StatusCode)
	}
	gateway := resp.Header.Get("Location")
	token := strings.TrimPrefix(gateway, s.url+"/bank/gateway?token=")
	loc := s.bank(t, `name="token" value="`+token+`"`, "pay")
	if !strings.HasPrefix(loc.String(), s.url+"/bank/continue/return?") {
		t.Fatalf("return to %s", loc)
	}
	done, err := http.Get(loc.String())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(done.Body)
	done.Body.Close()
	if !strings.Contains(string(body), `data-testid="bank-tracking"`) {
		t.Errorf("result page shows no tracking code: %s", body)
	}
	if o, _ := s.Order(factor); o.Paid != o.Total || o.Status != StatusPreparing {
		t.Errorf("order after continue link: %+v", o)
	}
	if tr := s.tracking(t, factor); tr.Payment.PayLink != "" {
		t.Errorf("paid order still has pay_link %q", tr.Payment.PayLink)
	}
}

func TestPersianNumber(t *testing.T) {
	tests := map[int64]string{0: "۰", 999: "۹۹۹", 1000: "۱٬۰۰۰", 7210500: "۷٬۲۱۰٬۵۰۰", -1500: "-۱٬۵۰۰"}
	for n, want := range tests {
		if got := persianNumber(n); got != want {
			t.Errorf("persianNumber(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestCallbackOnlyToTheShop: mounted on a shop, the sandbox's bank page must not become an open redirect on the
// shop's domain, so pay and continuePay refuse every callback but the shop's own.
func TestCallbackOnlyToTheShop(t *testing.T) {
	tests := []struct {
		name, callback string
		ok             bool
	}{
		{"the shop's callback", "https://shop.test/payment/callback/tok123", true},
		{"the shop's callback with a query", "https://shop.test/payment/callback/tok123?x=1", true},
		{"another host", "https://evil.example/payment/callback/tok123", false},
		{"a host that starts like the shop's", "https://shop.test.evil.example/payment/callback/tok123", false},
		{"user info that hides another host", "https://shop.test@evil.example/payment/callback/tok123", false},
		{"another path on the shop", "https://shop.test/cart", false},
		{"a path that only starts like the callback", "https://shop.test/payment/callbackx/tok", false},
		{"plain http to an https shop", "http://shop.test/payment/callback/tok123", false},
		{"scheme-relative", "//evil.example/payment/callback/tok123", false},
		{"javascript", "javascript:alert(1)", false},
	}
	for _, method := range []string{"payment/pay.json", "payment/continuePay.json"} {
		for _, tt := range tests {
			t.Run(method+" "+tt.name, func(t *testing.T) {
				s := newSandbox(t, FrotelOptions{ShopURL: "https://shop.test"})
				factor := s.onlineOrder(t).Factor.ID
				a := s.call(t, method, url.Values{"factor": {factor}, "bank": {"1"}, "callback": {tt.callback}})
				if !tt.ok {
					if a.Code != CodeInvalidValue {
						t.Fatalf("code %d (%q), want %d: refused", a.Code, a.Message, CodeInvalidValue)
					}
					return
				}
				if a.Code != 0 {
					t.Fatalf("code %d (%q)", a.Code, a.Message)
				}
				var form string
				_ = json.Unmarshal(a.Result, &form)
				if loc := s.bank(t, form, "pay"); loc.Host != "shop.test" || !strings.HasPrefix(loc.Path, "/payment/callback/") {
					t.Errorf("bank redirected to %s", loc)
				}
			})
		}
	}
}
