package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"shop/internal/checkout"
	"shop/internal/notify"
	"shop/internal/sms"
	"shop/internal/sms/smstest"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

var testNotify = notify.Config{SMS: true, Base: "https://shop.example", ShopName: "فروشگاه نمونه"}

func openNotifying(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(dsn, store.WithNotify(testNotify))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func kavenegarSender(t *testing.T, st notify.Outbox, k *smstest.Kavenegar, holder string) *notify.Sender {
	t.Helper()
	p, err := sms.Open("kavenegar", sms.Settings{URL: k.URL, APIKey: smstest.APIKey, OTPTemplate: "shop-login"})
	if err != nil {
		t.Fatal(err)
	}
	return notify.NewSender(notify.SenderConfig{Outbox: st, SMS: p, Holder: holder})
}

// move writes the order in a new state (and whatever change moves it there).
func move(t *testing.T, s *store.Store, o *checkout.Order, to checkout.State, change func(o *checkout.Order)) {
	t.Helper()
	from := o.State
	o.State = to
	if change != nil {
		change(o)
	}
	if err := s.UpdateOrder(context.Background(), o, from); err != nil {
		t.Fatalf("move %s -> %s: %v", from, to, err)
	}
}

func placed(t *testing.T, s *store.Store, token, factor string, to checkout.State) *checkout.Order {
	t.Helper()
	o := sampleOrder(token, "g-"+token)
	mustCreateOrders(t, s, o)
	move(t, s, o, to, func(o *checkout.Order) { o.FactorID, o.FactorTotal = factor, 2_884_400 })
	return o
}

type sent struct{ To, Text string }

func sentOf(k *smstest.Kavenegar) []sent {
	var out []sent
	for _, c := range k.Calls() {
		out = append(out, sent{c.Receptor, c.Message})
	}
	return out
}

// TestOutboxEvents walks orders through every step and checks what each buyer and the seller get, word for word.
func TestOutboxEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := openNotifying(t, db.NewDSN(t))
		if _, err := notify.Save(ctx, s, notify.Settings{SellerMobiles: []string{"09120000001", "09120000002"}}); err != nil {
			t.Fatal(err)
		}
		k := smstest.NewKavenegar(t)

		a := placed(t, s, "tok-a", "1001-2002", checkout.StateAwaitingPayment)
		move(t, s, a, checkout.StatePaid, func(o *checkout.Order) { o.TrackingCode = "TRK-77" })
		move(t, s, a, checkout.StateShipped, func(o *checkout.Order) { o.Barcode = "123456789012345678901234" })
		move(t, s, a, checkout.StateDelivered, nil)
		b := placed(t, s, "tok-b", "1003", checkout.StateRegistered)
		move(t, s, b, checkout.StateReturned, nil)
		c := placed(t, s, "tok-c", "1004", checkout.StateAwaitingPayment)
		move(t, s, c, checkout.StateAwaitingPayment, func(o *checkout.Order) { o.PaymentUnconfirmed = true })
		move(t, s, c, checkout.StateAwaitingPayment, func(o *checkout.Order) { o.Problem = "still unconfirmed" }) // told once
		move(t, s, c, checkout.StateCancelled, nil)
		if err := s.AddOrderEvent(ctx, checkout.OrderEvent{OrderID: b.ID, Kind: checkout.EventSellerNote, Actor: "owner@example.ir",
			Message: "بسته‌ی جایگزین فردا فرستاده می‌شود."}); err != nil {
			t.Fatal(err)
		}
		if err := store.EnqueueLowStockInTx(ctx, s, "B1", "کتاب", 2); err != nil {
			t.Fatal(err)
		}
		held := sampleOrder("tok-held", "g-held")
		held.State = checkout.StateAwaitingSeller
		mustCreateOrders(t, s, held)

		if _, err := kavenegarSender(t, s, k, "one").SendDue(ctx); err != nil {
			t.Fatal(err)
		}
		const buyer, s1, s2 = "09121234567", "09120000001", "09120000002"
		amount := "۲۸۸٬۴۴۰ تومان"
		want := []sent{
			{buyer, "فروشگاه نمونه: علی رضایی عزیز، سفارش شما به شماره‌ی 1001-2002 و مبلغ " + amount + " ثبت شد.\nپیگیری: https://shop.example/orders/tok-a"},
			{s1, "سفارش تازه 1001-2002 به مبلغ " + amount + " از علی رضایی\nhttps://shop.example/admin/orders/" + fmt.Sprint(a.ID)},
			{s2, "سفارش تازه 1001-2002 به مبلغ " + amount + " از علی رضایی\nhttps://shop.example/admin/orders/" + fmt.Sprint(a.ID)},
			{buyer, "فروشگاه نمونه: پرداخت سفارش 1001-2002 انجام شد.\nکد رهگیری: TRK-77\nhttps://shop.example/orders/tok-a"},
			{buyer, "فروشگاه نمونه: سفارش 1001-2002 ارسال شد.\nبارکد پستی: 123456789012345678901234\nرهگیری مرسوله: https://tracking.post.ir/?id=123456789012345678901234"},
			{buyer, "فروشگاه نمونه: سفارش 1001-2002 تحویل شد. از خرید شما سپاسگزاریم."},
			{buyer, "فروشگاه نمونه: علی رضایی عزیز، سفارش شما به شماره‌ی 1003 و مبلغ " + amount + " ثبت شد.\nپیگیری: https://shop.example/orders/tok-b"},
			{s1, "سفارش تازه 1003 به مبلغ " + amount + " از علی رضایی\nhttps://shop.example/admin/orders/" + fmt.Sprint(b.ID)},
			{s2, "سفارش تازه 1003 به مبلغ " + amount + " از علی رضایی\nhttps://shop.example/admin/orders/" + fmt.Sprint(b.ID)},
			{buyer, "فروشگاه نمونه: مرسوله‌ی سفارش 1003 برگشت خورد. برای پیگیری با ما تماس بگیرید.\nhttps://shop.example/orders/tok-b"},
			{buyer, "فروشگاه نمونه: علی رضایی عزیز، سفارش شما به شماره‌ی 1004 و مبلغ " + amount + " ثبت شد.\nپیگیری: https://shop.example/orders/tok-c"},
			{s1, "سفارش تازه 1004 به مبلغ " + amount + " از علی رضایی\nhttps://shop.example/admin/orders/" + fmt.Sprint(c.ID)},
			{s2, "سفارش تازه 1004 به مبلغ " + amount + " از علی رضایی\nhttps://shop.example/admin/orders/" + fmt.Sprint(c.ID)},
			{buyer, "فروشگاه نمونه: پرداخت سفارش 1004 تأیید نشد. اگر مبلغی از حساب شما کم شده باشد، بانک آن را برمی‌گرداند. پرداخت دوباره: https://shop.example/orders/tok-c"},
			{buyer, "فروشگاه نمونه: سفارش 1004 لغو شد.\nhttps://shop.example/orders/tok-c"},
			{buyer, "فروشگاه نمونه: درباره‌ی سفارش 1003:\nبسته‌ی جایگزین فردا فرستاده می‌شود.\nhttps://shop.example/orders/tok-b"},
			{s1, "موجودی «کتاب» (کد B1) به ۲ رسید."},
			{s2, "موجودی «کتاب» (کد B1) به ۲ رسید."},
			{s1, "سفارش " + held.Reference() + " (علی رضایی) به بررسی شما نیاز دارد.\nhttps://shop.example/admin/orders/" + fmt.Sprint(held.ID)},
			{s2, "سفارش " + held.Reference() + " (علی رضایی) به بررسی شما نیاز دارد.\nhttps://shop.example/admin/orders/" + fmt.Sprint(held.ID)},
		}
		got := sentOf(k)
		if len(got) != len(want) {
			t.Errorf("sent %d messages, want %d", len(got), len(want))
		}
		for i := range max(len(got), len(want)) {
			var g, w sent
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("message %d:\n got %q\nwant %q", i, g, w)
			}
		}
		msgs, err := s.OrderMessages(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 6 || msgs[0].State != notify.StateSent || msgs[0].SentAt.IsZero() {
			t.Errorf("order a's messages: %+v", msgs)
		}
	})
}

