package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"shop/internal/web/webtest"
)

// buyer is webtest.Buyer: a valid checkout form for a Tehran address, extra fields set over it.
func buyer(extra map[string]string) url.Values { return webtest.Buyer(extra) }

func TestCheckoutPhysicalOnlineThroughBank(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := webtest.NewClient(t, s.URL)
	c.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}})

	r := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "quote"}))
	if r.Status != http.StatusOK || !r.Has("quote-table") {
		t.Fatalf("quote: status %d\n%s", r.Status, r.Body)
	}
	r = c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online"}))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
		t.Fatalf("place: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	order := c.Follow(r)
	if got := order.Attr("order-state", "data-state"); got != "awaiting_payment" {
		t.Fatalf("state %q\n%s", got, order.Body)
	}
	if got, _ := c.Get("/cart").Text("cart-count"); got != "۰" {
		t.Errorf("basket not emptied after registration: %q", got)
	}
	pay := c.Follow(c.Submit(r.Location, r.Location+"/pay", url.Values{"bank": {"1"}}))
	if pay.Status != http.StatusOK || !pay.Has("bank-redirect-form") {
		t.Fatalf("pay: %d\n%s", pay.Status, pay.Body)
	}
	if strings.Contains(pay.Body, "<script>") && !strings.Contains(pay.Body, "/static/js/") {
		t.Error("upstream script leaked into the page")
	}
	t.Logf("bank form action %s", pay.Attr("bank-redirect-form", "action"))
}

// mailbox is an in-memory Mailer.
type mailbox struct {
	mu   sync.Mutex
	sent []string
}

func (m *mailbox) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, to+"|"+subject+"|"+body)
	return nil
}

func (m *mailbox) all() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.sent...)
}

// TestOrderLinkIsEmailed: a shopper who gave an e-mail gets the order's link, to find it again from another
// browser; the page says so. Without an e-mail (or without SMTP) nothing is sent.
func TestOrderLinkIsEmailed(t *testing.T) {
	box := &mailbox{}
	s := newFullShop(t, shopOptions{mailer: box})
	c := shopperWithBasket(t, s, "saffron-1m")
	r := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online", "email": "sara@example.com"}))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("place: %d", r.Status)
	}
	page := c.Follow(r)
	if flash, _ := page.Text("flash"); !strings.Contains(flash, "sara@example.com") {
		t.Errorf("flash %q does not say where the link went", flash)
	}
	if n := len(box.all()); n != 0 {
		t.Errorf("%d e-mails sent inside the request; the outbox sends them", n)
	}
	if _, err := s.Outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	sent := box.all()
	if len(sent) != 1 || !strings.HasPrefix(sent[0], "sara@example.com|") || !strings.Contains(sent[0], r.Location) {
		t.Fatalf("sent %q, want the link %s to sara@example.com", sent, r.Location)
	}

	c2 := shopperWithBasket(t, s, "saffron-1m")
	if r := c2.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online", "email": ""})); r.Status != http.StatusSeeOther {
		t.Fatalf("place without e-mail: %d", r.Status)
	}
	if _, err := s.Outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(box.all()); n != 1 {
		t.Errorf("%d e-mails, want none for a shopper who gave no address", n)
	}
}
