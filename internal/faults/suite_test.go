package faults

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"shop/internal/sandbox"
)

type scenario struct {
	name string
	run  func(t *testing.T, l *ledger) row
}

// TestFaultSuite runs every scenario, each with its own sandbox and shop processes (so they may run side by
// side), asserts the goals, and prints the table.
func TestFaultSuite(t *testing.T) {
	if os.Getenv("SHOP_FAULT_SUITE") != "1" {
		t.Skip("the fault suite runs with SHOP_FAULT_SUITE=1: make test-faults")
	}
	shopBinary(t) // build once, before the clocks of the scenarios start
	began := time.Now()
	var names []string
	t.Run("scenarios", func(t *testing.T) {
		for _, sc := range scenarios() {
			names = append(names, sc.name)
			t.Run(sc.name, func(t *testing.T) {
				t.Parallel()
				l := &ledger{}
				r := sc.run(t, l)
				r.name = sc.name
				record(r)
				r.check(t, l)
			})
		}
	})
	printTable(os.Stdout, names, time.Since(began))
}

func scenarios() []scenario {
	out := []scenario{
		{"kill: after the local save", killAfterLocalSave},
		{"kill: during registration", killDuringRegistration("delay")},
		{"kill: after registration, before the reply", killDuringRegistration("hold")},
		{"kill: during checkPay", killDuringCheckPay},
	}
	for _, f := range []struct{ name, q string }{
		{"down", "down=1"}, {"slow", "delay=" + slow.String()}, {"5xx", "status500=1"}, {"malformed", "malformed=1"},
	} {
		for _, m := range []string{"1", "2", "3", "all"} {
			name := "mirror " + m + " " + f.name
			if m == "all" {
				name = "all mirrors " + f.name
			}
			out = append(out, scenario{name, mirrorFault("mirror=" + m + "&" + f.q)})
		}
	}
	return append(out,
		scenario{"loyalty club down", loyaltyFault(false)},
		scenario{"loyalty club slow", loyaltyFault(true)},
		scenario{"forged and replayed callbacks", forgedCallbacks},
		scenario{"register race: a second process reconciles", registerRace},
		scenario{"concurrent writers on one order", concurrentWriters},
	)
}

// placeAsync submits the checkout in the background; the shop may be killed before it answers.
func placeAsync(s *shopper, pay string) {
	go func() { _, _, _ = s.place(pay) }()
}

// retryCheckout is the shopper checking out the same basket again after the restart: while the earlier order is
// unsettled the shop must not register a second one.
func retryCheckout(t *testing.T, w *world, s *shopper, l *ledger) {
	t.Helper()
	before := len(w.stats().Orders)
	l.attempted++
	tok, p, err := s.place("online")
	switch {
	case err != nil:
		t.Fatalf("checkout again: %v", err)
	case tok != "":
		l.shown = append(l.shown, tok)
	}
	if got := len(w.stats().Orders); got != before {
		l.note("checking out again registered %d more", got-before)
	} else {
		l.note("checking out again: status %d, nothing registered", p.status)
	}
}

// killAfterLocalSave: a basket of physical and virtual goods makes two orders saved together, then registered
// one after the other. The physical one's register call is held, so the virtual one sits saved with
// register_sent_at empty when the shop is killed: the instant between the local save and the register call.
func killAfterLocalSave(t *testing.T, l *ledger) row {
	w := newWorld(t)
	s := newShopper(w)
	if err := s.fill("saffron-1m", "ebook-cooking"); err != nil {
		t.Fatal(err)
	}
	w.fault("mirror=all&delay=" + hold.String() + "&methods=registerOrder")
	l.attempted++
	placeAsync(s, "online")
	waitFor(t, 10*time.Second, "the register call", func() bool { return w.stats().Calls["registerOrder"] >= 1 })
	w.shop.kill()
	st := w.db()
	unsent := 0
	for _, o := range allOrders(t, st) {
		if o.RegisterSentAt.IsZero() && string(o.State) == "registering" {
			unsent++
		}
	}
	st.Close()
	l.note("%d order(s) saved but never sent at the kill", unsent)
	if unsent == 0 {
		t.Error("the kill missed the instant between the local save and the register call")
	}
	w.clearFaults()
	w.awaitReconciliation(w.restart())
	retryCheckout(t, w, s, l)
	return w.count(t.Name(), l)
}

