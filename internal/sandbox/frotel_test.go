package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "test-api-key"

// clock is an injectable, movable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sandbox is a fake under httptest whose PublicURL is the server's own URL.
type sandbox struct {
	*Frotel
	url   string
	clock *clock
}

func newSandbox(t *testing.T, o FrotelOptions) *sandbox {
	t.Helper()
	var h http.Handler
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	base := "http://" + ts.Listener.Addr().String()
	c := &clock{t: time.Date(2026, 11, 25, 7, 27, 0, 0, time.UTC)} // 1405/09/04 10:57 in Tehran
	if o.Now == nil {
		o.Now = c.Now
	}
	if o.APIKey == "" {
		o.APIKey = testKey
	}
	o.PublicURL = base
	f := NewFrotel(o)
	h = f.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return &sandbox{Frotel: f, url: base, clock: c}
}

type answer struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Result  json.RawMessage `json:"result"`
}

// call posts a form to mirror 1.
func (s *sandbox) call(t *testing.T, path string, v url.Values) answer {
	t.Helper()
	return s.callMirror(t, 1, path, v)
}

func (s *sandbox) callMirror(t *testing.T, mirror int, path string, v url.Values) answer {
	t.Helper()
	if v.Get("api") == "" && v != nil && !v.Has("api") {
		v.Set("api", testKey)
	}
	resp, err := http.PostForm(s.MirrorURLs()[mirror-1]+"/"+path, v)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	var a answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatalf("POST %s: decode: %v", path, err)
	}
	return a
}

// ok calls and fails the test unless code is 0, decoding result into out.
func (s *sandbox) ok(t *testing.T, path string, v url.Values, out any) {
	t.Helper()
	a := s.call(t, path, v)
	if a.Code != 0 {
		t.Fatalf("%s: code %d %q", path, a.Code, a.Message)
	}
	if out != nil {
		if err := json.Unmarshal(a.Result, out); err != nil {
			t.Fatalf("%s: result %s: %v", path, a.Result, err)
		}
	}
}

func buyerValues() url.Values {
	return url.Values{
		"name": {"سارا"}, "family": {"رضایی"}, "phone": {"02188888888"}, "mobile": {"09121234567"},
		"gender": {"0"}, "email": {"sara@example.com"}, "address": {"تهران، خیابان آزادی، پلاک ۱"},
		"code_posti": {"1345678901"}, "province": {"1"}, "city": {"1"}, "ip": {"10.0.0.7"}, "pm": {"سلام"},
	}
}

type testItem struct {
	code          string
	price, count  int64
	weight        int64
	discount, tax string
	freeSend      bool
}

func withBasket(v url.Values, items ...testItem) url.Values {
	for i, it := range items {
		p := fmt.Sprintf("basket[%d]", i)
		v.Set(p+"[pro_code]", it.code)
		v.Set(p+"[name]", "کالای "+it.code)
		v.Set(p+"[price]", strconv.FormatInt(it.price, 10))
		v.Set(p+"[count]", strconv.FormatInt(it.count, 10))
		v.Set(p+"[weight]", strconv.FormatInt(it.weight, 10))
		v.Set(p+"[porsant]", "0")
		if it.discount != "" {
			v.Set(p+"[discount]", it.discount)
		}
		if it.tax != "" {
			v.Set(p+"[tax]", it.tax)
		}
		if it.freeSend {
			v.Set(p+"[free_send]", "1")
		}
	}
	return v
}

func productOrder(buyType, sendType string, items ...testItem) url.Values {
	v := buyerValues()
	v.Set("buy_type", buyType)
	v.Set("send_type", sendType)
	if len(items) == 0 {
		items = []testItem{{code: "mobile888", price: 6_700_000, count: 1, weight: 200}}
	}
	return withBasket(v, items...)
}

type regResult struct {
	Factor struct {
		ID    string           `json:"id"`
		View  string           `json:"view"`
		Total int64            `json:"total"`
		Banks []map[string]any `json:"banks"`
	} `json:"factor"`
	Items []struct {
		Name    string `json:"name"`
		Num     int64  `json:"num"`
		Price   int64  `json:"price"`
		ProCode string `json:"pro_code"`
		Weight  int64  `json:"weight"`
		Option  string `json:"option"`
	} `json:"items"`
}

