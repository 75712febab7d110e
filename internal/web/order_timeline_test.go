package web_test

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"shop/internal/web/webtest"
)

// The payment history is a short timeline in time order: after a cancelled payment and a retry, the cancelled
// return comes before the retry, and the words are a shopper's, not a log's.
func TestPaymentTimelineInTimeOrder(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	token := placeOnlineOrder(t, c)
	orderPath := "/orders/" + token
	if r := c.Get(bankReturn(t, c, token, "cancel").RequestURI()); r.Status != http.StatusSeeOther {
		t.Fatalf("cancelled return: status %d", r.Status)
	}
	if r := c.Submit(orderPath, orderPath+"/retry", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("retry: status %d", r.Status)
	}
	if r := c.Get(bankReturn(t, c, token, "pay").RequestURI()); r.Status != http.StatusSeeOther {
		t.Fatalf("paid return: status %d", r.Status)
	}
	page := c.Get(orderPath)
	var steps []string
	for _, n := range allWithTestid(page, "payment-step") {
		var b strings.Builder
		for _, d := range descendantsAndText(n) {
			b.WriteString(d)
		}
		steps = append(steps, strings.Join(strings.Fields(b.String()), " "))
	}
	wantPrefixes := []string{"رفتن به بانک", "پرداخت انجام نشد یا لغو شد", "پرداخت دوباره", "پرداخت تأیید شد"}
	if len(steps) != len(wantPrefixes) {
		t.Fatalf("timeline %q, want %d steps", steps, len(wantPrefixes))
	}
	for i, w := range wantPrefixes {
		if !strings.HasPrefix(steps[i], w) {
			t.Errorf("step %d = %q, want it to start with %q", i+1, steps[i], w)
		}
		if strings.Contains(steps[i], "فرم بانک") {
			t.Errorf("step %d reads like a log: %q", i+1, steps[i])
		}
	}
}

// The order page keeps the purchase's step bar and is titled with what was bought, not with Frotel's order kind.
func TestOrderPageTitleAndSteps(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	token := placeOnlineOrder(t, c)
	page := c.Get("/orders/" + token)
	title, _ := page.Text("order-title")
	if strings.Contains(title, "کالای فیزیکی") || !strings.Contains(title, "زعفران") {
		t.Errorf("order title %q, want the product's name and no jargon", title)
	}
	if !page.Has("keep-link") {
		t.Error("the receipt does not say to keep its link")
	}
	if !page.Has("steps") {
		t.Fatal("no step bar on the order page")
	}
	if cur := webtest.Attr(findAttr(page, "aria-current", "step"), "class"); cur != "on" {
		t.Errorf("current step class %q", cur)
	}
}

func findAttr(p webtest.Page, name, value string) *html.Node {
	for _, n := range descendants(p.Doc) {
		if webtest.Attr(n, name) == value {
			return n
		}
	}
	return nil
}
