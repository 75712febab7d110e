package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Error codes the fake Frotel answers with. The real service documents none, so
// these are ours; a client must only rely on code != 0 meaning failure.
const (
	CodeOK              = 0
	CodeBadAPIKey       = 1  // api missing or wrong (also any JSON body: PHP's $_POST is empty then)
	CodeMissingField    = 2  // a required field is absent or empty
	CodeInvalidValue    = 3  // a field is present but out of range or malformed
	CodeFactorNotFound  = 4  // no order with that factor
	CodeNotPayable      = 5  // order is COD, cancelled or already paid
	CodeNoFile          = 6  // virtual product without an uploaded file
	CodeBadCoupon       = 7  // unknown coupon
	CodeBankTimeout     = 12 // the bank did not answer Frotel in time (live shapes' first checkPay)
	CodeBankUnavailable = 8  // bank id not offered, or no banks at all
	CodePaymentNotFound = 9  // checkPay: payment id unknown or belongs to another factor
	CodeUnknownMethod   = 10 // path names no method
)

// Bank is one payment gateway Frotel offers for online orders.
type Bank struct {
	ID   int
	Name string
	Logo string // absolute URL of the logo image
}

// Fault describes how one mirror misbehaves. Zero value: healthy.
type Fault struct {
	Down      bool           // hijack and close the connection without answering; the method does not run
	Delay     time.Duration  // wait before answering; the method still runs even if the client gave up
	Status500 bool           // answer 500 with an HTML error page; the method does not run
	Malformed bool           // run the method, then answer 200 with truncated JSON
	APIError  map[string]int // method name (e.g. "checkPay") -> code != 0; the method does not run
	Hold      time.Duration  // run the method, then wait before answering: the work is done, the answer may be lost
	Methods   []string       // when set, the fault touches only these methods (e.g. "registerOrder"); others are served healthy
}

// appliesTo reports whether the fault touches a method.
func (fl Fault) appliesTo(method string) bool {
	if len(fl.Methods) == 0 {
		return true
	}
	for _, m := range fl.Methods {
		if m == method {
			return true
		}
	}
	return false
}

// FrotelOptions configures NewFrotel. Only APIKey and PublicURL matter in most tests.
type FrotelOptions struct {
	APIKey     string           // the `api` value every call must carry
	PublicURL  string           // absolute URL where Handler() is mounted, without a trailing slash; empty: derived per request
	Banks      []Bank           // banks offered on online orders; nil: ملت (1) and ملی (2)
	EmptyBanks bool             // offer no bank at all (the seller follows payment up later)
	Now        func() time.Time // clock; nil: time.Now
	ServiceFee int64            // frotel_service per quote in rials; 0: 20,000
	OriginCity int              // seller's city id, for distance classes and peyk; 0: Tehran (1)

	LinksError    bool          // every virtual order's checkPay answers links.error=1
	DownloadLimit int           // downloads allowed per link; 0: unlimited ("بدون محدودیت")
	VerifyWindow  time.Duration // a paid attempt not verified by checkPay within this is refunded; 0: 15 minutes
	DashedFactors bool          // orderPay and tracking echo factors as 22-000000-000000-000000, like the spec's examples

	// ShopURL, when set, is the one shop this sandbox serves: pay and continuePay accept only callbacks on its
	// origin under /payment/callback/, so the bank page on the shop's domain can never redirect anywhere else.
	// Empty (the standalone `shop sandbox` and tests): any absolute http(s) callback.
	ShopURL string

	// LiveShapes answers the way a live PHP service and Iranian banks plausibly do (see frotel_live.go): numbers
	// as strings, [] and false for empty things, list-valued messages, extra fields, whole bank documents, and a
	// first checkPay of every pair that answers an error code.
	LiveShapes bool
	// BankPage, when set, is the shape of every bank page pay and continuePay hand out (see BankPages).
	BankPage string
}