// killDuringRegistration kills the shop while registerOrder is under way: with "delay" Frotel has not yet done
// the work (it does it when the connection drops), with "hold" it has and only the answer is pending.
func killDuringRegistration(how string) func(t *testing.T, l *ledger) row {
	return func(t *testing.T, l *ledger) row {
		w := newWorld(t)
		s := newShopper(w)
		if err := s.fill("saffron-1m"); err != nil {
			t.Fatal(err)
		}
		w.fault("mirror=all&" + how + "=" + hold.String() + "&methods=registerOrder")
		l.attempted++
		placeAsync(s, "online")
		if how == "hold" {
			waitFor(t, 10*time.Second, "Frotel to register", func() bool { return len(w.stats().Orders) >= 1 })
		} else {
			waitFor(t, 10*time.Second, "the register call", func() bool { return w.stats().Calls["registerOrder"] >= 1 })
		}
		w.clearFaults()
		w.awaitReconciliation(w.restart())
		retryCheckout(t, w, s, l)
		return w.count(t.Name(), l)
	}
}

// killDuringCheckPay kills the shop while checkPay of a genuine payment is under way; no callback comes again.
func killDuringCheckPay(t *testing.T, l *ledger) row {
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
	cb, err := s.payAtBank(tok)
	if err != nil {
		t.Fatal(err)
	}
	l.payments = append(l.payments, genuinePayment{tok, cb.Query().Get("_i"), cb.Query().Get("sb")})
	l.maxChecks = 2 // the one the kill cut off, and reconciliation's
	w.fault("mirror=all&delay=" + hold.String() + "&methods=checkPay")
	go func() { _, _ = s.callback(cb) }()
	waitFor(t, 10*time.Second, "the checkPay call", func() bool { return w.stats().Calls["checkPay"] >= 1 })
	w.clearFaults()
	w.awaitReconciliation(w.restart())
	l.expect = map[string]string{tok: "paid"}
	return w.count(t.Name(), l)
}

// mirrorFault checks out and pays twice with a fault on, switched on after the shipping quote so it meets the
// register call, the payment and checkPay.
func mirrorFault(q string) func(t *testing.T, l *ledger) row {
	return func(t *testing.T, l *ledger) row {
		w := newWorld(t)
		shoppers := []*shopper{newShopper(w), newShopper(w)}
		for _, s := range shoppers {
			if err := s.fill("saffron-1m"); err != nil {
				t.Fatal(err)
			}
		}
		w.fault(q)
		states := map[string]int{}
		for _, s := range shoppers {
			l.attempted++
			tok, p, err := s.place("online")
			if err != nil {
				t.Fatalf("place: %v", err)
			}
			if tok == "" {
				states["refused "+strconv.Itoa(p.status)]++
				continue
			}
			l.shown = append(l.shown, tok)
			if s.state(tok) == "awaiting_payment" {
				if cb, err := s.payAtBank(tok); err == nil {
					l.payments = append(l.payments, genuinePayment{tok, cb.Query().Get("_i"), cb.Query().Get("sb")})
					if _, err := s.callback(cb); err != nil {
						t.Fatalf("callback: %v", err)
					}
				} else {
					l.note("pay: %v", err)
				}
			}
			states[s.state(tok)]++
		}
		l.note("after checkout: %v", states)
		return w.settleAndCount(t.Name(), l)
	}
}

