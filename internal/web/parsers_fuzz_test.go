package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"shop/internal/cart"
	"shop/internal/iran"
)

// The bank's callback comes from anyone with an order's token: whatever its query or body, reading it must not
// fail, must hand checkout the pair exactly as sent (trimmed), and must keep a bounded, escaped record of the rest.
func FuzzCallbackRequestOf(f *testing.F) {
	f.Add("GET", "_i=14116&sb=A1B2C3D4E5F60718")
	f.Add("POST", "_i=14116&sb=A1B2C3D4E5F60718&factor=22000000000000000000&RefId=abc&ResCode=0")
	f.Add("GET", "_i=%20%20&sb=&_i=2")
	f.Add("POST", "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11&l=12&m=13&n=14&o=15&p=16&q=17&r=18&s=19&t=20&u=21&v=22")
	f.Add("GET", "%ZZ=%&&&=;_i=۱۴۱۱۶")
	f.Fuzz(func(t *testing.T, method, raw string) {
		params, _ := url.ParseQuery(raw) // a malformed pair is dropped, as echo does
		cb := callbackRequestOf(method, params)
		if cb.PaymentID != strings.TrimSpace(params.Get("_i")) || cb.Ref != strings.TrimSpace(params.Get("sb")) ||
			cb.Factor != strings.TrimSpace(params.Get("factor")) || cb.Method != method {
			t.Fatalf("callbackRequestOf(%q) = %+v", raw, cb)
		}
		rest, err := url.ParseQuery(cb.Params)
		if err != nil {
			t.Fatalf("the record %q does not parse back: %v", cb.Params, err)
		}
		if len(rest) > 20 || rest.Has("_i") || rest.Has("sb") {
			t.Fatalf("the record %q keeps %d keys (or the pair)", cb.Params, len(rest))
		}
		for k, vs := range rest {
			if len(k) > 40 || len(vs) != 1 || len(vs[0]) > 100 {
				t.Fatalf("the record keeps %q=%q", k, vs)
			}
		}
		if again := callbackRequestOf(method, params); again != cb {
			t.Fatalf("not the same record twice: %+v and %+v", cb, again)
		}
	})
}

// The loyalty box's fields: every join field is present and trimmed, cards come in order without blanks, and
// the national code check never fails on what a shopper can type.
func FuzzParseLoyaltyForm(f *testing.F) {
	f.Add("0012345679", "سارا", "محمدی", "Sara", "Mohammadi", "6037991234567893", "", " 6104337812345678 ", "1", "2")
	f.Add("۰۰۱۲۳۴۵۶۷۹", "", "", "", "", "", "", "", "", "")
	f.Add(" 12-345-678 ", "\x00", "\u200c", "a\tb", "\n", "1", "2", "3", "-1", "999999999999999999999")
	f.Fuzz(func(t *testing.T, code, fnFa, lnFa, fnEn, lnEn, card1, card2, card3, customerGroup, cardGroup string) {
		form := url.Values{"national_code": {code}}
		for i, v := range []string{fnFa, lnFa, fnEn, lnEn, card1, card2, card3, customerGroup, cardGroup} {
			form.Set(loyaltyJoinFields[i], v)
		}
		lf := parseLoyaltyForm(form)
		if lf.NationalCode != strings.TrimSpace(code) || len(lf.Values) != len(loyaltyJoinFields) {
			t.Fatalf("parseLoyaltyForm = %+v", lf)
		}
		for _, k := range loyaltyJoinFields {
			if v, ok := lf.Values[k]; !ok || v != strings.TrimSpace(form.Get(k)) {
				t.Fatalf("%s = %q", k, v)
			}
		}
		cards := lf.cards()
		if len(cards) > 3 {
			t.Fatalf("%d cards", len(cards))
		}
		for _, c := range cards {
			if c == "" || c != strings.TrimSpace(c) {
				t.Fatalf("card %q", c)
			}
		}
		if nc, err := iran.ValidNationalCode(lf.NationalCode); err == nil {
			if len(nc) != 10 || strings.Trim(nc, "0123456789") != "" {
				t.Fatalf("ValidNationalCode(%q) = %q", lf.NationalCode, nc)
			}
		} else if msg := iran.Message(err); msg == "" || !utf8.ValidString(msg) {
			t.Fatalf("no message for %v", err)
		}
	})
}

// The basket form: a refused form always says why in Persian; an accepted one has a valid code and a count in
// the basket's range.
func FuzzParseCartForm(f *testing.F) {
	f.Add("saffron-1m", "", "2", true)
	f.Add(" saffron-1m ", "", "۳", false)
	f.Add("../etc/passwd", "", "-1", true)
	f.Add("saffron-1m", "", "99999999999999999999", true)
	f.Add("tee", "tee-L-blue", "1", true)
	f.Add("tee", "tee/../x", "1", true)
	f.Fuzz(func(t *testing.T, code, variant, count string, needCount bool) {
		form, problem := parseCartForm(code, variant, count, needCount)
		if problem != "" {
			if !utf8.ValidString(problem) || strings.Trim(problem, " .0123456789") == "" {
				t.Fatalf("problem %q", problem)
			}
			return
		}
		if form.Code != strings.TrimSpace(code) || form.Variant != strings.TrimSpace(variant) || form.Count < cart.MinCount || form.Count > cart.MaxCount {
			t.Fatalf("parseCartForm(%q, %q, %q) = %+v", code, variant, count, form)
		}
		if _, _, ok := cart.SplitKey(form.key()); !ok {
			t.Fatalf("parseCartForm(%q, %q) = %+v", code, count, form)
		}
	})
}