// Frotel is the fake Frotel seller web service. All state sits behind one mutex.
type Frotel struct {
	opts FrotelOptions

	mu        sync.Mutex
	faults    [4]Fault // index 1..3
	calls     map[string]int
	checks    map[string]int // checkPay calls that reached the method, by "paymentId|ref"
	orders    map[string]*order
	payments  map[int64]*payment
	byToken   map[string]*payment
	downloads map[string]*download
	nextPayID int64
}

// NewFrotel returns a fake with empty state.
func NewFrotel(o FrotelOptions) *Frotel {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ServiceFee == 0 {
		o.ServiceFee = 20_000
	}
	if o.OriginCity == 0 {
		o.OriginCity = 1
	}
	if o.VerifyWindow == 0 {
		o.VerifyWindow = 15 * time.Minute
	}
	o.PublicURL = strings.TrimSuffix(o.PublicURL, "/")
	return &Frotel{
		opts:      o,
		calls:     map[string]int{},
		checks:    map[string]int{},
		orders:    map[string]*order{},
		payments:  map[int64]*payment{},
		byToken:   map[string]*payment{},
		downloads: map[string]*download{},
		nextPayID: 14116,
	}
}

// MirrorURLs lists the three mirror base URLs, in the form the client takes
// (http://webservice1.link/ws/v1/rest and so on).
func (f *Frotel) MirrorURLs() []string {
	urls := make([]string, 3)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/frotel/%d/ws/v1/rest", f.opts.PublicURL, i+1)
	}
	return urls
}

// SetFault switches a fault on mirror 1..3; other mirrors are untouched.
func (f *Frotel) SetFault(mirror int, fault Fault) {
	if mirror < 1 || mirror > 3 {
		panic(fmt.Sprintf("sandbox: mirror %d out of 1..3", mirror))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[mirror] = fault
}

// ClearFaults makes every mirror healthy again.
func (f *Frotel) ClearFaults() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = [4]Fault{}
}

// Calls reports how many requests for a method (e.g. "checkPay") reached any
// mirror, faulted ones included.
func (f *Frotel) Calls(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

// Handler serves the mirrors, the bank page, bank logos and download links.
func (f *Frotel) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/frotel/{mirror}/ws/v1/rest/{group}/{method}", f.serveAPI)
	mux.HandleFunc("/bank/gateway", f.serveGateway)
	mux.HandleFunc("GET /bank/logo/{file}", f.serveLogo)
	mux.HandleFunc("GET /bank/continue", f.serveContinue)
	mux.HandleFunc("GET /bank/continue/return", f.serveContinueReturn)
	mux.HandleFunc("GET /files/{token}/{name}", f.serveFile)
	return mux
}

type apiError struct {
	code int
	msg  string
}

func fail(code int, msg string) *apiError { return &apiError{code: code, msg: msg} }

// apiCall is what a method sees: the parsed PHP-style body and the base URL
// links should point at.
type apiCall struct {
	form *phpForm
	base string
}

type apiMethod func(f *Frotel, c *apiCall) (any, *apiError)

var apiMethods = map[string]struct {
	name string
	run  apiMethod
}{
	"order/getPrices.json":            {"getPrices", (*Frotel).getPrices},
	"order/registerOrder.json":        {"registerOrder", (*Frotel).registerOrder},
	"order/registerOrderVirtual.json": {"registerOrderVirtual", (*Frotel).registerOrderVirtual},
	"order/registerOrderService.json": {"registerOrderService", (*Frotel).registerOrderService},
	"order/checkCoupon.json":          {"checkCoupon", (*Frotel).checkCoupon},
	"payment/pay.json":                {"pay", (*Frotel).pay},
	"payment/checkPay.json":           {"checkPay", (*Frotel).checkPay},
	"order/orderPay.json":             {"orderPay", (*Frotel).orderPay},
	"payment/continuePay.json":        {"continuePay", (*Frotel).continuePay},
	"order/tracking.json":             {"tracking", (*Frotel).tracking},
}

