package web

import (
	"fmt"
	"testing"
	"time"

	"shop/internal/account"
	"shop/internal/checkout"
	"shop/internal/store"
)

func TestLimiterForgetsIdleVisitorsAndStaysBounded(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	lim := newLimiter(Limit{Requests: 2, Per: time.Minute}, func() time.Time { return now })
	for i := range 2 {
		if ok, _ := lim.allow("a"); !ok {
			t.Fatalf("request %d refused", i+1)
		}
	}
	ok, wait := lim.allow("a")
	if ok || wait <= 0 || wait > 30*time.Second {
		t.Fatalf("third request: ok %v, wait %v; want refused with a wait up to 30s", ok, wait)
	}
	now = now.Add(30 * time.Second)
	if ok, _ := lim.allow("a"); !ok {
		t.Error("a token should have come back after 30s")
	}

	now = now.Add(2 * time.Minute)
	lim.allow("b") // sweeps: a has been idle longer than a full refill
	if _, kept := lim.visitors["a"]; kept || len(lim.visitors) != 1 {
		t.Errorf("idle visitor kept: %d remembered", len(lim.visitors))
	}

	for i := range maxVisitors + 10 {
		lim.allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256))
	}
	if len(lim.visitors) > maxVisitors {
		t.Errorf("%d visitors remembered, want at most %d", len(lim.visitors), maxVisitors)
	}
}

func TestVisitorKey(t *testing.T) {
	tests := []struct{ ip, want string }{
		{"5.6.7.8", "5.6.7.8"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"},
		{"::ffff:5.6.7.8", "5.6.7.8"},
	}
	for _, tt := range tests {
		if got := visitorKey(tt.ip); got != tt.want {
			t.Errorf("visitorKey(%q) = %q, want %q", tt.ip, got, tt.want)
		}
	}
}

// TestLimitedRoutesExist keeps limitedRoutes in step with routes.go: a renamed route must not silently lose its limit.
func TestLimitedRoutesExist(t *testing.T) {
	st, err := store.Open(t.TempDir() + "/shop.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := New(Deps{Catalog: st, Checkout: &checkout.Service{}, Account: &account.Service{}, Sessions: NewSessionStore([]byte("test-secret-test-secret-test-secret!"), false)})
	if err != nil {
		t.Fatal(err)
	}
	routes := map[string]bool{}
	for _, r := range s.e.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	for route, name := range limitedRoutes {
		if !routes[route] {
			t.Errorf("limitedRoutes names %q (%s), which routes.go does not serve", route, name)
		}
		if _, ok := (Limits{}).byName()[name]; !ok {
			t.Errorf("limitedRoutes names an unknown setting %q", name)
		}
	}
}
