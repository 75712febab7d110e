package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"shop/internal/sandbox"
)

// persianPrice is an amount as the pages print it: Persian digits, maybe grouped, never Latin digits, and its unit.
var persianPrice = regexp.MustCompile(`^[۰-۹][۰-۹٬]* (تومان|ریال)$`)

// loyaltyForm is the checkout form with the loyalty box filled in and one of its buttons pressed.
func loyaltyForm(action, nationalCode string, extra map[string]string) map[string]string {
	f := map[string]string{"action": action, "national_code": nationalCode}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

func TestLoyaltyLookup(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	for _, tc := range []struct {
		name, code            string
		member, join, invalid bool
	}{
		{name: "member", code: sandbox.LoyaltyMemberNationalCode, member: true},
		{name: "member typed in Persian digits", code: "۰۰۱۳۵۴۲۴۱۹", member: true},
		{name: "not a member", code: sandbox.LoyaltyNonMemberNationalCode, join: true},
		{name: "wrong check digit", code: "0013542418", invalid: true},
		{name: "too short", code: "12345", invalid: true},
		{name: "empty", code: "", invalid: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := shopperWithBasket(t, s, "saffron-1m")
			r := c.Submit("/checkout", "/checkout", buyer(loyaltyForm("loyalty", tc.code, nil)))
			if r.Status != http.StatusOK || !r.Has("loyalty-box") {
				t.Fatalf("status %d, box shown %v\n%s", r.Status, r.Has("loyalty-box"), r.Body)
			}
			if got := r.Has("loyalty-member"); got != tc.member {
				t.Errorf("member shown %v, want %v", got, tc.member)
			}
			if got := r.Has("loyalty-join"); got != tc.join {
				t.Errorf("join form shown %v, want %v", got, tc.join)
			}
			msg, shown := r.Text("error-national_code")
			if shown != tc.invalid || (tc.invalid && !persianLetters.MatchString(msg)) {
				t.Errorf("national code message %q (shown %v), want shown %v in Persian", msg, shown, tc.invalid)
			}
			if tc.member {
				balances := allWithTestid(r, "loyalty-balance")
				if len(balances) == 0 {
					t.Fatal("the member's balances are not shown")
				}
				for _, b := range balances {
					if got := textIn(b); !persianPrice.MatchString(got) {
						t.Errorf("balance %q, want Persian digits and a unit", got)
					}
				}
				if got := r.Attr("loyalty-national-code", "value"); got != sandbox.LoyaltyMemberNationalCode {
					t.Errorf("national code input %q, want the normalised code", got)
				}
			}
			// Joining reuses the checkout's name and mobile, and the seller picks the groups.
			if tc.join && (r.Has("join-first_name_fa") || r.Has("join-customer_group") || r.Has("join-card_group") || !r.Has("join-card_1")) {
				t.Error("the join form asks again for the name, or lets the shopper pick a group, or has no card field")
			}
			if r.Has("form-errors") || r.Has("loyalty-unavailable") {
				t.Errorf("form errors %v, unavailable %v: the box must not judge the rest of the form", r.Has("form-errors"), r.Has("loyalty-unavailable"))
			}
			if got := r.Attr("field-first_name", "value"); got != "سارا" {
				t.Errorf("name %q not kept", got)
			}
		})
	}
}

func TestLoyaltyDownNeverBlocks(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	s.Loyalty.SetDown(true)
	c := shopperWithBasket(t, s, "saffron-1m")
	for _, action := range []string{"loyalty", "loyalty_join"} {
		t.Run(action, func(t *testing.T) {
			r := c.Submit("/checkout", "/checkout", buyer(loyaltyForm(action, sandbox.LoyaltyNonMemberNationalCode,
				map[string]string{"first_name_fa": "سارا", "last_name_fa": "محمدی", "send": "pishtaz", "pay": "cod"})))
			if r.Status != http.StatusOK || !r.Has("loyalty-unavailable") {
				t.Fatalf("status %d, unavailable shown %v\n%s", r.Status, r.Has("loyalty-unavailable"), r.Body)
			}
			if r.Has("loyalty-member") || r.Has("loyalty-joined") || r.Has("loyalty-error") || r.Has("form-errors") {
				t.Error("a down club should show only that it is unavailable")
			}
			for id, want := range map[string]string{"field-first_name": "سارا", "field-last_name": "محمدی", "field-mobile": "۰۹۱۲۱۲۳۴۵۶۷",
				"field-postal_code": "1434567891", "loyalty-national-code": sandbox.LoyaltyNonMemberNationalCode} {
				if got := r.Attr(id, "value"); got != want {
					t.Errorf("%s = %q, want %q", id, got, want)
				}
			}
			for id, want := range map[string]string{"field-address": "تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲، واحد ۳", "field-note": "سپاس"} {
				if got, _ := r.Text(id); got != want {
					t.Errorf("%s = %q, want %q", id, got, want)
				}
			}
			for id, want := range map[string]string{"field-gender": "female", "field-province": "1", "field-city": "1"} {
				if _, got := optionValues(t, r, id); got != want {
					t.Errorf("%s: %q selected, want %q", id, got, want)
				}
			}
		})
	}
	t.Run("place", func(t *testing.T) {
		r := c.Submit("/checkout", "/checkout", buyer(loyaltyForm("place", sandbox.LoyaltyMemberNationalCode,
			map[string]string{"send": "pishtaz", "pay": "online"})))
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
			t.Fatalf("placing with the club down: status %d location %q\n%s", r.Status, r.Location, r.Body)
		}
	})
}

