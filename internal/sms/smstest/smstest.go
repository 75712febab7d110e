// Package smstest is a fake Kavenegar for tests: an httptest server answering sms/send and verify/lookup as
// Kavenegar does, recording every call, with the answers' statuses chosen by the test.
package smstest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// APIKey is the key the fake expects in the path.
const APIKey = "fake-kavenegar-key-7d2e"

// Call is one request the fake received.
type Call struct {
	Method   string // "sms/send" or "verify/lookup"
	Receptor string
	Message  string // sms/send
	Token    string // verify/lookup
	Template string // verify/lookup
}

// Kavenegar is the fake.
type Kavenegar struct {
	URL string

	mu     sync.Mutex
	calls  []Call
	status func(n int) (httpStatus, kstatus int)
}

// NewKavenegar starts a fake that answers 200 to everything, closed when the test ends.
func NewKavenegar(t testing.TB) *Kavenegar {
	k := &Kavenegar{}
	srv := httptest.NewServer(k)
	t.Cleanup(srv.Close)
	k.URL = srv.URL
	return k
}

// Answer makes the fake answer its n-th call (1-based, all methods counted) with an HTTP status and a
// Kavenegar return.status (0: not JSON at all, as a proxy's error page).
func (k *Kavenegar) Answer(f func(n int) (httpStatus, kstatus int)) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.status = f
}

// Calls lists what the fake received, oldest first; a refused call is listed too.
func (k *Kavenegar) Calls() []Call {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]Call(nil), k.calls...)
}

func (k *Kavenegar) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/v1/"+APIKey+"/")
	method, json := strings.CutSuffix(method, ".json")
	if !ok || !json || r.Method != http.MethodPost || r.ParseForm() != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"return":{"status":403,"message":"invalid key"},"entries":null}`)
		return
	}
	c := Call{Method: method, Receptor: r.PostForm.Get("receptor"), Message: r.PostForm.Get("message"),
		Token: r.PostForm.Get("token"), Template: r.PostForm.Get("template")}
	k.mu.Lock()
	k.calls = append(k.calls, c)
	n, status := len(k.calls), k.status
	k.mu.Unlock()
	hs, ks := http.StatusOK, 200
	if status != nil {
		hs, ks = status(n)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(hs)
	if ks == 0 {
		fmt.Fprint(w, "<html>502 bad gateway</html>")
		return
	}
	fmt.Fprintf(w, `{"return":{"status":%d,"message":"ok"},"entries":[{"messageid":%d,"status":1}]}`, ks, n)
}
