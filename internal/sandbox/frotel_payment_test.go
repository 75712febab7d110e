package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

type checkPayResult struct {
	ID      string          `json:"id"`
	Verify  int             `json:"verify"`
	Message string          `json:"message"`
	Code    string          `json:"code"`
	Links   json.RawMessage `json:"links"`
}

func (s *sandbox) checkPay(t *testing.T, id, ref, factor string) checkPayResult {
	t.Helper()
	var r checkPayResult
	s.ok(t, "payment/checkPay.json", url.Values{"paymentId": {id}, "ref": {ref}, "factor": {factor}}, &r)
	return r
}

// payAt runs pay and the bank page; it returns the callback's _i and sb.
func (s *sandbox) payAt(t *testing.T, method, factor, action string) (string, string) {
	t.Helper()
	loc := s.bank(t, s.payForm(t, method, factor, "http://shop.test/cb"), action)
	return loc.Query().Get("_i"), loc.Query().Get("sb")
}

func TestCheckPay(t *testing.T) {
	t.Run("paid verifies once and repeats", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{})
		r := s.onlineOrder(t)
		id, ref := s.payAt(t, "payment/pay.json", r.Factor.ID, "pay")
		first := s.checkPay(t, id, ref, r.Factor.ID)
		if first.Verify != 1 || first.ID != id || len(first.Code) != 12 || !isDigits(first.Code, 12) ||
			first.Message != "تراکنش با موفقیت انجام شد" || first.Links != nil {
			t.Fatalf("checkPay = %+v", first)
		}
		again := s.checkPay(t, id, ref, r.Factor.ID)
		if again.Verify != first.Verify || again.Code != first.Code || again.Message != first.Message {
			t.Errorf("repeat = %+v, first %+v", again, first)
		}
		o, _ := s.Order(r.Factor.ID)
		if o.Paid != r.Factor.Total || o.Status != StatusPreparing || o.Payments[0].State != PaymentVerified {
			t.Errorf("order = %+v", o)
		}
		if s.Calls("checkPay") != 2 {
			t.Errorf("Calls(checkPay) = %d, want 2", s.Calls("checkPay"))
		}
		if op := s.orderPay(t, r.Factor.ID); op.RemainderPrice != 0 || op.PayPrice != r.Factor.Total || len(op.Banks) != 0 {
			t.Errorf("orderPay after payment = %+v", op)
		}
		if tr := s.tracking(t, r.Factor.ID); tr.Order.Status != StatusPreparing || tr.Payment.PayLink != "" {
			t.Errorf("tracking after payment = %+v", tr)
		}
		if a := s.call(t, "payment/pay.json", url.Values{"factor": {r.Factor.ID}, "bank": {"1"}, "callback": {"http://shop.test/cb"}}); a.Code != CodeNotPayable {
			t.Errorf("pay on a paid order: code %d", a.Code)
		}
	})
	t.Run("cancelled then continuePay", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{})
		r := s.onlineOrder(t)
		id, ref := s.payAt(t, "payment/pay.json", r.Factor.ID, "cancel")
		c := s.checkPay(t, id, ref, r.Factor.ID)
		if c.Verify != 0 || c.Message == "" || c.Code != "" {
			t.Fatalf("checkPay = %+v", c)
		}
		if again := s.checkPay(t, id, ref, r.Factor.ID); again.Verify != c.Verify || again.Message != c.Message || again.Code != c.Code {
			t.Errorf("repeat = %+v, first %+v", again, c)
		}
		op := s.orderPay(t, r.Factor.ID)
		if op.Vaziat != StatusPending || op.RemainderPrice != r.Factor.Total || op.PayPrice != 0 || len(op.Banks) != 2 {
			t.Fatalf("orderPay after cancel = %+v", op)
		}
		id2, ref2 := s.payAt(t, "payment/continuePay.json", r.Factor.ID, "pay")
		if id2 == id {
			t.Fatalf("continuePay reused payment id %s", id)
		}
		if c2 := s.checkPay(t, id2, ref2, r.Factor.ID); c2.Verify != 1 {
			t.Fatalf("checkPay after continuePay = %+v", c2)
		}
		if op := s.orderPay(t, r.Factor.ID); op.RemainderPrice != 0 || len(op.Banks) != 0 {
			t.Errorf("orderPay after continuePay = %+v", op)
		}
	})
	t.Run("continuePay with the bank as bankId only", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{})
		r := s.onlineOrder(t)
		a := s.call(t, "payment/continuePay.json", url.Values{"factor": {r.Factor.ID}, "bankId": {"1"}, "callback": {"http://shop.test/cb"}})
		if a.Code != 0 {
			t.Fatalf("continuePay with bankId: code %d %q", a.Code, a.Message)
		}
	})
	t.Run("too early fails for good", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{})
		r := s.onlineOrder(t)
		form := s.payForm(t, "payment/pay.json", r.Factor.ID, "http://shop.test/cb")
		o, _ := s.Order(r.Factor.ID)
		p := o.Payments[0]
		if c := s.checkPay(t, strconv.FormatInt(p.ID, 10), p.Ref, r.Factor.ID); c.Verify != 0 {
			t.Fatalf("checkPay before the bank = %+v", c)
		}
		resp, err := noRedirect.PostForm(s.url+"/bank/gateway", url.Values{"token": {tokenRe.FindStringSubmatch(form)[1]}, "action": {"pay"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("bank page after a failed check: status %d, want 409", resp.StatusCode)
		}
	})
	t.Run("wrong ref does not spoil the payment", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{})
		r := s.onlineOrder(t)
		id, ref := s.payAt(t, "payment/pay.json", r.Factor.ID, "pay")
		if c := s.checkPay(t, id, "FORGED", r.Factor.ID); c.Verify != 0 {
			t.Fatalf("checkPay with a wrong ref = %+v", c)
		}
		if c := s.checkPay(t, id, ref, r.Factor.ID); c.Verify != 1 {
			t.Fatalf("checkPay with the right ref = %+v", c)
		}
	})
	t.Run("other factor is not found", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{})
		r := s.onlineOrder(t)
		other := s.onlineOrder(t)
		id, ref := s.payAt(t, "payment/pay.json", r.Factor.ID, "pay")
		a := s.call(t, "payment/checkPay.json", url.Values{"paymentId": {id}, "ref": {ref}, "factor": {other.Factor.ID}})
		if a.Code != CodePaymentNotFound {
			t.Fatalf("code %d, want %d", a.Code, CodePaymentNotFound)
		}
	})
	t.Run("late verification is refunded", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{VerifyWindow: 10 * time.Minute})
		r := s.onlineOrder(t)
		id, ref := s.payAt(t, "payment/pay.json", r.Factor.ID, "pay")
		s.clock.Add(11 * time.Minute)
		if c := s.checkPay(t, id, ref, r.Factor.ID); c.Verify != 0 {
			t.Fatalf("late checkPay = %+v", c)
		}
		if o, _ := s.Order(r.Factor.ID); o.Paid != 0 || o.Payments[0].State != PaymentRefunded {
			t.Errorf("order = %+v", o)
		}
	})
	t.Run("second paid attempt is refunded", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{})
		r := s.onlineOrder(t)
		f1 := s.payForm(t, "payment/pay.json", r.Factor.ID, "http://shop.test/cb")
		f2 := s.payForm(t, "payment/continuePay.json", r.Factor.ID, "http://shop.test/cb")
		l1, l2 := s.bank(t, f1, "pay"), s.bank(t, f2, "pay")
		if c := s.checkPay(t, l1.Query().Get("_i"), l1.Query().Get("sb"), r.Factor.ID); c.Verify != 1 {
			t.Fatalf("first = %+v", c)
		}
		if c := s.checkPay(t, l2.Query().Get("_i"), l2.Query().Get("sb"), r.Factor.ID); c.Verify != 0 {
			t.Fatalf("second = %+v", c)
		}
		if o, _ := s.Order(r.Factor.ID); o.Paid != o.Total {
			t.Errorf("paid %d of %d", o.Paid, o.Total)
		}
	})
	t.Run("no banks", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{EmptyBanks: true})
		r := s.onlineOrder(t)
		a := s.call(t, "payment/pay.json", url.Values{"factor": {r.Factor.ID}, "bank": {"1"}, "callback": {"http://shop.test/cb"}})
		if a.Code != CodeBankUnavailable {
			t.Fatalf("pay with no banks: code %d", a.Code)
		}
	})
}

