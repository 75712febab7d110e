package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"shop/internal/admin"
	"shop/internal/loyalty"
	"shop/internal/sandbox"
	"shop/internal/web/webtest"
)

// luhnCard completes fifteen digits into a card number that passes the Luhn check.
func luhnCard(prefix string) string {
	for d := '0'; d <= '9'; d++ {
		s := prefix + string(d)
		sum := 0
		for i := range len(s) {
			n := int(s[len(s)-1-i] - '0')
			if i%2 == 1 {
				n *= 2
				if n > 9 {
					n -= 9
				}
			}
			sum += n
		}
		if sum%10 == 0 {
			return s
		}
	}
	panic("unreachable")
}

func TestAdminLoyaltyCustomerAndCards(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	member, other := sandbox.LoyaltyMemberNationalCode, sandbox.LoyaltyNonMemberNationalCode

	p := c.Get("/admin/loyalty?nc=" + member)
	if p.Status != http.StatusOK || !p.Has("loyalty-member") || !p.Has("loyalty-balances") || !p.Has("nav-loyalty") {
		t.Fatalf("member lookup: status %d, member %v, balances %v", p.Status, p.Has("loyalty-member"), p.Has("loyalty-balances"))
	}
	// The wallet in the shop's price unit, as the shopper sees it at checkout (issue 23), not bare rials.
	if b, _ := p.Text("loyalty-balance"); !strings.Contains(b, "تومان") {
		t.Errorf("a member's balance reads %q, want it in toman", b)
	}
	if !p.Has("loyalty-customer-groups") || !p.Has("loyalty-card-groups") {
		t.Error("the customer and card groups are not listed")
	}
	if p := c.Get("/admin/loyalty?nc=" + other); !p.Has("loyalty-not-member") {
		t.Error("a non-member is not said to be one")
	}
	if p := c.Get("/admin/loyalty?nc=12345"); !persianLetters.MatchString(first(p.Text("loyalty-lookup-error"))) {
		t.Error("a malformed national code has no Persian message")
	}

	for name, tc := range map[string]struct {
		card   string
		member bool
	}{
		"loyalty card": {s.Loyalty.LoyaltyCard(member), true},
		"mapped card":  {s.Loyalty.MappedCards(member)[0], true},
		"unknown card": {luhnCard("621986111111111"), false},
	} {
		t.Run(name, func(t *testing.T) {
			p := c.Get("/admin/loyalty?card=" + url.QueryEscape(tc.card))
			msg, ok := p.Text("loyalty-card-result")
			if !ok || !persianLetters.MatchString(msg) || strings.Contains(msg, "نه کارت") == tc.member {
				t.Fatalf("card %s: %q (error %q)", tc.card, msg, first(p.Text("loyalty-card-error")))
			}
		})
	}

	// Map a new card, then refuse a malformed one beside the field.
	card := luhnCard("603799555555555")
	r := c.Submit("/admin/loyalty?nc="+member, "/admin/loyalty/map", url.Values{"nc": {member}, "cards": {card}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "done=cards-mapped") {
		t.Fatalf("map: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	if !slices.Contains(s.Loyalty.MappedCards(member), card) {
		t.Fatalf("the club has not mapped %s: %v", card, s.Loyalty.MappedCards(member))
	}
	bad := c.Submit("/admin/loyalty?nc="+member, "/admin/loyalty/map", url.Values{"nc": {member}, "cards": {"1234"}})
	if msg, _ := bad.Text("error-cards"); bad.Status != http.StatusUnprocessableEntity || !persianLetters.MatchString(msg) {
		t.Fatalf("bad card: status %d, message %q", bad.Status, msg)
	}

	// The member's purchases, asked from the club live.
	live := c.Get("/admin/loyalty?days=7&live=" + url.QueryEscape(strings.Join(s.Loyalty.MappedCards(member), "\n")))
	if totals, ok := live.Text("loyalty-live-table-totals"); !ok || live.Has("loyalty-live-error") {
		t.Fatalf("live transactions: totals %q, error %q", totals, first(live.Text("loyalty-live-error")))
	}

	// Disabling asks first.
	confirm := c.Get("/admin/loyalty/disable?nc=" + member)
	if confirm.Status != http.StatusOK || !confirm.Has("confirm-yes") || s.Loyalty.IsDisabled(member) {
		t.Fatalf("disable asks first: status %d, disabled already %v", confirm.Status, s.Loyalty.IsDisabled(member))
	}
	if r := c.Submit("/admin/loyalty/disable?nc="+member, "/admin/loyalty/disable", url.Values{"nc": {member}}); r.Status != http.StatusSeeOther {
		t.Fatalf("disable: status %d\n%s", r.Status, r.Body)
	}
	if !s.Loyalty.IsDisabled(member) {
		t.Fatal("the club did not disable the member")
	}
}

func TestAdminLoyaltyClubDown(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	s.Loyalty.SetDown(true)
	p := c.Get("/admin/loyalty?nc=" + sandbox.LoyaltyMemberNationalCode)
	if p.Status != http.StatusOK || !persianLetters.MatchString(first(p.Text("loyalty-lookup-error"))) {
		t.Fatalf("club down: status %d; want the page with a Persian message", p.Status)
	}
}

func TestAdminLoyaltyPullAndTransactions(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	if _, err := s.Accounts.SaveAccount(context.Background(), "clerk@shop.test", "a clerk's long password", admin.Staff); err != nil {
		t.Fatal(err)
	}
	c := signedInAs(t, s, "clerk@shop.test", "a clerk's long password") // staff may use the loyalty page

	if p := c.Get("/admin/loyalty"); p.Has("loyalty-run") || !p.Has("loyalty-pull") {
		t.Fatalf("before any pull: runs %v, pull button %v", p.Has("loyalty-run"), p.Has("loyalty-pull"))
	}
	r := c.Submit("/admin/loyalty", "/admin/loyalty/pull", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("pull: status %d", r.Status)
	}
	var runs int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		list, err := s.Store.ListRuns(context.Background(), loyalty.SyncJobName, 5)
		if err != nil {
			t.Fatal(err)
		}
		if runs = len(list); runs > 0 {
			if !list[0].OK() {
				t.Fatalf("the pull failed: %s", list[0].Error)
			}
			break
		}
	}
	if runs == 0 {
		t.Fatal("pull now recorded no run")
	}
	if p := c.Get("/admin/loyalty"); !p.Has("loyalty-run") {
		t.Fatal("the run is not listed")
	}

	all := c.Get("/admin/loyalty/transactions")
	totals, _ := all.Text("tx-table-totals")
	if all.Status != http.StatusOK || !all.Has("tx-row") || !strings.Contains(totals, "تراکنش") {
		t.Fatalf("stored terminal transactions: status %d, totals %q", all.Status, totals)
	}
	one := c.Get("/admin/loyalty/transactions?terminal=10001002")
	if n, m := countRows(all), countRows(one); m == 0 || m >= n {
		t.Errorf("terminal filter: %d of %d rows", m, n)
	}
	if p := c.Get("/admin/loyalty/transactions?kind=mapped"); p.Status != http.StatusOK || !p.Has("tx-table-totals") {
		t.Errorf("mapped transactions: status %d", p.Status)
	}
	for _, q := range []string{"from=1405/13/01", "to=yesterday", "pan=12ab"} {
		p := c.Get("/admin/loyalty/transactions?" + q)
		field := strings.SplitN(q, "=", 2)[0]
		if msg, _ := p.Text("error-" + field); p.Status != http.StatusBadRequest || !persianLetters.MatchString(msg) {
			t.Errorf("%s: status %d, message %q", q, p.Status, msg)
		}
	}
}

func countRows(p webtest.Page) int { return strings.Count(p.Body, `data-testid="tx-row"`) }

func first(s string, _ bool) string { return s }

// A card the club answers with -105 (it knows the card but does not say which kind) gets a sentence that says so,
// not an empty result.
func TestAdminLoyaltyCardKnown(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	p := c.Get("/admin/loyalty?card=" + url.QueryEscape(sandbox.LoyaltyKnownCard))
	msg, ok := p.Text("loyalty-card-result")
	if !ok || !strings.Contains(msg, "می‌شناسد") {
		t.Fatalf("card known to the club (-105): result %q (shown %v), error %q", msg, ok, first(p.Text("loyalty-card-error")))
	}
}