func TestLoyaltyJoin(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	join := loyaltyForm("loyalty_join", sandbox.LoyaltyNonMemberNationalCode,
		map[string]string{"first_name_fa": "سارا", "last_name_fa": "محمدی"})
	r := c.Submit("/checkout", "/checkout", buyer(join))
	if r.Status != http.StatusOK || !r.Has("loyalty-joined") || !r.Has("loyalty-member") {
		msg, _ := r.Text("loyalty-box")
		t.Fatalf("join: status %d, joined %v, member %v; box: %s", r.Status, r.Has("loyalty-joined"), r.Has("loyalty-member"), msg)
	}
	if r.Has("loyalty-join") {
		t.Error("the join form is still offered after joining")
	}
	if got := s.Loyalty.LoyaltyCard(sandbox.LoyaltyNonMemberNationalCode); got == "" {
		t.Error("the club has no loyalty card for the new member")
	}

	r = c.Submit("/checkout", "/checkout", buyer(loyaltyForm("loyalty", sandbox.LoyaltyNonMemberNationalCode, nil)))
	if !r.Has("loyalty-member") || r.Has("loyalty-join") || r.Has("loyalty-joined") {
		t.Errorf("lookup after joining: member %v, join form %v, joined note %v", r.Has("loyalty-member"), r.Has("loyalty-join"), r.Has("loyalty-joined"))
	}

	// The loyalty box is a side trip: the same form still places the order.
	r = c.Submit("/checkout", "/checkout", buyer(loyaltyForm("place", sandbox.LoyaltyNonMemberNationalCode,
		map[string]string{"send": "pishtaz", "pay": "online"})))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
		t.Fatalf("place after the loyalty box: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	if got := c.Follow(r).Attr("order-state", "data-state"); got != "awaiting_payment" {
		t.Errorf("order state %q", got)
	}
}

func TestLoyaltyJoinRefusedFields(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	for _, tc := range []struct {
		name  string
		form  map[string]string
		field string // the join box's field that must carry the error
	}{
		{"invalid card number", map[string]string{"card_1": "1234"}, "card_1"},
		{"a card failing the Luhn check", map[string]string{"card_1": "6037991234567890"}, "card_1"},
		{"no mobile", map[string]string{"mobile": ""}, "mobile"},
		// With no name above, the box asks for it itself.
		{"no first name anywhere", map[string]string{"first_name": "", "first_name_fa": ""}, "first_name_fa"},
		{"Latin letters in the last name", map[string]string{"last_name": "", "last_name_fa": "Mohammadi"}, "last_name_fa"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := shopperWithBasket(t, s, "saffron-1m")
			r := c.Submit("/checkout", "/checkout", buyer(loyaltyForm("loyalty_join", sandbox.LoyaltyNonMemberNationalCode, tc.form)))
			if r.Status != http.StatusOK {
				t.Fatalf("status %d\n%s", r.Status, r.Body)
			}
			if !r.Has("error-" + tc.field) {
				box, _ := r.Text("loyalty-box")
				t.Fatalf("no error beside %s; box: %s", tc.field, box)
			}
			if msg, _ := r.Text("error-" + tc.field); !persianLetters.MatchString(msg) {
				t.Errorf("error beside %s is %q, want a Persian sentence", tc.field, msg)
			}
			if r.Has("loyalty-joined") || !r.Has("loyalty-join") {
				t.Errorf("joined %v, join form shown %v: a refused join keeps the form", r.Has("loyalty-joined"), r.Has("loyalty-join"))
			}
			for name, want := range tc.form {
				if !strings.HasSuffix(name, "_fa") && !strings.HasPrefix(name, "card_") {
					continue
				}
				if got := r.Attr("join-"+name, "value"); got != want {
					t.Errorf("join-%s = %q, want the typed %q kept", name, got, want)
				}
			}
			if got := s.Loyalty.LoyaltyCard(sandbox.LoyaltyNonMemberNationalCode); got != "" {
				t.Errorf("the club issued card %s for a refused join", got)
			}
		})
	}
}

// textIn is the whitespace-collapsed text under n.
func textIn(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// With SHOP_LOYALTY_ENGLISH_NAMES the join form asks for the Latin names, optional, and sends them to the club;
// without it the form does not ask and nothing is sent.
func TestLoyaltyJoinEnglishNames(t *testing.T) {
	for _, asked := range []bool{true, false} {
		t.Run(fmt.Sprint("asked=", asked), func(t *testing.T) {
			s := newFullShop(t, shopOptions{env: map[string]string{"SHOP_LOYALTY_ENGLISH_NAMES": fmt.Sprint(asked)}})
			c := shopperWithBasket(t, s, "saffron-1m")
			look := c.Submit("/checkout", "/checkout", buyer(loyaltyForm("loyalty", sandbox.LoyaltyNonMemberNationalCode, nil)))
			if look.Has("join-first_name_en") != asked || look.Has("join-last_name_en") != asked {
				t.Fatalf("Latin name fields shown %v, want %v", look.Has("join-first_name_en"), asked)
			}
			join := loyaltyForm("loyalty_join", sandbox.LoyaltyNonMemberNationalCode,
				map[string]string{"first_name_en": "Sara", "last_name_en": "Mohammadi"})
			if r := c.Submit("/checkout", "/checkout", buyer(join)); !r.Has("loyalty-joined") {
				box, _ := r.Text("loyalty-box")
				t.Fatalf("join failed: %s", box)
			}
			fn, ln := s.Loyalty.EnglishNames(sandbox.LoyaltyNonMemberNationalCode)
			if want := map[bool]string{true: "Sara Mohammadi", false: " "}[asked]; fn+" "+ln != want {
				t.Errorf("the club got Latin names %q %q, want %q", fn, ln, want)
			}
		})
	}
}
