package app_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"shop/internal/app/apptest"
	"shop/internal/checkout"
	"shop/internal/notify"
	"shop/internal/sandbox"
	"shop/internal/web/webtest"
)

// TestOneOrdersLifeBySMS follows one order through the whole shop (checkout, the sandbox bank, Frotel's tracking,
// a seller's note) and reads what the sandbox SMS provider received: the list `make run` shows at /sandbox/sms.
func TestOneOrdersLifeBySMS(t *testing.T) {
	ctx := context.Background()
	s := apptest.New(t, apptest.Options{Env: map[string]string{"SHOP_SMS_PROVIDER": "sandbox"}})
	if _, err := notify.Save(ctx, s.Store, notify.Settings{SellerMobiles: []string{"09120000001"}}); err != nil {
		t.Fatal(err)
	}
	shopper := webtest.ShopperWithBasket(t, s.URL, "saffron-1m")
	token := webtest.PlaceOnlineOrder(t, shopper)
	back := webtest.BankReturnURL(t, shopper, token)
	if r := shopper.Get(back.RequestURI()); r.Status != http.StatusOK && r.Status != http.StatusSeeOther {
		t.Fatalf("callback: %d", r.Status)
	}
	o, err := s.Store.OrderByToken(ctx, token)
	if err != nil || o.State != checkout.StatePaid {
		t.Fatalf("after the bank: %+v %v", o, err)
	}
	for _, label := range []string{sandbox.StatusShipped, "توزیع شده"} {
		if err := s.Frotel.Advance(o.FactorID, label); err != nil {
			t.Fatal(err)
		}
		if o, err = s.Checkout.RefreshTracking(ctx, token); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Store.AddOrderEvent(ctx, checkout.OrderEvent{OrderID: o.ID, Kind: checkout.EventSellerNote, Actor: "owner",
		Message: "هدیه‌ی کوچکی هم در بسته گذاشتیم."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Outbox.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := s.SandboxSMS.Messages()
	slices.Reverse(msgs) // the page lists the newest first; the order's life reads oldest first
	var lines []string
	for _, m := range msgs {
		lines = append(lines, m.Receptor+": "+strings.ReplaceAll(m.Text, "\n", " / "))
	}
	t.Logf("the order's messages, as /sandbox/sms lists them (oldest first here):\n%s", strings.Join(lines, "\n"))
	link := s.URL + "/orders/" + token
	want := []struct{ to, has string }{
		{"09121234567", "سفارش شما به شماره‌ی " + o.FactorID + " و مبلغ "},
		{"09120000001", "سفارش تازه " + o.FactorID},
		{"09121234567", "پرداخت سفارش " + o.FactorID + " انجام شد.\nکد رهگیری: " + o.TrackingCode + "\n" + link},
		{"09121234567", "بارکد پستی: " + o.Barcode + "\nرهگیری مرسوله: https://tracking.post.ir/?id=" + o.Barcode},
		{"09121234567", "سفارش " + o.FactorID + " تحویل شد"},
		{"09121234567", "هدیه‌ی کوچکی هم در بسته گذاشتیم.\n" + link},
	}
	if len(msgs) != len(want) || o.State != checkout.StateDelivered || o.Barcode == "" || o.TrackingCode == "" {
		t.Fatalf("%d messages, want %d; order %s barcode %q tracking %q", len(msgs), len(want), o.State, o.Barcode, o.TrackingCode)
	}
	for i, w := range want {
		if msgs[i].Receptor != w.to || !strings.Contains(msgs[i].Text, w.has) {
			t.Errorf("message %d to %s:\n%s\nwant to %s with %q", i, msgs[i].Receptor, msgs[i].Text, w.to, w.has)
		}
	}
}
