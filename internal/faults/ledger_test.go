package faults

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"shop/internal/checkout"
	"shop/internal/store"
)

// ledger is what one scenario did, to compare with what the shop and Frotel hold afterwards.
type ledger struct {
	attempted int               // checkouts submitted (place), retries included
	shown     []string          // order tokens the shop showed to shoppers
	payments  []genuinePayment  // payments made at the bank
	notes     []string          // what the row should tell its reader
	maxChecks int               // checkPay calls allowed per genuine payment (2 where a kill cut the first off)
	expect    map[string]string // order token -> the state it must end in
}

type genuinePayment struct{ token, id, ref string }

func (l *ledger) note(format string, args ...any) {
	l.notes = append(l.notes, fmt.Sprintf(format, args...))
}

// row is one line of the printed table.
type row struct {
	name       string
	attempted  int
	lost       int
	duplicated int
	unsettled  int
	forPerson  int
	checkPays  int // per genuine payment: the most any had
	paid       int // genuine payments ending paid
	payments   int // genuine payments made
	notes      string
}

var (
	rowsMu sync.Mutex
	rows   []row
)

func record(r row) {
	rowsMu.Lock()
	defer rowsMu.Unlock()
	rows = append(rows, r)
}

// db opens the world's database (the shop's SQLite file) for reading what the shop decided.
func (w *world) db() *store.Store {
	w.t.Helper()
	st, err := store.Open(filepath.Join(w.dataDir, "shop.db"))
	if err != nil {
		w.t.Fatal(err)
	}
	return st
}

// awaitReconciliation waits until a reconciliation run that started at or after since has finished.
func (w *world) awaitReconciliation(since time.Time) {
	w.t.Helper()
	st := w.db()
	defer st.Close()
	waitFor(w.t, 20*time.Second, "a reconciliation run", func() bool {
		runs, err := st.ListRuns(context.Background(), "reconcile", 5)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, r := range runs {
			if !r.StartedAt.Before(since) && !r.FinishedAt.IsZero() {
				return true
			}
		}
		return false
	})
}

// settleAndCount lets one reconciliation run that sees everything (it starts a grace period after the last
// thing the scenario did), then counts.
func (w *world) settleAndCount(name string, l *ledger) row {
	w.t.Helper()
	w.clearFaults()
	w.awaitReconciliation(time.Now().Add(grace))
	return w.count(name, l)
}

var referenceRe = regexp.MustCompile(`SH-[0-9]{6,}`)

// allOrders lists every order in the shop's database.
func allOrders(t *testing.T, st *store.Store) []*checkout.Order {
	var out []*checkout.Order
	for _, s := range checkout.States() {
		found, err := st.OrdersInState(context.Background(), s, time.Now().Add(time.Hour), 1000)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, found...)
	}
	return out
}

