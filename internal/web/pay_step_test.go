package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/sandbox"
	"shop/internal/web/webtest"
)

// The pay step for every shape of bank page Frotel passes on: a page with a usable form is re-emitted by the shop
// (every value hidden, its own button, nothing of the bank's markup or scripts) and can be paid through; a page
// without one is shown inside a sandboxed frame, never in the shop's own origin.
func TestPayStepForEveryBankPageShape(t *testing.T) {
	framed := map[string]bool{"spec": true, "script": true}
	for _, shape := range sandbox.BankPages {
		t.Run(shape, func(t *testing.T) {
			t.Parallel()
			s := newFullShop(t, shopOptions{frotel: sandbox.FrotelOptions{BankPage: shape}})
			c := shopperWithBasket(t, s, "saffron-1m")
			token := placeOnlineOrder(t, c)
			orderPath := "/orders/" + token
			pay := c.Follow(c.Submit(orderPath, orderPath+"/pay", url.Values{"bank": {"1"}}))
			if pay.Status != http.StatusOK {
				t.Fatalf("pay: status %d\n%s", pay.Status, pay.Body)
			}
			if strings.Contains(pay.Body, "ورود به درگاه بانک ممکن نشد") {
				t.Fatalf("the shopper was told the bank could not be reached")
			}
			if strings.Contains(pay.Body, "window.location.href") && !framed[shape] ||
				strings.Contains(pay.Body, "<script>window.location") || strings.Contains(pay.Body, "onload=\"") {
				t.Errorf("the bank's scripts reached the shop's own page")
			}
			form := pay.Find("bank-redirect-form")
			frame := pay.Find("bank-frame")
			if framed[shape] {
				if form != nil || frame == nil {
					t.Fatalf("want the bank's page in a frame, got form %v frame %v\n%s", form != nil, frame != nil, pay.Body)
				}
				if got := webtest.Attr(frame, "sandbox"); got != "allow-forms allow-top-navigation-by-user-activation" {
					t.Errorf("frame sandbox = %q", got)
				}
				if doc := webtest.Attr(frame, "srcdoc"); !strings.HasPrefix(doc, `<base target="_top">`) || !strings.Contains(doc, "<form") && !strings.Contains(doc, "<a href") {
					t.Errorf("srcdoc = %q, want the bank's page", doc)
				}
				return
			}
			if form == nil || frame != nil {
				t.Fatalf("want the shop's own form, got form %v frame %v\n%s", form != nil, frame != nil, pay.Body)
			}
			for _, in := range webtest.Elements(form, "input") {
				if webtest.Attr(in, "type") != "hidden" {
					t.Errorf("input %q of type %q re-emitted visible", webtest.Attr(in, "name"), webtest.Attr(in, "type"))
				}
			}
			if a := webtest.Attr(form, "action"); !strings.HasPrefix(a, s.Sandbox+"/bank/gateway") {
				t.Errorf("action %q, want the sandbox bank's gateway (relative actions resolved against the mirror)", a)
			}
			back := bankReturnURL(t, c, token).RequestURI()
			if r := c.Get(back); r.Status != http.StatusSeeOther {
				t.Fatalf("callback: status %d", r.Status)
			}
			if got := orderStateOf(t, c, token); got != "paid" {
				t.Errorf("state %q after paying through the %s page, want paid", got, shape)
			}
		})
	}
}

// The bank is reached from a GET page of ours that shows the recorded form once: the pay POST answers with a
// redirect (so it is not in the browser's history), and coming back to the step — the browser's back button from
// the bank, a reload — lands on the order page instead of a re-sent POST (issue 23, item 5).
func TestBankStepIsAGetShownOnce(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	token := placeOnlineOrder(t, c)
	orderPath := "/orders/" + token

	posted := c.Submit(orderPath, orderPath+"/pay", url.Values{"bank": {"1"}})
	if posted.Status != http.StatusSeeOther || !strings.HasPrefix(posted.Location, orderPath+"/bank/") {
		t.Fatalf("pay: status %d to %q, want 303 to the bank step", posted.Status, posted.Location)
	}
	step := c.Follow(posted)
	if step.Status != http.StatusOK || step.Find("bank-redirect-form") == nil {
		t.Fatalf("bank step: status %d\n%s", step.Status, step.Body)
	}
	if got := step.Header.Get("Cache-Control"); !strings.Contains(got, "no-store") {
		t.Errorf("bank step Cache-Control %q, want no-store (back must ask us again)", got)
	}
	for name, path := range map[string]string{
		"back from the bank": posted.Location,
		"another key":        orderPath + "/bank/not-a-key",
	} {
		again := c.Get(path)
		if again.Status != http.StatusSeeOther || again.Location != orderPath {
			t.Errorf("%s: status %d to %q, want 303 to the order page", name, again.Status, again.Location)
		}
	}
	// The order is still payable from its page: a new press makes a new step.
	second := c.Submit(orderPath, orderPath+"/pay", url.Values{"bank": {"1"}})
	if second.Location == posted.Location || c.Follow(second).Find("bank-redirect-form") == nil {
		t.Errorf("paying again: %d to %q (first %q)", second.Status, second.Location, posted.Location)
	}
}