func (s *sandbox) register(t *testing.T, path string, v url.Values) regResult {
	t.Helper()
	var r regResult
	s.ok(t, path, v, &r)
	return r
}

func without(v url.Values, keys ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	for _, k := range keys {
		out.Del(k)
	}
	return out
}

func with(v url.Values, kv ...string) url.Values {
	out := without(v)
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func TestValidationErrors(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	online := s.register(t, "order/registerOrder.json", productOrder("2", "1")).Factor.ID
	virtual := withBasket(buyerValues(), testItem{code: "ebook1", price: 500_000, count: 1})
	service := withBasket(without(buyerValues(), "ip", "pm"), testItem{code: "install", price: 900_000, count: 1})
	prices := url.Values{"price": {"1000000"}, "weight": {"500"}, "des_city": {"1"}, "send_type[0]": {"1"}, "buy_type[0]": {"2"}}

	tests := []struct {
		name   string
		path   string
		values url.Values
		code   int
	}{
		{"getPrices missing api", "order/getPrices.json", with(prices, "api", ""), CodeBadAPIKey},
		{"getPrices wrong api", "order/getPrices.json", with(prices, "api", "nope"), CodeBadAPIKey},
		{"getPrices missing des_city", "order/getPrices.json", without(prices, "des_city"), CodeMissingField},
		{"getPrices missing send_type", "order/getPrices.json", without(prices, "send_type[0]"), CodeMissingField},
		{"getPrices missing buy_type", "order/getPrices.json", without(prices, "buy_type[0]"), CodeMissingField},
		{"getPrices send_type 5", "order/getPrices.json", with(prices, "send_type[1]", "5"), CodeInvalidValue},
		{"getPrices buy_type 3", "order/getPrices.json", with(prices, "buy_type[1]", "3"), CodeInvalidValue},
		{"getPrices unknown city", "order/getPrices.json", with(prices, "des_city", "999999"), CodeInvalidValue},
		{"getPrices zero weight", "order/getPrices.json", with(prices, "weight", "0"), CodeInvalidValue},
		{"getPrices price not a number", "order/getPrices.json", with(prices, "price", "abc"), CodeInvalidValue},
		{"registerOrder missing api", "order/registerOrder.json", with(productOrder("1", "1"), "api", ""), CodeBadAPIKey},
		{"registerOrder missing name", "order/registerOrder.json", without(productOrder("1", "1"), "name"), CodeMissingField},
		{"registerOrder missing family", "order/registerOrder.json", without(productOrder("1", "1"), "family"), CodeMissingField},
		{"registerOrder missing phone", "order/registerOrder.json", without(productOrder("1", "1"), "phone"), CodeMissingField},
		{"registerOrder missing address", "order/registerOrder.json", without(productOrder("1", "1"), "address"), CodeMissingField},
		{"registerOrder missing code_posti", "order/registerOrder.json", without(productOrder("1", "1"), "code_posti"), CodeMissingField},
		{"registerOrder missing province", "order/registerOrder.json", without(productOrder("1", "1"), "province"), CodeMissingField},
		{"registerOrder missing city", "order/registerOrder.json", without(productOrder("1", "1"), "city"), CodeMissingField},
		{"registerOrder missing buy_type", "order/registerOrder.json", without(productOrder("1", "1"), "buy_type"), CodeMissingField},
		{"registerOrder missing send_type", "order/registerOrder.json", without(productOrder("1", "1"), "send_type"), CodeMissingField},
		{"registerOrder gender 2", "order/registerOrder.json", with(productOrder("1", "1"), "gender", "2"), CodeInvalidValue},
		{"registerOrder buy_type 3", "order/registerOrder.json", productOrder("3", "1"), CodeInvalidValue},
		{"registerOrder send_type 3", "order/registerOrder.json", productOrder("1", "3"), CodeInvalidValue},
		{"registerOrder send_type 20 without post_price", "order/registerOrder.json", productOrder("1", "20"), CodeMissingField},
		{"registerOrder peyk outside origin city", "order/registerOrder.json", with(productOrder("1", "5"), "city", "91", "province", "7"), CodeInvalidValue},
		{"registerOrder unknown city", "order/registerOrder.json", with(productOrder("1", "1"), "city", "999999"), CodeInvalidValue},
		{"registerOrder bad mobile", "order/registerOrder.json", with(productOrder("1", "1"), "mobile", "9121234567"), CodeInvalidValue},
		{"registerOrder bad postal code", "order/registerOrder.json", with(productOrder("1", "1"), "code_posti", "12345"), CodeInvalidValue},
		{"registerOrder city outside province", "order/registerOrder.json", with(productOrder("1", "1"), "city", "91"), CodeInvalidValue},
		{"registerOrder empty basket", "order/registerOrder.json", without(productOrder("1", "1"), "basket[0][pro_code]", "basket[0][name]", "basket[0][price]", "basket[0][count]", "basket[0][weight]", "basket[0][porsant]"), CodeMissingField},
		{"registerOrder item without weight", "order/registerOrder.json", without(productOrder("1", "1"), "basket[0][weight]"), CodeMissingField},
		{"registerOrder item without pro_code", "order/registerOrder.json", without(productOrder("1", "1"), "basket[0][pro_code]"), CodeMissingField},
		{"registerOrder item count 0", "order/registerOrder.json", with(productOrder("1", "1"), "basket[0][count]", "0"), CodeInvalidValue},
		{"registerOrder discount 120", "order/registerOrder.json", with(productOrder("1", "1"), "basket[0][discount]", "120"), CodeInvalidValue},
		{"registerOrder unknown coupon", "order/registerOrder.json", with(productOrder("1", "1"), "coupon", "NOPE"), CodeBadCoupon},
		{"registerOrderVirtual missing ip", "order/registerOrderVirtual.json", without(virtual, "ip"), CodeMissingField},
		{"registerOrderVirtual missing pm", "order/registerOrderVirtual.json", without(virtual, "pm"), CodeMissingField},
		{"registerOrderVirtual missing mobile", "order/registerOrderVirtual.json", without(virtual, "mobile"), CodeMissingField},
		{"registerOrderVirtual bad ip", "order/registerOrderVirtual.json", with(virtual, "ip", "999.1.1.1"), CodeInvalidValue},
		{"registerOrderVirtual product without file", "order/registerOrderVirtual.json", with(virtual, "basket[0][pro_code]", "nofile-1"), CodeNoFile},
		{"registerOrderService missing address", "order/registerOrderService.json", without(service, "address"), CodeMissingField},
		{"registerOrderService missing gender", "order/registerOrderService.json", without(service, "gender"), CodeMissingField},
		{"checkCoupon unknown", "order/checkCoupon.json", url.Values{"code": {"NOPE"}}, CodeBadCoupon},
		{"checkCoupon under the spec-less name coupon", "order/checkCoupon.json", url.Values{"coupon": {"TAKHFIF10"}}, CodeMissingField},
		{"wrong api key", "order/tracking.json", url.Values{"api": {"wrong"}, "factor": {online}}, CodeBadAPIKey},
		{"checkCoupon missing", "order/checkCoupon.json", url.Values{}, CodeMissingField},
		{"pay unknown factor", "payment/pay.json", url.Values{"factor": {"22000000000000000001"}, "bank": {"1"}, "callback": {"http://shop.test/cb"}}, CodeFactorNotFound},
		{"pay missing callback", "payment/pay.json", url.Values{"factor": {online}, "bank": {"1"}}, CodeMissingField},
		{"pay relative callback", "payment/pay.json", url.Values{"factor": {online}, "bank": {"1"}, "callback": {"/cb"}}, CodeInvalidValue},
		{"pay unknown bank", "payment/pay.json", url.Values{"factor": {online}, "bank": {"9"}, "callback": {"http://shop.test/cb"}}, CodeBankUnavailable},
		{"continuePay missing bank", "payment/continuePay.json", url.Values{"factor": {online}, "callback": {"http://shop.test/cb"}}, CodeMissingField},
		{"checkPay missing ref", "payment/checkPay.json", url.Values{"paymentId": {"14116"}, "factor": {online}}, CodeMissingField},
		{"checkPay unknown payment", "payment/checkPay.json", url.Values{"paymentId": {"99"}, "ref": {"X"}, "factor": {online}}, CodePaymentNotFound},
		{"orderPay unknown factor", "order/orderPay.json", url.Values{"factor": {"22000000000000000001"}}, CodeFactorNotFound},
		{"orderPay missing factor", "order/orderPay.json", url.Values{}, CodeMissingField},
		{"tracking unknown factor", "order/tracking.json", url.Values{"factor": {"1"}}, CodeFactorNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.values
			if !v.Has("api") {
				v = with(v, "api", testKey)
			}
			a := s.call(t, tt.path, v)
			if a.Code != tt.code {
				t.Fatalf("code = %d (%q), want %d", a.Code, a.Message, tt.code)
			}
			if a.Message == "" {
				t.Errorf("error without a message")
			}
			// The official PHP helper rejects an answer whose result is missing or null before it reads the code.
			if string(a.Result) != `""` {
				t.Errorf("error result = %s, want \"\"", a.Result)
			}
		})
	}
}