// count compares the shop's orders with Frotel's records:
//   - lost: an order Frotel holds that the shop cannot account for (no local order with its factor, nor one
//     handed to a person under its reference), or an order page the shop showed that its database lacks;
//   - duplicated: Frotel orders beyond one per shopper and kind of goods (every shopper has their own mobile);
//   - unsettled: orders still registering, and payments of unpaid orders whose check is still pending;
//   - for a person: orders needing reconciliation, each with the evidence in its history.
func (w *world) count(name string, l *ledger) row {
	t := w.t
	t.Helper()
	ctx := context.Background()
	st := w.db()
	defer st.Close()
	up := w.stats()
	local := allOrders(t, st)
	byFactor, byRef, byToken := map[string]*checkout.Order{}, map[string]*checkout.Order{}, map[string]*checkout.Order{}
	for _, o := range local {
		if o.FactorID != "" {
			byFactor[strings.ReplaceAll(o.FactorID, "-", "")] = o
		}
		byRef[o.Reference()] = o
		byToken[o.Token] = o
	}
	r := row{name: name, attempted: l.attempted}
	states := map[checkout.State]int{}
	for _, o := range local {
		states[o.State]++
	}
	l.note("Frotel holds %d order(s); the shop's: %v", len(up.Orders), states)
	perBuyer := map[string]int{}
	for _, u := range up.Orders {
		perBuyer[u.Mobile+"/"+u.Kind]++
		if byFactor[u.Factor] != nil {
			continue
		}
		o := byRef[referenceRe.FindString(u.Message)]
		if o == nil || o.State != checkout.StateNeedsReconciliation {
			r.lost++
			l.note("Frotel holds %s (%q) the shop does not account for", u.Factor, u.Message)
		}
	}
	for _, n := range perBuyer {
		r.duplicated += n - 1
	}
	for _, tok := range l.shown {
		if byToken[tok] == nil {
			r.lost++
			l.note("order page %s shown but not in the database", tok)
		}
	}
	for _, o := range local {
		switch o.State {
		case checkout.StateRegistering:
			r.unsettled++
			l.note("%s still registering", o.Reference())
			continue
		case checkout.StateNeedsReconciliation:
			r.forPerson++
			evs, err := st.OrderEvents(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !hasEvidence(evs) {
				r.unsettled++
				l.note("%s handed to a person without evidence in its history", o.Reference())
			}
			continue
		}
		if o.Paid() {
			continue
		}
		vs, err := st.Verifications(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.Status != checkout.VerificationDone {
				r.unsettled++
				l.note("%s: payment %s check %s", o.Reference(), v.PaymentID, v.Status)
			}
		}
	}
	for tok, want := range l.expect {
		if o := byToken[tok]; o == nil || string(o.State) != want {
			l.note("order %s: want %s", tok, want)
			r.unsettled++
		}
	}
	r.payments = len(l.payments)
	for _, p := range l.payments {
		r.checkPays = max(r.checkPays, up.CheckPayPair[p.id+"|"+p.ref])
		if o := byToken[p.token]; o != nil && o.Paid() {
			r.paid++
		}
	}
	r.notes = strings.Join(l.notes, "; ")
	return r
}

func hasEvidence(evs []checkout.OrderEvent) bool {
	for _, e := range evs {
		if e.Kind == "reconcile" && len(e.Evidence) > 2 {
			return true
		}
	}
	return false
}

// check fails the test for every goal the row breaks.
func (r row) check(t *testing.T, l *ledger) {
	t.Helper()
	if r.lost != 0 {
		t.Errorf("%d orders lost: %s", r.lost, r.notes)
	}
	if r.duplicated != 0 {
		t.Errorf("%d orders duplicated upstream", r.duplicated)
	}
	if r.unsettled != 0 {
		t.Errorf("%d left unsettled after one reconciliation: %s", r.unsettled, r.notes)
	}
	if r.paid != r.payments {
		t.Errorf("genuine payments paid: %d of %d", r.paid, r.payments)
	}
	if limit := max(l.maxChecks, 1); r.checkPays > limit {
		t.Errorf("checkPay calls per payment: %d, want at most %d", r.checkPays, limit)
	}
}

// printTable writes the rows in scenario order as a Markdown table.
func printTable(out io.Writer, order []string, took time.Duration) {
	rowsMu.Lock()
	defer rowsMu.Unlock()
	pos := map[string]int{}
	for i, n := range order {
		pos[n] = i
	}
	sort.SliceStable(rows, func(i, j int) bool { return pos[rows[i].name] < pos[rows[j].name] })
	fmt.Fprintf(out, "\nFault suite (%s)\n\n", took.Round(time.Second))
	fmt.Fprintln(out, "| scenario | orders attempted | lost | duplicated upstream | unsettled after one reconciliation | for a person | checkPay calls per payment | genuine payments paid | notes |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		checks, paid := "-", "-"
		if r.payments > 0 {
			checks, paid = fmt.Sprint(r.checkPays), fmt.Sprintf("%d/%d", r.paid, r.payments)
		}
		fmt.Fprintf(out, "| %s | %d | %d | %d | %d | %d | %s | %s | %s |\n", r.name, r.attempted, r.lost, r.duplicated,
			r.unsettled, r.forPerson, checks, paid, r.notes)
	}
	fmt.Fprintln(out)
}