type envelope struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Result  any    `json:"result"`
}

// failed is an error answer. Its result is an empty string, never null: the official PHP helper checks
// isset($response['result']) before it reads the code, so a null result would turn every error into "the answer
// is not valid" and hide Frotel's message.
func failed(code int, msg string) envelope { return envelope{Code: code, Message: msg, Result: ""} }

func (f *Frotel) serveAPI(w http.ResponseWriter, r *http.Request) {
	mirror, err := strconv.Atoi(r.PathValue("mirror"))
	if err != nil || mirror < 1 || mirror > 3 {
		http.NotFound(w, r)
		return
	}
	m, ok := apiMethods[r.PathValue("group")+"/"+r.PathValue("method")]
	if !ok {
		writeJSON(w, http.StatusNotFound, failed(CodeUnknownMethod, "متد درخواستی وجود ندارد"), false)
		return
	}

	f.mu.Lock()
	f.calls[m.name]++
	fault := f.faults[mirror]
	f.mu.Unlock()
	if !fault.appliesTo(m.name) {
		fault = Fault{}
	}

	if fault.Down {
		dropConnection(w)
		return
	}
	// Read the whole request first, as a PHP server does before the script runs: the server then notices at
	// once when the client goes away (the request's context ends), as the delay and hold below rely on.
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		dropConnection(w)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if fault.Delay > 0 {
		t := time.NewTimer(fault.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	if fault.Status500 {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "<html><body><h1>500 Internal Server Error</h1></body></html>")
		return
	}
	if code, ok := fault.APIError[m.name]; ok && code != 0 {
		writeJSON(w, http.StatusOK, failed(code, "خطای داخلی سرویس؛ لطفاً دوباره تلاش کنید"), false)
		return
	}

	env := f.runMethod(m.run, r)
	if fault.Hold > 0 {
		t := time.NewTimer(fault.Hold)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return // the client gave up: the method ran, nobody hears the answer
		}
	}
	if f.opts.LiveShapes {
		body, err := liveEnvelope(env)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeBody(w, http.StatusOK, body, fault.Malformed)
		return
	}
	writeJSON(w, http.StatusOK, env, fault.Malformed)
}

func (f *Frotel) runMethod(run apiMethod, r *http.Request) envelope {
	form, err := parsePHPForm(r)
	if err != nil {
		return failed(CodeInvalidValue, "بدنه درخواست نامعتبر است")
	}
	if form.str("api") == "" {
		return failed(CodeBadAPIKey, "کلید API ارسال نشده است")
	}
	if form.str("api") != f.opts.APIKey {
		return failed(CodeBadAPIKey, "کلید API نامعتبر است")
	}
	call := &apiCall{form: form, base: f.baseURL(r)}
	f.mu.Lock()
	res, aerr := run(f, call)
	f.mu.Unlock()
	if aerr != nil {
		return failed(aerr.code, aerr.msg)
	}
	return envelope{Code: CodeOK, Message: "", Result: res}
}

func writeJSON(w http.ResponseWriter, status int, v any, truncate bool) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeBody(w, status, body, truncate)
}

func writeBody(w http.ResponseWriter, status int, body []byte, truncate bool) {
	if truncate {
		body = body[:len(body)/2]
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// dropConnection closes the TCP connection without a response, like a mirror
// that accepted the connection and then died.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// baseURL is PublicURL, or when that is empty, the scheme, host and mount
// prefix this request came through (http.StripPrefix keeps RequestURI intact).
func (f *Frotel) baseURL(r *http.Request) string {
	if f.opts.PublicURL != "" {
		return f.opts.PublicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	orig := r.RequestURI
	if i := strings.IndexAny(orig, "?#"); i >= 0 {
		orig = orig[:i]
	}
	prefix := strings.TrimSuffix(orig, r.URL.Path)
	if !strings.HasPrefix(orig, "/") { // absolute-form request line
		prefix = ""
	}
	return scheme + "://" + r.Host + prefix
}
