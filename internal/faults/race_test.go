package faults

import (
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"shop/internal/sandbox"
)

// registerRace: a mixed basket (goods, a file, a service) makes three orders saved together and registered one
// after the other; the goods' registration is slow, so the file and the service wait unsent. A second process
// (`shop job reconcile` with short timing settings, as a second instance would run it) takes them for abandoned
// and registers them while checkout is still going. Whoever claims an order's send sends it; Frotel must hold
// exactly one order per kind.
func registerRace(t *testing.T, l *ledger) row {
	w := newWorld(t, func(w *world) {
		// The shop itself waits long enough for the slow call; its own grace outlasts the whole basket.
		w.extraEnv = []string{"SHOP_FROTEL_TIMEOUT=3s", "SHOP_RECONCILE_GRACE=30s"}
	})
	s := newShopper(w)
	if err := s.fill("saffron-1m", "ebook-cooking", "decor-consult"); err != nil {
		t.Fatal(err)
	}
	w.fault("mirror=all&delay=2500ms&methods=registerOrder")
	l.attempted++
	var tok string
	done := make(chan struct{})
	go func() {
		defer close(done)
		tok, _, _ = s.place("online")
	}()
	waitFor(t, 10*time.Second, "the goods' register call", func() bool { return w.stats().Calls["registerOrder"] >= 1 })
	runs := 0
	waitFor(t, 20*time.Second, "the second process to register the waiting orders", func() bool {
		runs++
		reconcileOnce(t, w)
		c := w.stats().Calls
		return c["registerOrderVirtual"]+c["registerOrderService"] >= 2
	})
	<-done
	w.clearFaults()
	if tok != "" {
		l.shown = append(l.shown, tok)
	}
	c := w.stats().Calls
	l.note("second process ran %d time(s); register calls: goods %d, file %d, service %d; checkout lost %d claim(s)",
		runs, c["registerOrder"], c["registerOrderVirtual"], c["registerOrderService"],
		strings.Count(w.shop.out.String(), "register already claimed"))
	if c["registerOrderVirtual"] != 1 || c["registerOrderService"] != 1 {
		t.Errorf("the file and the service were registered %d and %d times, want once each", c["registerOrderVirtual"], c["registerOrderService"])
	}
	// The goods' answer came after the second process had handed that order to a person: the answer settles it.
	st := w.db()
	for _, o := range allOrders(t, st) {
		if string(o.State) != "awaiting_payment" || o.FactorID == "" {
			t.Errorf("%s order %s: %s, factor %q; want awaiting_payment with its factor", o.Kind, o.Reference(), o.State, o.FactorID)
		}
	}
	st.Close()
	return w.count(t.Name(), l)
}

// reconcileOnce runs `shop job reconcile` on the world's database, with a grace of 400 ms (legal for a 100 ms
// timeout on three mirrors).
func reconcileOnce(t *testing.T, w *world) {
	t.Helper()
	cmd := exec.Command(shopBinary(t), "job", "reconcile")
	cmd.Env = []string{"SHOP_DATA_DIR=" + w.dataDir, "SHOP_LOG_LEVEL=warn", "SHOP_ADDR=127.0.0.1:0",
		"SHOP_SESSION_SECRET=fault-suite-session-secret-0123456789abcdef",
		"SHOP_FROTEL_URLS=" + strings.Join(w.mirrors, ","), "SHOP_FROTEL_API_KEY=" + w.apiKey,
		"SHOP_FROTEL_TIMEOUT=100ms", "SHOP_RECONCILE_GRACE=400ms",
		"SHOP_LOYALTY_URL=" + w.loyaltyURL, "SHOP_LOYALTY_APP_KEY=" + sandbox.LoyaltyDefaultAppKey,
		"SHOP_LOYALTY_APP_SECRET=" + sandbox.LoyaltyDefaultAppSecret}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Logf("shop job reconcile: %v\n%s", err, out)
	}
}

// concurrentWriters: one online order, and at once the genuine bank return, forged returns, "verify again" and
// "pay again" from the shopper, and the shop's own reconciliation every second. The order must end paid with its
// tracking code, checkPay called no more than the bound allows, and nothing registered twice.
func concurrentWriters(t *testing.T, l *ledger) row {
	w := newWorld(t)
	s := newShopper(w)
	if err := s.fill("saffron-1m"); err != nil {
		t.Fatal(err)
	}
	l.attempted++
	tok, _, err := s.place("online")
	if err != nil || tok == "" {
		t.Fatalf("place: %q %v", tok, err)
	}
	l.shown = append(l.shown, tok)
	genuine, err := s.payAtBank(tok)
	if err != nil {
		t.Fatal(err)
	}
	l.payments = append(l.payments, genuinePayment{tok, genuine.Query().Get("_i"), genuine.Query().Get("sb")})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			q := url.Values{"_i": {"9" + strings.Repeat("1", i+1)}, "sb": {"FORGED"}}
			u, _ := url.Parse(w.shopURL + "/payment/callback/" + tok + "?" + q.Encode())
			_, _ = s.callback(u)
		})
	}
	for range 3 {
		wg.Go(func() { _, _ = s.submit("/orders/"+tok, "/orders/"+tok+"/retry", url.Values{}) })
		wg.Go(func() { _, _ = s.submit("/orders/"+tok, "/orders/"+tok+"/verify", url.Values{}) })
	}
	wg.Go(func() { _, _ = s.callback(genuine) })
	wg.Wait()
	waitFor(t, 20*time.Second, "the order to be paid", func() bool { return s.state(tok) == "paid" })
	l.expect = map[string]string{tok: "paid"}
	l.maxChecks = 1
	l.note("8 forged returns, 3 pay-again and 3 verify-again posts raced the genuine return")
	return w.count(t.Name(), l)
}
