package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	prices := func() url.Values {
		return url.Values{"api": {testKey}, "price": {"1000"}, "weight": {"500"}, "des_city": {"1"},
			"send_type[0]": {"1"}, "buy_type[0]": {"2"}}
	}
	tests := []struct {
		name   string
		fault  Fault
		client *http.Client
		check  func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{"down", Fault{Down: true}, http.DefaultClient, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err == nil {
				t.Fatalf("got status %d, want a connection error", resp.StatusCode)
			}
		}},
		{"delay beyond the client timeout", Fault{Delay: 300 * time.Millisecond}, &http.Client{Timeout: 50 * time.Millisecond},
			func(t *testing.T, _ *http.Response, _ []byte, err error) {
				if err == nil {
					t.Fatal("want a timeout")
				}
			}},
		{"delay within the client timeout", Fault{Delay: 30 * time.Millisecond}, http.DefaultClient,
			func(t *testing.T, resp *http.Response, body []byte, err error) {
				if err != nil || resp.StatusCode != http.StatusOK || !json.Valid(body) {
					t.Fatalf("err %v, body %s", err, body)
				}
			}},
		{"500", Fault{Status500: true}, http.DefaultClient, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusInternalServerError {
				t.Fatalf("err %v, resp %v", err, resp)
			}
		}},
		{"malformed", Fault{Malformed: true}, http.DefaultClient, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusOK || json.Valid(body) || len(body) == 0 {
				t.Fatalf("err %v, body %q", err, body)
			}
		}},
		{"api error", Fault{APIError: map[string]int{"getPrices": 17}}, http.DefaultClient,
			func(t *testing.T, resp *http.Response, body []byte, err error) {
				var a answer
				if err != nil || json.Unmarshal(body, &a) != nil || a.Code != 17 || a.Message == "" {
					t.Fatalf("err %v, body %s", err, body)
				}
			}},
		{"api error on another method", Fault{APIError: map[string]int{"checkPay": 17}}, http.DefaultClient,
			func(t *testing.T, resp *http.Response, body []byte, err error) {
				var a answer
				if err != nil || json.Unmarshal(body, &a) != nil || a.Code != 0 {
					t.Fatalf("err %v, body %s", err, body)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSandbox(t, FrotelOptions{})
			s.SetFault(2, tt.fault)
			resp, err := tt.client.PostForm(s.MirrorURLs()[1]+"/order/getPrices.json", prices())
			var body []byte
			if err == nil {
				body, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			tt.check(t, resp, body, err)
			if got := s.Calls("getPrices"); got != 1 {
				t.Errorf("Calls = %d, want 1 (faulted calls count)", got)
			}
			// The other mirrors stay healthy.
			for _, m := range []int{1, 3} {
				if a := s.callMirror(t, m, "order/getPrices.json", prices()); a.Code != 0 {
					t.Errorf("mirror %d: code %d", m, a.Code)
				}
			}
			s.ClearFaults()
			if a := s.callMirror(t, 2, "order/getPrices.json", prices()); a.Code != 0 {
				t.Errorf("mirror 2 after ClearFaults: code %d", a.Code)
			}
		})
	}
}

// A malformed answer still did the work, as a real server that broke while
// answering: the client must not assume a failed call changed nothing.
func TestMalformedAnswerStillRegisters(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	s.SetFault(1, Fault{Malformed: true})
	v := productOrder("2", "1")
	v.Set("api", testKey)
	resp, err := http.PostForm(s.MirrorURLs()[0]+"/order/registerOrder.json", v)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if json.Valid(body) {
		t.Fatalf("answer is valid JSON: %s", body)
	}
	s.mu.Lock()
	n := len(s.orders)
	s.mu.Unlock()
	if n != 1 {
		t.Fatalf("%d orders registered, want 1", n)
	}
}

func TestSetFaultRejectsBadMirror(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("SetFault(4) did not panic")
		}
	}()
	NewFrotel(FrotelOptions{}).SetFault(4, Fault{Down: true})
}

// A slow mirror still finishes the work after the client gave up.
func TestDelayedCallRunsAfterClientGaveUp(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	s.SetFault(3, Fault{Delay: 200 * time.Millisecond})
	v := productOrder("1", "1")
	v.Set("api", testKey)
	client := &http.Client{Timeout: 20 * time.Millisecond}
	if resp, err := client.PostForm(s.MirrorURLs()[2]+"/order/registerOrder.json", v); err == nil {
		resp.Body.Close()
		t.Fatal("want a timeout")
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		s.mu.Lock()
		n := len(s.orders)
		s.mu.Unlock()
		if n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("order never registered")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
