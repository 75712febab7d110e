package checkout_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shop/internal/checkout"
)

// payThroughLink pays an order the way a buyer does from Frotel's own payment link (tracking's pay_link): no
// callback ever reaches the shop.
func (e *env) payThroughLink(t *testing.T, payLink string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(payLink)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	gateway, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pay link answered %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = client.PostForm(e.sandbox+"/bank/gateway", url.Values{"token": {gateway.Query().Get("token")}, "action": {"pay"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	back := resp.Header.Get("Location")
	if !strings.Contains(back, "/bank/continue/return") {
		t.Fatalf("the bank returned to %q, not Frotel's own page", back)
	}
	resp, err = client.Get(back)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
}

func TestPaidThroughFrotelsLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, kind := range []struct {
		name string
		code string
		send checkout.SendMethod
	}{{"physical", "saffron-1m", checkout.Pishtaz}, {"file", "ebook-cooking", ""}} {
		t.Run(kind.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOptions{})
			o := e.placeOne(t, basket(t, kind.code, 1), kind.send, checkout.Online)
			before, err := e.svc.RefreshTracking(ctx, o.Token)
			if err != nil {
				t.Fatal(err)
			}
			if before.State != checkout.StateAwaitingPayment {
				t.Fatalf("unpaid order after a refresh: %s", before.State)
			}
			tr, err := e.svc.Track(ctx, o.FactorID, o.Buyer.Mobile)
			if err != nil || tr.Tracking.PayLink == "" {
				t.Fatalf("tracking gave no pay link: %+v, %v", tr.Tracking, err)
			}
			e.payThroughLink(t, tr.Tracking.PayLink)

			checks := e.sb.Calls("checkPay")
			after, err := e.svc.RefreshTracking(ctx, o.Token)
			if err != nil {
				t.Fatal(err)
			}
			if after.State != checkout.StatePaid || after.Problem != "" || after.PaymentUnconfirmed {
				t.Fatalf("after paying through the link: state %s problem %q; want paid", after.State, after.Problem)
			}
			if e.sb.Calls("checkPay") != checks {
				t.Error("the refresh called checkPay: there is no payment id of ours to check")
			}
			events, err := e.svc.Events(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, ev := range events {
				if ev.Kind == "paid_by_link" && strings.Contains(ev.Message, "پیوند پرداخت فروتل") &&
					strings.Contains(ev.Evidence, `"remainder_price":0`) {
					found = true
				}
			}
			if !found {
				t.Errorf("no paid-by-link event with its evidence in %+v", events)
			}
			// Never the other way: a later refresh whose answers look unpaid leaves the order paid.
			again, err := e.svc.RefreshTracking(ctx, o.Token)
			if err != nil || !again.Paid() {
				t.Errorf("second refresh: %v, %v", again.State, err)
			}
		})
	}
}

func TestPaidByLinkEvidence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		state  checkout.State
		status checkout.PaymentStatus
		msg    string
		want   checkout.State
	}{
		{"nothing left, all paid", checkout.StateAwaitingPayment, checkout.PaymentStatus{Price: 1_000_000, Paid: 1_000_000}, "", checkout.StatePaid},
		{"failed before, paid since", checkout.StatePaymentFailed, checkout.PaymentStatus{Price: 1_000_000, Paid: 1_000_000}, "", checkout.StatePaid},
		{"tracking says paid", checkout.StateAwaitingPayment, checkout.PaymentStatus{Remainder: 1_000_000}, "پرداخت شما با موفقیت انجام شده است.", checkout.StatePaid},
		{"tracking says not paid", checkout.StateAwaitingPayment, checkout.PaymentStatus{Remainder: 1_000_000}, "پرداخت شماانجام نشده است.", checkout.StateAwaitingPayment},
		{"something left", checkout.StateAwaitingPayment, checkout.PaymentStatus{Price: 1_000_000, Paid: 500_000, Remainder: 500_000}, "", checkout.StateAwaitingPayment},
		{"paid less than the total", checkout.StateAwaitingPayment, checkout.PaymentStatus{Price: 1_000_000, Paid: 900_000}, "", checkout.StateAwaitingPayment},
		{"an empty answer", checkout.StateAwaitingPayment, checkout.PaymentStatus{}, "", checkout.StateAwaitingPayment},
		{"a paid order stays paid", checkout.StatePaid, checkout.PaymentStatus{Remainder: 1_000_000}, "پرداخت شماانجام نشده است.", checkout.StatePaid},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc, f, st := newFakeEnv(t, checkout.Settings{})
			token := savedOrder(t, st, i, tc.state, "22000000000000000001", checkout.Online)
			f.status = tc.status
			f.track = checkout.Tracking{StatusLabel: "معلق", State: checkout.ShipmentPending, PayMessage: tc.msg}
			o, err := svc.RefreshTracking(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			if o.State != tc.want {
				t.Errorf("state %s, want %s", o.State, tc.want)
			}
		})
	}
	t.Run("cash on delivery is never asked", func(t *testing.T) {
		t.Parallel()
		svc, f, st := newFakeEnv(t, checkout.Settings{})
		token := savedOrder(t, st, 40, checkout.StateRegistered, "22000000000000000001", checkout.CashOnDelivery)
		f.status = checkout.PaymentStatus{Price: 1_000_000, Paid: 1_000_000}
		if _, err := svc.RefreshTracking(context.Background(), token); err != nil {
			t.Fatal(err)
		}
		if n := f.Calls("paymentStatus"); n != 0 {
			t.Errorf("orderPay asked %d times for a COD order", n)
		}
	})
}
