package sms_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"shop/internal/sms"
)

const testKey = "SECRET-KEY-4f3a9c"

// fakeKavenegar answers like Kavenegar: the API key in the path, form fields, {"return":{"status":...}}. status
// decides each answer by call number (1-based); nil is 200.
type fakeKavenegar struct {
	mu     sync.Mutex
	calls  []fakeCall
	status func(n int) (httpStatus, kstatus int)
}

type fakeCall struct {
	Path string
	Form map[string]string
}

func (f *fakeKavenegar) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	c := fakeCall{Path: r.URL.Path, Form: map[string]string{}}
	for k := range r.PostForm {
		c.Form[k] = r.PostForm.Get(k)
	}
	f.calls = append(f.calls, c)
	n := len(f.calls)
	f.mu.Unlock()
	hs, ks := http.StatusOK, 200
	if f.status != nil {
		hs, ks = f.status(n)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(hs)
	if ks == 0 {
		fmt.Fprint(w, "<html>bad gateway</html>")
		return
	}
	fmt.Fprintf(w, `{"return":{"status":%d,"message":"پیام"},"entries":[{"messageid":1,"status":1}]}`, ks)
}

func open(t *testing.T, srvURL, template string) sms.Provider {
	t.Helper()
	p, err := sms.Open("kavenegar", sms.Settings{URL: srvURL, APIKey: testKey, Sender: "10004346", OTPTemplate: template})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestKavenegarRequests(t *testing.T) {
	f := &fakeKavenegar{}
	srv := httptest.NewServer(f)
	defer srv.Close()
	ctx := context.Background()
	if err := open(t, srv.URL, "").Send(ctx, "09121234567", "سلام"); err != nil {
		t.Fatal(err)
	}
	if err := open(t, srv.URL, "shop-login").SendCode(ctx, "09121234567", "12345"); err != nil {
		t.Fatal(err)
	}
	if err := open(t, srv.URL, "").SendCode(ctx, "09350000000", "54321"); err != nil {
		t.Fatal(err)
	}
	want := []fakeCall{
		{"/v1/" + testKey + "/sms/send.json", map[string]string{"receptor": "09121234567", "message": "سلام", "sender": "10004346"}},
		{"/v1/" + testKey + "/verify/lookup.json", map[string]string{"receptor": "09121234567", "token": "12345", "template": "shop-login"}},
		{"/v1/" + testKey + "/sms/send.json", map[string]string{"receptor": "09350000000", "message": sms.CodeText("54321"), "sender": "10004346"}},
	}
	if fmt.Sprint(f.calls) != fmt.Sprint(want) {
		t.Errorf("calls:\n got %v\nwant %v", f.calls, want)
	}
}

func TestKavenegarErrors(t *testing.T) {
	tests := []struct {
		name              string
		httpStatus, kstat int
		retryable         bool
	}{
		{"server cannot answer now", 200, 409, true},
		{"credit too low", 200, 418, true},
		{"too many calls", 200, 451, true},
		{"invalid key", 200, 403, false},
		{"invalid receptor", 200, 411, false},
		{"template not found", 200, 424, false},
		{"a 502 page from a proxy", 502, 0, true},
		{"a 404 page", 404, 0, false},
		{"status 500 in JSON", 500, 500, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(&fakeKavenegar{status: func(int) (int, int) { return tc.httpStatus, tc.kstat }})
			defer srv.Close()
			err := open(t, srv.URL, "").Send(context.Background(), "09121234567", "متن خصوصی")
			var se *sms.Error
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *sms.Error", err)
			}
			if sms.Retryable(err) != tc.retryable {
				t.Errorf("retryable = %v, want %v (%v)", sms.Retryable(err), tc.retryable, err)
			}
			if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "متن خصوصی") {
				t.Errorf("error shows the key or the text: %v", err)
			}
		})
	}
	t.Run("transport failure", func(t *testing.T) {
		srv := httptest.NewServer(&fakeKavenegar{})
		url := srv.URL
		srv.Close()
		err := open(t, url, "").Send(context.Background(), "09121234567", "x")
		if !sms.Retryable(err) {
			t.Errorf("a refused connection must be retryable: %v", err)
		}
		if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "/v1/") {
			t.Errorf("error shows the URL: %v", err)
		}
	})
}

func TestOpenUnknownProvider(t *testing.T) {
	if _, err := sms.Open("smsir", sms.Settings{APIKey: "k"}); err == nil {
		t.Error("an unknown provider opened")
	}
	if _, err := sms.Open("kavenegar", sms.Settings{}); err == nil {
		t.Error("kavenegar opened without a key")
	}
}
