package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"shop/internal/web/webtest"
)

// trustLoopback makes the test client's own address (127.0.0.1) a trusted proxy.
var trustLoopback = map[string]string{"SHOP_TRUSTED_PROXIES": "127.0.0.1/32"}

// withEnv merges settings maps, later ones winning.
func withEnv(envs ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, e := range envs {
		for k, v := range e {
			out[k] = v
		}
	}
	return out
}

// submitWithHeaders is webtest's Submit with extra request headers on the POST.
func submitWithHeaders(t *testing.T, c *webtest.Client, from, path string, form url.Values, h http.Header) *http.Response {
	t.Helper()
	form.Set("_csrf", c.Get(from).CSRF())
	req, _ := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestBuyerIPSentToFrotel(t *testing.T) {
	tests := []struct {
		name    string
		trusted bool
		header  http.Header
		want    string
	}{
		{"no proxy header", false, nil, "127.0.0.1"},
		{"not-an-ip from an untrusted peer", false, http.Header{"X-Forwarded-For": {"not-an-ip"}}, "127.0.0.1"},
		{"forwarded-for from an untrusted peer is ignored", false, http.Header{"X-Forwarded-For": {"5.6.7.8"}}, "127.0.0.1"},
		{"real-ip from an untrusted peer is ignored", false, http.Header{"X-Real-Ip": {"5.6.7.8"}}, "127.0.0.1"},
		{"forwarded-for from a trusted proxy", true, http.Header{"X-Forwarded-For": {"5.6.7.8"}}, "5.6.7.8"},
		{"rightmost untrusted hop from a trusted proxy", true, http.Header{"X-Forwarded-For": {"1.1.1.1, 5.6.7.8"}}, "5.6.7.8"},
		{"not-an-ip from a trusted proxy", true, http.Header{"X-Forwarded-For": {"not-an-ip"}}, "127.0.0.1"},
		{"real-ip from a trusted proxy", true, http.Header{"X-Real-Ip": {"9.9.9.9"}}, "9.9.9.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := shopOptions{}
			if tt.trusted {
				opt.env = trustLoopback
			}
			s := newFullShop(t, opt)
			c := shopperWithBasket(t, s, "ebook-cooking") // download orders must carry an ip
			resp := submitWithHeaders(t, c, "/checkout", "/checkout", buyer(map[string]string{"action": "place"}), tt.header)
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/orders/") {
				t.Fatalf("place: status %d location %q", resp.StatusCode, loc)
			}
			factor, _ := c.Get(loc).Text("factor-id")
			o, err := s.Store.OrderByToken(t.Context(), strings.TrimPrefix(loc, "/orders/"))
			if err != nil || o.FactorID == "" {
				t.Fatalf("order %s (factor on the page %q): %v", loc, factor, err)
			}
			snap, ok := s.Frotel.Order(o.FactorID)
			if !ok {
				t.Fatalf("factor %s not registered in the sandbox", o.FactorID)
			}
			if snap.IP != tt.want {
				t.Errorf("ip sent to Frotel = %q, want %q", snap.IP, tt.want)
			}
		})
	}
}

var generatedID = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestRequestIDIsTheShops(t *testing.T) {
	tests := []struct {
		name    string
		trusted bool
		sent    string
		kept    bool
	}{
		{"none sent", false, "", false},
		{"a client's id is not used", false, "abc-123", false},
		{"a client's long id is not used", false, strings.Repeat("a", 5000), false},
		{"a trusted proxy's short id is kept", true, "abc-123", true},
		{"a trusted proxy's 65-character id is replaced", true, strings.Repeat("a", 65), false},
		{"a trusted proxy's id with other characters is replaced", true, "abc 123<script>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := shopOptions{}
			if tt.trusted {
				opt.env = trustLoopback
			}
			s := newFullShop(t, opt)
			req, _ := http.NewRequest(http.MethodGet, s.URL+"/", nil)
			if tt.sent != "" {
				req.Header.Set("X-Request-ID", tt.sent)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := resp.Header.Get("X-Request-ID")
			if tt.kept && got != tt.sent {
				t.Errorf("request id %q, want the proxy's %q", got, tt.sent)
			}
			if !tt.kept && !generatedID.MatchString(got) {
				t.Errorf("request id %q, want one the shop generated", got)
			}
		})
	}
}
