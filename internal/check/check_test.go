package check

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"shop/internal/frotel"
	"shop/internal/loyalty"
	"shop/internal/sandbox"
)

const frotelKey = "test-frotel-key"

type fakeDB struct{ err error }

func (d fakeDB) Ready(context.Context) error { return d.err }

// shopOnSandbox serves what `shop serve` serves on the default setup: /healthz and the sandbox under
// /sandbox. It returns settings pointing at it, as cmd/shop resolves them.
func shopOnSandbox(t *testing.T) Settings {
	t.Helper()
	fr := sandbox.NewFrotel(sandbox.FrotelOptions{APIKey: frotelKey})
	ly := sandbox.NewLoyalty(sandbox.LoyaltyOptions{})
	sb := http.NewServeMux()
	sb.Handle("/loyalty/", ly.Handler())
	sb.Handle("/", fr.Handler())
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"status":"ok"}`)) })
	mux.Handle("/sandbox/", http.StripPrefix("/sandbox", sb))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s := Settings{
		BaseURL: srv.URL, OnSandbox: true, SandboxMounted: true,
		Session:        Session{FromEnv: true, Length: 48},
		DB:             fakeDB{},
		Owners:         owners{exists: false},
		Frotel:         frotel.Config{APIKey: frotelKey},
		LoyaltyEnabled: true,
		Loyalty:        loyalty.ClientConfig{BaseURL: ly.BaseURL(srv.URL + "/sandbox"), AppKey: sandbox.LoyaltyDefaultAppKey, AppSecret: sandbox.LoyaltyDefaultAppSecret},
		Timeout:        2 * time.Second,
	}
	for i := 1; i <= 3; i++ {
		s.Frotel.URLs = append(s.Frotel.URLs, srv.URL+"/sandbox/frotel/"+string(rune('0'+i))+"/ws/v1/rest")
	}
	return s
}

// deadAddress is a loopback address nothing listens on.
func deadAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// want is one expected line: its level and words its English must hold.
type want struct {
	level Level
	words []string
}

func run(t *testing.T, s Settings) (map[string]Result, string) {
	t.Helper()
	results := Run(context.Background(), s)
	var out bytes.Buffer
	Print(&out, results)
	byName := map[string]Result{}
	for _, r := range results {
		byName[r.Name] = r
		if r.En == "" || r.Fa == "" {
			t.Errorf("%s: a line needs both languages: %+v", r.Name, r)
		}
	}
	for _, secret := range []string{frotelKey, "wrong-frotel-key", sandbox.LoyaltyDefaultAppKey, sandbox.LoyaltyDefaultAppSecret, "wrong-app-secret"} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("the report prints the secret %q", secret)
		}
	}
	return byName, out.String()
}

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(s *Settings, dead string)
		want   map[string]want
	}{
		{
			name:   "the default sandbox setup",
			change: func(*Settings, string) {},
			want: map[string]want{
				"database": {OK, nil}, "session secret": {OK, nil},
				"base URL https":      {Warn, []string{"plain http", "sandbox"}},
				"base URL reachable":  {OK, []string{"/healthz answered"}},
				"frotel mirror 1":     {OK, []string{"getPrices answered", "rials"}},
				"frotel mirror 2":     {OK, nil},
				"frotel mirror 3":     {OK, nil},
				"loyalty connect":     {OK, nil},
				"loyalty certificate": {OK, []string{"sandbox"}},
				"loyalty api":         {OK, []string{"3 customer groups"}},
				"sandbox":             {Warn, []string{"must not be on a live shop"}},
				"admin owner":         {Warn, []string{"no owner account yet", "demo owner"}},
			},
		},
		{
			name: "a dead address",
			change: func(s *Settings, dead string) {
				s.BaseURL, s.OnSandbox, s.SandboxMounted = "https://"+dead, false, false
				s.Frotel.URLs = []string{"http://" + dead + "/ws/v1/rest", "http://mirror.invalid/ws/v1/rest"}
				s.Loyalty.BaseURL = "https://" + dead + "/api/api/GeneralApi"
			},
			want: map[string]want{
				"base URL https":      {OK, nil},
				"base URL reachable":  {Fail, []string{"does not answer"}},
				"frotel mirror 1":     {Fail, []string{"connect:", "refused", "down or blocked"}},
				"frotel mirror 2":     {Fail, []string{"DNS:", "does not resolve"}},
				"loyalty connect":     {Fail, []string{"refused", "network failure, not a matter of keys"}},
				"loyalty certificate": {Fail, []string{"not checked"}},
				"loyalty api":         {Fail, []string{"not checked"}},
				"sandbox":             {OK, []string{"not mounted"}},
			},
		},
		{
			name: "wrong keys",
			change: func(s *Settings, _ string) {
				s.Frotel.APIKey = "wrong-frotel-key"
				s.Loyalty.AppSecret = "wrong-app-secret"
			},
			want: map[string]want{
				"frotel mirror 1":    {Fail, []string{"refused", "SHOP_FROTEL_API_KEY"}},
				"loyalty connect":    {OK, nil},
				"loyalty api":        {Fail, []string{"status -1", "did not accept SHOP_LOYALTY_APP_KEY/SHOP_LOYALTY_APP_SECRET"}},
				"base URL reachable": {OK, nil},
			},
		},
		{
			name: "settings a live shop must not run with",
			change: func(s *Settings, _ string) {
				s.OnSandbox, s.BaseURL = false, "http://shop.example.ir"
				s.Session, s.DB = Session{FromEnv: true, Length: 12}, fakeDB{errors.New("disk I/O error")}
				s.Owners = owners{exists: false}
			},
			want: map[string]want{
				"base URL https": {Fail, []string{"not https", "banks return shoppers"}},
				"session secret": {Fail, []string{"too short"}},
				"database":       {Fail, []string{"disk I/O error"}},
				"admin owner":    {Fail, []string{"no owner account"}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := shopOnSandbox(t)
			tc.change(&s, deadAddress(t))
			got, out := run(t, s)
			for name, w := range tc.want {
				r, ok := got[name]
				if !ok {
					t.Errorf("no %q line in\n%s", name, out)
					continue
				}
				if r.Level != w.level {
					t.Errorf("%s: %s, want %s: %s", name, r.Level.Symbol(), w.level.Symbol(), r.En)
				}
				for _, word := range w.words {
					if !strings.Contains(r.En, word) {
						t.Errorf("%s: %q lacks %q", name, r.En, word)
					}
				}
			}
			if tc.name == "the default sandbox setup" && Failed(Run(context.Background(), s)) != 0 {
				t.Errorf("the sandbox setup fails:\n%s", out)
			}
		})
	}
}

type owners struct {
	exists bool
	err    error
}

func (o owners) OwnerExists(context.Context) (bool, error) { return o.exists, o.err }

var pinLine = regexp.MustCompile(`SHOP_LOYALTY_PIN_SHA256=([0-9a-f]{64})`)

// TestSelfSignedLoyalty: a self-signed club is refused with its fingerprint printed, and accepted once
// that printed value is pinned, exactly as the loyalty client will then accept it.
func TestSelfSignedLoyalty(t *testing.T) {
	ly := sandbox.NewLoyalty(sandbox.LoyaltyOptions{})
	srv := httptest.NewUnstartedServer(ly.Handler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point of the test
	srv.StartTLS()
	t.Cleanup(srv.Close)
	s := shopOnSandbox(t)
	s.OnSandbox = false
	s.Loyalty.BaseURL = ly.BaseURL(srv.URL) // https://127.0.0.1:port, a bare IP like the real club

	got, out := run(t, s)
	cert := got["loyalty certificate"]
	m := pinLine.FindStringSubmatch(cert.En)
	if cert.Level != Fail || m == nil || !strings.Contains(cert.En, "self-signed") {
		t.Fatalf("unpinned: want ✗ with the fingerprint printed, got\n%s", out)
	}
	if api := got["loyalty api"]; api.Level != Fail || !strings.Contains(api.En, "network or certificate failure") {
		t.Errorf("unpinned call: %s %s", api.Level.Symbol(), api.En)
	}

	s.Loyalty.PinSHA256 = "00" + m[1][2:]
	got, _ = run(t, s)
	if cert := got["loyalty certificate"]; cert.Level != Fail || !strings.Contains(cert.En, "does not match") || !strings.Contains(cert.En, m[0]) {
		t.Errorf("wrong pin: %s %s", cert.Level.Symbol(), cert.En)
	}

	s.Loyalty.PinSHA256 = m[1]
	got, out = run(t, s)
	for _, name := range []string{"loyalty connect", "loyalty certificate", "loyalty api"} {
		if got[name].Level != OK {
			t.Errorf("pinned with the printed value: %s is %s\n%s", name, got[name].Level.Symbol(), out)
		}
	}
}

func TestRials(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 510500: "510,500", 12345678: "12,345,678", -1500: "-1,500"} {
		if got := rials(in); got != want {
			t.Errorf("rials(%d) = %q, want %q", in, got, want)
		}
	}
}