// TestOutboxSwitches: an event switched off queues nothing; a template of the seller's own is used; with SMS off
// nothing is queued at all.
func TestOutboxSwitches(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.Backend{Name: "sqlite"}.NewDSN(t)
	s := openNotifying(t, dsn)
	settings := notify.Settings{Off: map[notify.Event]bool{notify.OrderPaid: true},
		Templates: map[notify.Event]string{notify.OrderPlaced: "ثبت شد: {factor}"}}
	if _, err := notify.Save(ctx, s, settings); err != nil {
		t.Fatal(err)
	}
	o := placed(t, s, "tok-s", "77", checkout.StateAwaitingPayment)
	move(t, s, o, checkout.StatePaid, nil)
	msgs, err := s.OrderMessages(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || msgs[0].Event != notify.OrderPlaced || msgs[0].Body != "ثبت شد: 77" {
		t.Errorf("messages: %+v", msgs)
	}

	off := storetest.Open(t) // no WithNotify: SMS and e-mail off
	o2 := sampleOrder("tok-off", "g")
	mustCreateOrders(t, off, o2)
	move(t, off, o2, checkout.StateRegistered, nil)
	if msgs, _ := off.OrderMessages(ctx, o2.ID); len(msgs) != 0 {
		t.Errorf("queued with every channel off: %+v", msgs)
	}
}

// TestOutboxSentOnceAcrossInstances: two shop instances (two Store handles on one database, two senders) race
// over many messages; each is sent exactly once.
func TestOutboxSentOnceAcrossInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		dsn := db.NewDSN(t)
		a, b := openNotifying(t, dsn), openNotifying(t, dsn)
		if _, err := notify.Save(ctx, a, notify.Settings{SellerMobiles: []string{"09120000001"}}); err != nil {
			t.Fatal(err)
		}
		const orders = 40
		for i := range orders {
			placed(t, a, fmt.Sprintf("race-%02d", i), fmt.Sprintf("F%02d", i), checkout.StateRegistered)
		}
		for i := range 20 {
			if err := a.EnqueueCode(ctx, fmt.Sprintf("0935000%04d", i), fmt.Sprintf("%05d", i), time.Now(), time.Now().Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		total := orders*2 + 20
		k := smstest.NewKavenegar(t)
		senders := []*notify.Sender{kavenegarSender(t, a, k, "instance-a"), kavenegarSender(t, b, k, "instance-b"),
			kavenegarSender(t, a, k, "instance-a2"), kavenegarSender(t, b, k, "instance-b2")}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, snd := range senders {
			wg.Go(func() {
				<-start
				if _, err := snd.SendDue(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		close(start)
		wg.Wait()
		calls := k.Calls()
		seen := map[string]int{}
		for _, c := range calls {
			seen[c.Method+" "+c.Receptor+" "+c.Message+c.Token]++
		}
		for key, n := range seen {
			if n != 1 {
				t.Errorf("sent %d times: %s", n, key)
			}
		}
		if len(calls) != total || len(seen) != total {
			t.Errorf("%d calls, %d distinct, want %d", len(calls), len(seen), total)
		}
		// Codes went first on each instance: every lookup precedes the first order message that instance sent
		// after them; at least the very first call is a code.
		if calls[0].Method != "verify/lookup" {
			t.Errorf("first call %+v, want a code", calls[0])
		}
		if i := slices.IndexFunc(calls, func(c smstest.Call) bool { return c.Method == "sms/send" }); i < 20-len(senders) {
			t.Errorf("an order message went at position %d, before the codes", i)
		}
	})
}

// TestOutboxCodeWiped: a one-time code stays in its row only until it is sent (or given up on).
func TestOutboxCodeWiped(t *testing.T) {
	ctx := context.Background()
	s := openNotifying(t, storetest.Backend{Name: "sqlite"}.NewDSN(t))
	now := time.Now()
	for _, code := range []string{"11111", "22222"} {
		if err := s.EnqueueCode(ctx, "09351234567", code, now, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	codes := func() []string {
		var out []string
		if err := store.WriteDB(s).Table("outbox").Order("id").Pluck("code", &out).Error; err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := codes(); !slices.Equal(got, []string{"11111", "22222"}) {
		t.Fatalf("codes before sending: %q", got)
	}
	ids, err := s.DueMessages(ctx, now, 10)
	if err != nil || len(ids) != 2 {
		t.Fatal(ids, err)
	}
	for i, outcome := range []notify.Outcome{{State: notify.StateSent, At: now}, {State: notify.StatePending, NextAt: now.Add(time.Second)}} {
		if _, ok, err := s.ClaimMessage(ctx, ids[i], "me", now, now.Add(time.Minute)); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if _, ok, _ := s.ClaimMessage(ctx, ids[i], "other", now, now.Add(time.Minute)); ok {
			t.Error("a leased message was claimed again")
		}
		if err := s.FinishMessage(ctx, ids[i], "other", outcome); err == nil {
			t.Error("another holder finished my claim")
		}
		if err := s.FinishMessage(ctx, ids[i], "me", outcome); err != nil {
			t.Fatal(err)
		}
	}
	if got := codes(); !slices.Equal(got, []string{"", "22222"}) {
		t.Errorf("codes after one sent and one to retry: %q", got)
	}
}

// TestOutboxPrune deletes sent messages and finished codes past their keep, never a pending or failed message.
func TestOutboxPrune(t *testing.T) {
	ctx := context.Background()
	s := openNotifying(t, storetest.Backend{Name: "sqlite"}.NewDSN(t))
	now := time.Now()
	for _, code := range []string{"1", "2", "3"} {
		if err := s.EnqueueCode(ctx, "09351234567", code, now, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	ids, _ := s.DueMessages(ctx, now, 10)
	for i, st := range []string{notify.StateSent, notify.StateFailed} {
		if _, ok, err := s.ClaimMessage(ctx, ids[i], "me", now, now.Add(time.Minute)); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if err := s.FinishMessage(ctx, ids[i], "me", notify.Outcome{State: st, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.PruneMessages(ctx, now.Add(-time.Hour), now.Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("pruned %d young rows (%v)", n, err)
	}
	if n, err := s.PruneMessages(ctx, now.Add(-time.Hour), now.Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("pruned %d rows, want the sent and the failed code (%v)", n, err)
	}
	if left, _ := s.DueMessages(ctx, now, 10); len(left) != 1 || left[0] != ids[2] {
		t.Errorf("pending left: %v", left)
	}
}