func TestJSONBodyIsNotRead(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	body := `{"api":"` + testKey + `","price":1000,"weight":500,"des_city":1,"send_type":[1],"buy_type":[2]}`
	resp, err := http.Post(s.MirrorURLs()[0]+"/order/getPrices.json", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	if a.Code != CodeBadAPIKey {
		t.Fatalf("code = %d, want %d (missing api, like PHP's empty $_POST)", a.Code, CodeBadAPIKey)
	}
}

func TestUnknownMethodAndMirror(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	for _, u := range []string{s.url + "/frotel/4/ws/v1/rest/order/tracking.json", s.MirrorURLs()[0] + "/order/nothing.json"} {
		resp, err := http.PostForm(u, url.Values{"api": {testKey}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", u, resp.StatusCode)
		}
	}
}

func TestMirrorURLs(t *testing.T) {
	f := NewFrotel(FrotelOptions{PublicURL: "http://127.0.0.1:8080/sandbox/"})
	want := []string{
		"http://127.0.0.1:8080/sandbox/frotel/1/ws/v1/rest",
		"http://127.0.0.1:8080/sandbox/frotel/2/ws/v1/rest",
		"http://127.0.0.1:8080/sandbox/frotel/3/ws/v1/rest",
	}
	got := f.MirrorURLs()
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("MirrorURLs = %v, want %v", got, want)
	}
}

// Mounted under a prefix without PublicURL, links are derived from the request.
func TestMountedUnderPrefixWithoutPublicURL(t *testing.T) {
	f := NewFrotel(FrotelOptions{APIKey: testKey})
	mux := http.NewServeMux()
	mux.Handle("/sandbox/", http.StripPrefix("/sandbox", f.Handler()))
	ts := httptest.NewServer(mux)
	defer ts.Close()
	v := productOrder("2", "1")
	v.Set("api", testKey)
	resp, err := http.PostForm(ts.URL+"/sandbox/frotel/2/ws/v1/rest/order/registerOrder.json", v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	var r regResult
	if err := json.Unmarshal(a.Result, &r); err != nil {
		t.Fatalf("%d %s: %v", a.Code, a.Message, err)
	}
	if got, want := r.Factor.Banks[0]["icon"], ts.URL+"/sandbox/bank/logo/1.svg"; got != want {
		t.Fatalf("bank icon = %v, want %v", got, want)
	}
	logo, err := http.Get(ts.URL + "/sandbox/bank/logo/1.svg")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(logo.Body)
	logo.Body.Close()
	if logo.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(string(body), "<svg") {
		t.Fatalf("logo: %s %q", logo.Header.Get("Content-Type"), body)
	}
}

func TestSplitPHPKey(t *testing.T) {
	tests := []struct {
		key  string
		name string
		path []string
	}{
		{"api", "api", nil},
		{"send_type[0]", "send_type", []string{"0"}},
		{"send_type[]", "send_type", []string{""}},
		{"basket[3][pro_code]", "basket", []string{"3", "pro_code"}},
		{"broken[0", "broken[0", nil},
		{"[0]", "[0]", nil},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			name, path := splitPHPKey(tt.key)
			if name != tt.name || fmt.Sprint(path) != fmt.Sprint(tt.path) {
				t.Fatalf("splitPHPKey(%q) = %q %q, want %q %q", tt.key, name, path, tt.name, tt.path)
			}
		})
	}
}
