package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/iran"
	"shop/internal/notify"
	"shop/internal/sms/smstest"
	"shop/internal/web/webtest"
)

// smsShop is a shop whose SMS go to a fake Kavenegar.
func smsShop(t *testing.T) (*fullShop, *smstest.Kavenegar) {
	t.Helper()
	k := smstest.NewKavenegar(t)
	s := newFullShop(t, shopOptions{env: map[string]string{"SHOP_SMS_PROVIDER": "kavenegar", "SHOP_SMS_URL": k.URL,
		"SHOP_SMS_API_KEY": smstest.APIKey, "SHOP_SMS_SENDER": "10004346"}})
	return s, k
}

// TestAdminOrderShowsFailedMessage: a message Kavenegar refuses for good is marked on the order's page, with the
// reason, and counted on the overview; one that went is listed as sent.
func TestAdminOrderShowsFailedMessage(t *testing.T) {
	s, k := smsShop(t)
	c := signedIn(t, s)
	form := url.Values{"seller_mobiles": {"۰۹۱۲۰۰۰۰۰۰۱"}}
	for _, e := range notify.Events() {
		form.Set("on_"+string(e.Event), "1")
	}
	if r := c.Submit("/admin/settings/messages", "/admin/settings/messages", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save messages: %d\n%s", r.Status, r.Body)
	}
	// The buyer's number is refused (411), the seller's goes.
	k.Answer(func(n int) (int, int) {
		if k.Calls()[n-1].Receptor == "09121234567" {
			return 200, 411
		}
		return 200, 200
	})
	token := webtest.PlaceOnlineOrder(t, webtest.ShopperWithBasket(t, s.URL, "saffron-1m"))
	if _, err := s.Outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	o, err := s.Store.OrderByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	p := c.Get(fmt.Sprintf("/admin/orders/%d", o.ID))
	failed, _ := p.Text("message-failed")
	if !strings.Contains(failed, "ثبت سفارش") || !strings.Contains(failed, "09121234567") || !strings.Contains(failed, "411") {
		t.Errorf("failed message on the order page: %q", failed)
	}
	if sent, _ := p.Text("message-sent"); !strings.Contains(sent, "09120000001") || !strings.Contains(sent, "فرستاده شد") {
		t.Errorf("seller's message on the order page: %q", sent)
	}
	ov := c.Get("/admin")
	if n, _ := ov.Text("failed-messages-count"); n != "۱" {
		t.Errorf("overview counts %q failed messages, want ۱", n)
	}
	if strings.Contains(p.Body, smstest.APIKey) || strings.Contains(ov.Body, smstest.APIKey) {
		t.Error("a page shows the API key")
	}
}

// TestAdminMessagesSettings: an unknown placeholder is refused in Persian beside its template; a saved template
// is previewed with a real order and used for the next order; a switched-off event sends nothing.
func TestAdminMessagesSettings(t *testing.T) {
	s, k := smsShop(t)
	c := signedIn(t, s)
	page := c.Get("/admin/settings/messages")
	if page.Status != http.StatusOK || !page.Has("messages-form") {
		t.Fatalf("messages page: %d", page.Status)
	}
	form := url.Values{"seller_mobiles": {""}, "on_order_placed": {"1"},
		"template_order_placed": {"سفارش {factor} ثبت شد؛ {discount}"}}
	r := c.Submit("/admin/settings/messages", "/admin/settings/messages", form)
	msg, ok := r.Text("error-template_order_placed")
	if r.Status != http.StatusUnprocessableEntity || !ok || !persianLetters.MatchString(msg) || !strings.Contains(msg, "{discount}") {
		t.Fatalf("unknown placeholder: status %d, message %q", r.Status, msg)
	}
	if r := c.Submit("/admin/settings/messages", "/admin/settings/messages", url.Values{"seller_mobiles": {"0912"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a wrong seller mobile saved: %d", r.Status)
	}

	first := webtest.PlaceOnlineOrder(t, webtest.ShopperWithBasket(t, s.URL, "saffron-1m"))
	o, err := s.Store.OrderByToken(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	form.Set("template_order_placed", "{name}، سفارش {factor} به مبلغ {amount} ثبت شد.")
	pre := c.Submit("/admin/settings/messages", "/admin/settings/messages/preview", form)
	amount := o.FactorTotal
	if amount == 0 {
		amount = o.Total
	}
	if got, _ := pre.Text("msg-preview-order_placed"); got != "سارا محمدی، سفارش "+o.FactorID+" به مبلغ "+iran.FormatPrice(amount, iran.Toman)+" ثبت شد." {
		t.Errorf("preview with the newest order: %q", got)
	}
	if stored, _ := notify.Load(context.Background(), s.Store); stored.Template(notify.OrderPlaced) == form.Get("template_order_placed") {
		t.Error("the preview saved the form")
	}
	if r := c.Submit("/admin/settings/messages", "/admin/settings/messages", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.Status, r.Body)
	}
	if _, err := s.Outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := len(k.Calls())
	second := webtest.PlaceOnlineOrder(t, webtest.ShopperWithBasket(t, s.URL, "saffron-1m"))
	o2, err := s.Store.OrderByToken(context.Background(), second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	calls := k.Calls()[before:]
	if len(calls) != 1 || calls[0].Receptor != "09121234567" || !strings.HasPrefix(calls[0].Message, "سارا محمدی، سفارش "+o2.FactorID+" به مبلغ ") {
		t.Errorf("after saving, the order sent %+v", calls)
	}
	// Switched off (no on_ field): the next order sends nothing.
	form.Del("on_order_placed")
	if r := c.Submit("/admin/settings/messages", "/admin/settings/messages", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.Status)
	}
	before = len(k.Calls())
	webtest.PlaceOnlineOrder(t, webtest.ShopperWithBasket(t, s.URL, "saffron-1m"))
	if _, err := s.Outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(k.Calls()) - before; n != 0 {
		t.Errorf("a switched-off event sent %d messages", n)
	}
}
