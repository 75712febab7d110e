package e2e

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shop/internal/jobs"
	"shop/internal/sandbox"
	"shop/internal/store"
	"shop/internal/store/storetest"
	"shop/internal/web/webtest"
)

// externalSandbox runs `shop sandbox` as a process of its own (two shop instances must see one Frotel) and
// returns its Frotel mirror URLs and loyalty base URL, as it prints them.
func externalSandbox(t *testing.T) (mirrors []string, apiKey, loyaltyURL string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(shopBinary(t), "sandbox")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "SHOP_ADDR=" + addr,
		"SHOP_DATA_DIR=" + t.TempDir(), "SHOP_LOG_LEVEL=warn"}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	mirrorsRe := regexp.MustCompile(`^sandbox: Frotel mirrors (.*) \(api key "(.*)"\)$`)
	loyaltyRe := regexp.MustCompile(`^sandbox: loyalty club (\S+)$`)
	lines := bufio.NewScanner(out)
	for (mirrors == nil || loyaltyURL == "") && lines.Scan() {
		if m := mirrorsRe.FindStringSubmatch(lines.Text()); m != nil {
			mirrors, apiKey = strings.Fields(m[1]), m[2]
		}
		if m := loyaltyRe.FindStringSubmatch(lines.Text()); m != nil {
			loyaltyURL = m[1]
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if mirrors == nil || loyaltyURL == "" {
		t.Fatal("shop sandbox did not print its URLs")
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return mirrors, apiKey, loyaltyURL
		}
	}
	t.Fatal("shop sandbox does not listen")
	return nil, "", ""
}

// roundRobin is the simplest load balancer: each request goes to the next instance.
type roundRobin struct {
	backends []*url.URL
	next     atomic.Int64
	mu       sync.Mutex
	served   map[string]int // request path -> which instances served it, as a bit set
}

func (rr *roundRobin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(rr.next.Add(1)) % len(rr.backends)
	rr.mu.Lock()
	rr.served[r.URL.Path] |= 1 << i
	rr.mu.Unlock()
	httputil.NewSingleHostReverseProxy(rr.backends[i]).ServeHTTP(w, r)
}