func TestConcurrentCheckPay(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	r := s.onlineOrder(t)
	id, ref := s.payAt(t, "payment/pay.json", r.Factor.ID, "pay")
	const n = 50
	results := make([]answer, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			mirror := i%3 + 1
			v := url.Values{"api": {testKey}, "paymentId": {id}, "ref": {ref}, "factor": {r.Factor.ID}}
			resp, err := http.PostForm(s.MirrorURLs()[mirror-1]+"/payment/checkPay.json", v)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			if err := json.NewDecoder(resp.Body).Decode(&results[i]); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i, a := range results {
		if a.Code != 0 || string(a.Result) != string(results[0].Result) {
			t.Fatalf("answer %d = %d %s, answer 0 = %s", i, a.Code, a.Result, results[0].Result)
		}
	}
	var c checkPayResult
	if err := json.Unmarshal(results[0].Result, &c); err != nil || c.Verify != 1 {
		t.Fatalf("result %s: %v", results[0].Result, err)
	}
	if s.Calls("checkPay") != n {
		t.Errorf("Calls = %d, want %d", s.Calls("checkPay"), n)
	}
	if o, _ := s.Order(r.Factor.ID); o.Paid != o.Total {
		t.Errorf("paid %d, want %d exactly once", o.Paid, o.Total)
	}
}
