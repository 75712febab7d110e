package web_test

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"shop/internal/iran"
	"shop/internal/web/webtest"
)

// textWithin is the whitespace-collapsed text of the first element under n with data-testid=id.
func textWithin(n *html.Node, id string) (string, bool) {
	for _, el := range descendants(n) {
		if webtest.Attr(el, "data-testid") == id {
			var b strings.Builder
			for _, d := range descendantsAndText(el) {
				b.WriteString(d + " ")
			}
			return strings.Join(strings.Fields(b.String()), " "), true
		}
	}
	return "", false
}

func descendants(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			out = append(out, c)
		}
		out = append(out, descendants(c)...)
	}
	return out
}

func descendantsAndText(n *html.Node) []string {
	var out []string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			out = append(out, c.Data)
		}
		out = append(out, descendantsAndText(c)...)
	}
	return out
}

// shownBill returns the bill the page shows (the one not hidden) and its test id.
func shownBill(t *testing.T, p webtest.Page) (*html.Node, string) {
	t.Helper()
	var shown []*html.Node
	for _, n := range descendants(p.Doc) {
		if strings.HasPrefix(webtest.Attr(n, "data-testid"), "bill-") && hasAttr(n, "data-bill") && !hasAttr(n, "hidden") {
			shown = append(shown, n)
		}
	}
	if len(shown) != 1 {
		t.Fatalf("%d bills shown, want 1\n%s", len(shown), p.Body)
	}
	return shown[0], webtest.Attr(shown[0], "data-testid")
}

// The whole price is on the page before the order is registered, for the option the shopper chose, and it is the
// total Frotel's factor then asks for.
func TestCheckoutBillMatchesFactor(t *testing.T) {
	tests := []struct {
		name, send, pay string
		codes           []string
		coupon          string
	}{
		{"express post paid online, a discounted item", "pishtaz", "online", []string{"saffron-1m", "notebook-leather"}, ""},
		{"registered post paid on delivery", "sefareshi", "cod", []string{"lahijan-tea-500", "teapot-porcelain"}, ""},
		{"a percentage coupon, paid online", "pishtaz", "online", []string{"saffron-1m", "notebook-leather"}, "TAKHFIF10"},
		{"an amount coupon, paid on delivery", "sefareshi", "cod", []string{"lahijan-tea-500"}, "NOWRUZ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFullShop(t, shopOptions{})
			c := shopperWithBasket(t, s, tt.codes...)

			empty := c.Get("/checkout")
			if b, id := shownBill(t, empty); id != "bill-goods" {
				t.Fatalf("before a quote the page shows %s, want the goods bill", id)
			} else if got, _ := textWithin(b, "bill-shipping"); !persianLetters.MatchString(got) {
				t.Errorf("shipping before a quote reads %q, want a sentence", got)
			}

			q := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "quote", "send": tt.send, "pay": tt.pay, "coupon": tt.coupon}))
			if q.Status != http.StatusOK {
				t.Fatalf("quote: status %d\n%s", q.Status, q.Body)
			}
			bill, id := shownBill(t, q)
			if want := "bill-" + tt.send + "-" + tt.pay; id != want {
				t.Fatalf("shown bill %s, want %s", id, want)
			}
			shown, _ := textWithin(bill, "bill-total")
			if off, ok := textWithin(bill, "bill-coupon"); (tt.coupon != "") != ok || ok && off == "" {
				t.Errorf("coupon %q: the bill's coupon line %q (shown %v)", tt.coupon, off, ok)
			}
			for _, part := range []string{"bill-list", "bill-shipping", "bill-tax"} {
				if txt, ok := textWithin(bill, part); !ok || txt == "" {
					t.Errorf("bill has no %s", part)
				}
			}
			if !strings.Contains(q.Body, `data-testid="place-order"`) {
				t.Fatal("no place button")
			}
			if strings.Index(q.Body, `data-testid="bill-total"`) > strings.Index(q.Body, `data-testid="place-order"`) {
				t.Error("the total comes after the button that registers the order")
			}

			r := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place", "send": tt.send, "pay": tt.pay, "coupon": tt.coupon}))
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
				t.Fatalf("place: status %d location %q\n%s", r.Status, r.Location, r.Body)
			}
			order := c.Follow(r)
			factorText, _ := order.Text("factor-id")
			factor := iran.NormalizeDigits(factorText)
			snap, ok := s.Frotel.Order(factor)
			if !ok {
				t.Fatalf("Frotel has no factor %q", factor)
			}
			if want := iran.FormatPrice(snap.Total, iran.Toman); shown != want {
				t.Errorf("shown before the order %q, Frotel's factor %q (items %d + shipping %d)", shown, want, snap.ItemsTotal, snap.Shipping)
			}
			if orderTotal, _ := order.Text("order-total"); orderTotal != shown {
				t.Errorf("order page total %q, shown before %q", orderTotal, shown)
			}
		})
	}
}

// Every option's bill is on the page with the server's figures, so the script only picks one; the options Frotel
// does not offer say so.
func TestCheckoutBillsForEveryOption(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	q := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "quote"}))
	totals := map[string]string{}
	for _, n := range descendants(q.Doc) {
		if key := webtest.Attr(n, "data-bill"); key != "" && strings.HasPrefix(webtest.Attr(n, "data-testid"), "bill-") {
			totals[key], _ = textWithin(n, "bill-total")
		}
	}
	for _, key := range []string{"pishtaz|online", "pishtaz|cod", "sefareshi|online", "sefareshi|cod"} {
		if totals[key] == "" {
			t.Errorf("no bill for %s (bills: %v)", key, totals)
		}
	}
	if totals["pishtaz|online"] == totals["sefareshi|online"] {
		t.Errorf("express and registered post cost the same: %v", totals)
	}
}

// A wrong or expired coupon is told plainly beside its field, the order is not placed with it, and it is placed
// as soon as the field is cleared.
func TestCheckoutCouponRefused(t *testing.T) {
	for _, tc := range []struct{ code, says string }{{"NOSUCH", "نامعتبر"}, {"YALDA1404", "مهلت"}} {
		t.Run(tc.code, func(t *testing.T) {
			s := newFullShop(t, shopOptions{})
			c := shopperWithBasket(t, s, "saffron-1m")
			q := c.Submit("/checkout", "/checkout/coupon", buyer(map[string]string{"action": "coupon", "coupon": tc.code}))
			msg, ok := q.Text("error-coupon")
			if !ok || !strings.Contains(msg, tc.says) || !strings.Contains(msg, "بدون آن") {
				t.Errorf("coupon message %q, want Frotel's reason (%s) and that the order can go without it", msg, tc.says)
			}
			if q.Find("quote-table") == nil {
				t.Error("a refused coupon hid the shipping table")
			}
			r := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online", "coupon": tc.code}))
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("place with a refused coupon: status %d", r.Status)
			}
			if n := s.Frotel.Calls("registerOrder"); n != 0 {
				t.Fatalf("%d orders registered with a refused coupon", n)
			}
			r = c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online", "coupon": ""}))
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
				t.Fatalf("place without the coupon: status %d\n%s", r.Status, r.Body)
			}
		})
	}
}