// TestTwoInstancesOnOnePostgreSQL runs two `shop serve` processes on one PostgreSQL database behind a round-robin
// proxy, with one Frotel sandbox: a shopper fills the basket on one instance, checks out on the other, and the
// bank's callback reaches either; reconciliation, scheduled every second on both, runs once at a time.
func TestTwoInstancesOnOnePostgreSQL(t *testing.T) {
	backends := storetest.Backends()
	db := backends[len(backends)-1]
	if !db.Postgres() {
		t.Skip("needs PostgreSQL: set " + storetest.EnvPostgres + " (make test-postgres and CI do)")
	}
	dsn := db.NewDSN(t)
	mirrors, apiKey, loyaltyURL := externalSandbox(t)

	rr := &roundRobin{served: map[string]int{}}
	proxy := httptest.NewServer(rr)
	t.Cleanup(proxy.Close)
	env := []string{"SHOP_DATABASE=" + dsn, "SHOP_BASE_URL=" + proxy.URL,
		"SHOP_SESSION_SECRET=two-instances-share-this-secret-0123456789",
		"SHOP_FROTEL_URLS=" + strings.Join(mirrors, ","), "SHOP_FROTEL_API_KEY=" + apiKey, "SHOP_FROTEL_COOLDOWN=1s",
		"SHOP_LOYALTY_URL=" + loyaltyURL, "SHOP_LOYALTY_APP_KEY=" + sandbox.LoyaltyDefaultAppKey,
		"SHOP_LOYALTY_APP_SECRET=" + sandbox.LoyaltyDefaultAppSecret,
		"SHOP_RECONCILE_INTERVAL=1s"}
	a, b := startShop(t, env...), startShop(t, env...)
	for _, s := range []*shop{a, b} {
		u, _ := url.Parse(s.URL)
		rr.backends = append(rr.backends, u)
	}

	// The basket on instance A, the checkout on instance B: one cookie jar, as one browser.
	onA := webtest.NewClient(t, a.URL)
	onB := webtest.NewClient(t, b.URL)
	onB.HTTP.Jar = onA.HTTP.Jar
	if r := onA.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add on A: %d\n%s", r.Status, r.Body)
	}
	placed := onB.Submit("/checkout", "/checkout", url.Values{"action": {"place"}, "first_name": {"سارا"},
		"last_name": {"محمدی"}, "mobile": {"09121234567"}, "gender": {"female"}, "province": {"1"}, "city": {"1"},
		"postal_code": {"1434567891"}, "address": {"تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲"}, "note": {"سپاس"},
		"send": {"pishtaz"}, "pay": {"online"}})
	if placed.Status != http.StatusSeeOther || !strings.HasPrefix(placed.Location, "/orders/") {
		t.Fatalf("checkout on B (with A's basket): %d %q\n%s", placed.Status, placed.Location, placed.Body)
	}
	orderPath := placed.Location
	token := strings.TrimPrefix(orderPath, "/orders/")

	// The bank form from A, paid at the sandbox bank, which returns the shopper through the proxy.
	pay := onA.Follow(onA.Submit(orderPath, orderPath+"/pay", url.Values{"bank": {"1"}}))
	form := pay.Find("bank-redirect-form")
	if pay.Status != http.StatusOK || form == nil {
		t.Fatalf("pay on A: %d\n%s", pay.Status, pay.Body)
	}
	fields := url.Values{"action": {"pay"}}
	for _, in := range webtest.Elements(form, "input") {
		if webtest.Attr(in, "type") == "hidden" {
			fields.Add(webtest.Attr(in, "name"), webtest.Attr(in, "value"))
		}
	}
	bank := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := bank.PostForm(webtest.Attr(form, "action"), fields)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if !strings.HasPrefix(back, proxy.URL+"/payment/callback/"+token) {
		t.Fatalf("the bank returned to %q, not through the proxy", back)
	}
	// The callback twice, so each instance answers it once: both see the one verification.
	for range 2 {
		resp, err := bank.Get(back)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("callback: %d", resp.StatusCode)
		}
	}
	if got := rr.served["/payment/callback/"+token]; got != 3 {
		t.Errorf("the callback reached instances %b, want both (11)", got)
	}
	for _, c := range []*webtest.Client{onA, onB} {
		if st := c.Get(orderPath).Attr("order-state", "data-state"); st != "paid" {
			t.Errorf("%s shows the order %q, want paid", c.Base, st)
		}
	}

	// Reconciliation is due every second on both instances: runs never overlap and come once per interval. Wait
	// for three runs that started after the payment (so they saw it) rather than for a length of time.
	paidAt := time.Now()
	st, err := store.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	var runs []jobs.Run
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if runs, err = st.ListRuns(ctx, "reconcile", 1000); err != nil {
			t.Fatal(err)
		}
		if len(runs) >= 3 && runs[2].StartedAt.After(paidAt) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d reconciliation runs in 30 s, want three after the payment", len(runs))
		}
	}
	vs, err := st.Verifications(ctx, mustOrderID(t, st, token))
	if err != nil || len(vs) != 1 || !vs[0].Verified {
		t.Errorf("verifications %+v, %v; want one verified pair", vs, err)
	}
	// Once per interval on the two instances together: each run starts at least a second after the one before
	// (both processes read the same machine's clock; the database keeps microseconds), and none overlap.
	for i := 1; i < len(runs); i++ { // newest first
		if gap := runs[i-1].StartedAt.Sub(runs[i].StartedAt); gap < time.Second-time.Microsecond {
			t.Errorf("runs started %v apart (%v and %v), want at least the interval (1s)", gap, runs[i].StartedAt, runs[i-1].StartedAt)
		}
		if runs[i-1].StartedAt.Before(runs[i].FinishedAt) {
			t.Errorf("runs overlap: %v–%v and %v–%v", runs[i].StartedAt, runs[i].FinishedAt, runs[i-1].StartedAt, runs[i-1].FinishedAt)
		}
	}
}

func mustOrderID(t *testing.T, st *store.Store, token string) int64 {
	t.Helper()
	o, err := st.OrderByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}