// loyaltyFault asks the loyalty club during checkout while it is down (nothing listens) or slow (answers after
// three seconds, past the shop's one-second loyalty timeout); the checkout must go on and be paid.
func loyaltyFault(slowly bool) func(t *testing.T, l *ledger) row {
	return func(t *testing.T, l *ledger) row {
		w := newWorld(t, func(w *world) {
			if !slowly {
				w.loyaltyURL = "http://" + freeAddr(t) + "/api/api/GeneralApi"
				return
			}
			target, _ := url.Parse(w.loyaltyURL)
			proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
			srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				select {
				case <-time.After(3 * time.Second):
				case <-r.Context().Done():
					return
				}
				proxy.ServeHTTP(rw, r)
			}))
			t.Cleanup(srv.Close)
			w.loyaltyURL = srv.URL + target.Path
		})
		for range 2 {
			s := newShopper(w)
			if err := s.fill("saffron-1m"); err != nil {
				t.Fatal(err)
			}
			began := time.Now()
			p, err := s.submit("/checkout", "/checkout", s.buyer(map[string]string{"action": "loyalty",
				"national_code": sandbox.LoyaltyMemberNationalCode}))
			took := time.Since(began)
			if err != nil || p.status != http.StatusOK {
				t.Fatalf("loyalty lookup: status %d, %v", p.status, err)
			}
			l.note("lookup answered in %v, unavailable shown: %v", took.Round(100*time.Millisecond), p.has("loyalty-unavailable"))
			if !p.has("loyalty-unavailable") || took > 2500*time.Millisecond {
				t.Errorf("loyalty lookup took %v, unavailable shown %v", took, p.has("loyalty-unavailable"))
			}
			l.attempted++
			tok, _, err := s.place("online")
			if err != nil || tok == "" {
				t.Fatalf("place with the loyalty club away: %q %v", tok, err)
			}
			l.shown = append(l.shown, tok)
			cb, err := s.payAtBank(tok)
			if err != nil {
				t.Fatal(err)
			}
			l.payments = append(l.payments, genuinePayment{tok, cb.Query().Get("_i"), cb.Query().Get("sb")})
			if _, err := s.callback(cb); err != nil {
				t.Fatal(err)
			}
		}
		return w.settleAndCount(t.Name(), l)
	}
}

// forgedCallbacks sends made-up pairs before the genuine callback, replays it and forges more after it, first
// one at a time, then all at once.
func forgedCallbacks(t *testing.T, l *ledger) row {
	w := newWorld(t)
	forge := func(tok, id, ref, factor string) *url.URL {
		q := url.Values{"_i": {id}, "sb": {ref}}
		if factor != "" {
			q.Set("factor", factor)
		}
		u, _ := url.Parse(w.shopURL + "/payment/callback/" + tok + "?" + q.Encode())
		return u
	}
	pairsBefore := 0
	for i, together := range []bool{false, true} {
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
		id, ref := genuine.Query().Get("_i"), genuine.Query().Get("sb")
		l.payments = append(l.payments, genuinePayment{tok, id, ref})
		n, _ := strconv.Atoi(id)
		before := []*url.URL{forge(tok, id, "FORGED"+strconv.Itoa(i), ""), forge(tok, strconv.Itoa(n+1), "NEXT", ""),
			forge(tok, "1", "X", ""), forge(tok, id, ref, "22000000000000000000"), forge(tok, "", "", "")}
		after := []*url.URL{forge(tok, strconv.Itoa(n+2), "LATE", ""), forge(tok, id, "LATE", "")}
		pairsBefore += 3
		if !together {
			for _, u := range before {
				if _, err := s.callback(u); err != nil {
					t.Fatal(err)
				}
			}
			if got := s.state(tok); got != "awaiting_payment" {
				t.Errorf("after forged callbacks the order is %s, want awaiting_payment", got)
			}
			for _, u := range append([]*url.URL{genuine, genuine, genuine}, after...) {
				if _, err := s.callback(u); err != nil {
					t.Fatal(err)
				}
			}
		} else {
			var wg sync.WaitGroup
			for _, u := range append(append(before, genuine, genuine, genuine, genuine), after...) {
				wg.Add(1)
				go func() { defer wg.Done(); _, _ = s.callback(u) }()
			}
			wg.Wait()
			pairsBefore += len(after) // sent at the same time, they may be checked before the genuine one
		}
	}
	r := w.settleAndCount(t.Name(), l)
	total := w.stats().Calls["checkPay"]
	r.notes += "; checkPay calls in all: " + strconv.Itoa(total) + " (made-up pairs that could be checked: " + strconv.Itoa(pairsBefore) + ")"
	// A made-up pair Frotel answers with an error code (an unknown payment id) is no verdict: it is asked three
	// times in its request, then again by reconciliation with doubling gaps from the 3 s grace, so at most four
	// asks within the scenario's run. Genuine pairs are held to one successful checkPay by the ledger.
	const asksPerErrorPair = 3 * 4
	if total > pairsBefore*asksPerErrorPair+len(l.payments) {
		t.Errorf("%d checkPay calls for %d made-up pairs and %d genuine ones", total, pairsBefore, len(l.payments))
	}
	return r
}
