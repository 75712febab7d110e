package sandbox

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRegisterOrderTotals(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	// 6,700,000 x1, 200 g, Tehran: pishtaz online = 450,000 + 40,500 tax + 20,000 service.
	// COD adds 60,000 + 1% of the items (67,000) to post: 577,000 + 51,930 + 20,000.
	tests := []struct {
		name      string
		form      url.Values
		total     int64
		withBanks bool
	}{
		{"online pishtaz", productOrder("2", "1"), 6_700_000 + 510_500, true},
		{"cod pishtaz", productOrder("1", "1"), 6_700_000 + 648_930, false},
		{"online sefareshi", productOrder("2", "2"), 6_700_000 + 320_000 + 28_800 + 20_000, true},
		{"online matbuat", productOrder("2", "4"), 6_700_000 + 180_000 + 16_200 + 20_000, true},
		{"online peyk", productOrder("2", "5"), 6_700_000 + 400_000 + 36_000 + 20_000, true},
		{"online chabok", productOrder("2", "10"), 6_700_000 + 585_000 + 52_650 + 20_000, true},
		{"seller fixed price", with(productOrder("1", "20"), "post_price", "300000"), 6_700_000 + 300_000 + 20_000, false},
		{"free_send on the order", with(productOrder("2", "1"), "free_send", "1"), 6_700_000, true},
		{"free_send on every item", productOrder("2", "1",
			testItem{code: "a", price: 100_000, count: 2, weight: 100, freeSend: true},
			testItem{code: "b", price: 50_000, count: 1, weight: 100, freeSend: true}), 250_000, true},
		{"free_send on one item only", productOrder("2", "2",
			testItem{code: "a", price: 100_000, count: 2, weight: 100, freeSend: true},
			testItem{code: "b", price: 50_000, count: 1, weight: 100}), 250_000 + 320_000 + 28_800 + 20_000, true},
		// 2 x 1,000,000 - 15% = 1,700,000, + 9% tax = 1,853,000; 2 x 300 g = 600 g, 2 steps sefareshi
		// = 400,000, COD: + 60,000 + 18,530 = 478,530, rounded up to 479,000; tax 43,110.
		{"item discount and tax", productOrder("1", "2",
			testItem{code: "a", price: 1_000_000, count: 2, weight: 300, discount: "15", tax: "9"}),
			1_853_000 + 479_000 + 43_110 + 20_000, false},
		// coupon 10% of 6,700,000 = 670,000 off the items; shipping priced on the 6,030,000 left.
		{"coupon", with(productOrder("2", "1"), "coupon", "TAKHFIF10"), 6_030_000 + 510_500, true},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.register(t, "order/registerOrder.json", tt.form)
			if r.Factor.Total != tt.total {
				t.Errorf("total = %d, want %d", r.Factor.Total, tt.total)
			}
			if len(r.Factor.ID) != 20 || !strings.HasPrefix(r.Factor.ID, "22") || !isDigits(r.Factor.ID, 20) {
				t.Errorf("factor id %q is not 22 + 18 digits", r.Factor.ID)
			}
			if seen[r.Factor.ID] {
				t.Errorf("factor id %s repeated", r.Factor.ID)
			}
			seen[r.Factor.ID] = true
			if (len(r.Factor.Banks) > 0) != tt.withBanks {
				t.Errorf("banks = %v, want banks: %v", r.Factor.Banks, tt.withBanks)
			}
			if len(r.Items) == 0 || r.Items[0].Num == 0 || r.Items[0].ProCode == "" || r.Items[0].Name == "" {
				t.Errorf("items = %+v", r.Items)
			}
			if o, ok := s.Order(r.Factor.ID); !ok || o.Total != tt.total || o.Kind != "product" {
				t.Errorf("Order() = %+v, %v", o, ok)
			}
		})
	}
}

func TestRegisterResponseShape(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	online := s.call(t, "order/registerOrder.json", productOrder("2", "1"))
	for _, want := range []string{`"view":""`, `"banks":[{"icon":"` + s.url + `/bank/logo/1.svg","id":1,"name":"ملت"}`,
		`"items":[{"name":"کالای mobile888","num":1,"option":"","price":6700000,"pro_code":"mobile888","weight":200}]`} {
		if !strings.Contains(string(online.Result), want) {
			t.Errorf("online result %s lacks %s", online.Result, want)
		}
	}
	cod := s.call(t, "order/registerOrder.json", productOrder("1", "1"))
	if strings.Contains(string(cod.Result), "banks") {
		t.Errorf("COD result lists banks: %s", cod.Result)
	}
}

func TestRegisterKinds(t *testing.T) {
	tests := []struct {
		name   string
		opts   FrotelOptions
		path   string
		form   url.Values
		kind   string
		total  int64
		nBanks int
	}{
		{"virtual", FrotelOptions{}, "order/registerOrderVirtual.json",
			withBasket(without(buyerValues(), "address", "code_posti", "province", "city"), testItem{code: "ebook1", price: 500_000, count: 1}),
			"virtual", 500_000, 2},
		{"virtual without weight", FrotelOptions{}, "order/registerOrderVirtual.json",
			without(withBasket(buyerValues(), testItem{code: "ebook1", price: 500_000, count: 2}), "basket[0][weight]"),
			"virtual", 1_000_000, 2},
		{"service", FrotelOptions{}, "order/registerOrderService.json",
			withBasket(without(buyerValues(), "ip", "pm"), testItem{code: "install", price: 900_000, count: 1, weight: 5000}),
			"service", 900_000, 2},
		{"service no banks", FrotelOptions{EmptyBanks: true}, "order/registerOrderService.json",
			withBasket(buyerValues(), testItem{code: "install", price: 900_000, count: 1}),
			"service", 900_000, 0},
		{"custom banks", FrotelOptions{Banks: []Bank{{ID: 7, Name: "سامان", Logo: "http://x.test/7.png"}}}, "order/registerOrderService.json",
			withBasket(buyerValues(), testItem{code: "install", price: 900_000, count: 1}),
			"service", 900_000, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSandbox(t, tt.opts)
			r := s.register(t, tt.path, tt.form)
			if r.Factor.Total != tt.total || len(r.Factor.Banks) != tt.nBanks {
				t.Errorf("total %d banks %v, want %d and %d banks", r.Factor.Total, r.Factor.Banks, tt.total, tt.nBanks)
			}
			o, _ := s.Order(r.Factor.ID)
			if o.Kind != tt.kind || o.BuyType != 2 || o.Status != StatusPending || o.Shipping != 0 {
				t.Errorf("Order() = %+v", o)
			}
		})
	}
}

type orderPayResult struct {
	Vaziat         string           `json:"vaziat"`
	Factor         string           `json:"factor"`
	Barcode        string           `json:"barcode"`
	OrderType      string           `json:"order_type"`
	Price          int64            `json:"price"`
	RemainderPrice int64            `json:"remainder_price"`
	PayPrice       int64            `json:"pay_price"`
	Banks          []map[string]any `json:"banks"`
}

type trackingResult struct {
	Customer string `json:"customer"`
	Order    struct {
		Factor     string `json:"factor"`
		Barcode    string `json:"barcode"`
		Status     string `json:"status"`
		Date       string `json:"date"`
		ChangeDate string `json:"change_date"`
		Price      int64  `json:"price"`
		BuyType    int    `json:"buy_type"`
		Desc       string `json:"desc"`
		Type       int    `json:"type"`
	} `json:"order"`
	Seller  []map[string]any `json:"seller"`
	Payment struct {
		Message string `json:"message"`
		PayLink string `json:"pay_link"`
	} `json:"payment"`
}

func (s *sandbox) tracking(t *testing.T, factor string) trackingResult {
	t.Helper()
	var r trackingResult
	s.ok(t, "order/tracking.json", url.Values{"factor": {factor}}, &r)
	return r
}

func (s *sandbox) orderPay(t *testing.T, factor string) orderPayResult {
	t.Helper()
	var r orderPayResult
	s.ok(t, "order/orderPay.json", url.Values{"factor": {factor}}, &r)
	return r
}

func TestTrackingAndOrderPay(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	online := s.register(t, "order/registerOrder.json", productOrder("2", "1")).Factor
	cod := s.register(t, "order/registerOrder.json", productOrder("1", "2")).Factor

	t.Run("online unpaid", func(t *testing.T) {
		tr := s.tracking(t, online.ID)
		o := tr.Order
		if tr.Customer != "سارا رضایی" || o.Factor != online.ID || o.Status != StatusPending || o.BuyType != 1 || o.Type != 1 ||
			o.Price != online.Total || o.Date != "1405/09/04 - 10:57" || o.ChangeDate != o.Date || o.Barcode != "" {
			t.Errorf("tracking = %+v", tr)
		}
		if tr.Payment.PayLink != s.url+"/bank/continue?factor="+online.ID || tr.Payment.Message == "" {
			t.Errorf("payment = %+v", tr.Payment)
		}
		if tr.Seller == nil || len(tr.Seller) != 0 {
			t.Errorf("seller = %#v, want []", tr.Seller)
		}
		op := s.orderPay(t, online.ID)
		if op.Vaziat != StatusPending || op.OrderType != "product" || op.Price != online.Total ||
			op.RemainderPrice != online.Total || op.PayPrice != 0 || len(op.Banks) != 2 || op.Banks[0]["logo"] == nil {
			t.Errorf("orderPay = %+v", op)
		}
	})
	t.Run("cod", func(t *testing.T) {
		tr := s.tracking(t, cod.ID)
		if tr.Order.Status != StatusPreparing || tr.Order.BuyType != 0 || tr.Payment.PayLink != "" {
			t.Errorf("tracking = %+v", tr)
		}
		op := s.orderPay(t, cod.ID)
		if op.Banks == nil || len(op.Banks) != 0 {
			t.Errorf("orderPay banks = %#v, want []", op.Banks)
		}
		a := s.call(t, "payment/pay.json", url.Values{"factor": {cod.ID}, "bank": {"1"}, "callback": {"http://shop.test/cb"}})
		if a.Code != CodeNotPayable {
			t.Errorf("pay on COD: code %d, want %d", a.Code, CodeNotPayable)
		}
	})
	t.Run("advance to shipped", func(t *testing.T) {
		s.clock.Add(26*time.Hour + 3*time.Minute)
		if err := s.Advance(cod.ID, StatusShipped); err != nil {
			t.Fatal(err)
		}
		tr := s.tracking(t, cod.ID)
		if tr.Order.Status != StatusShipped || len(tr.Order.Barcode) != 24 || len(tr.Seller) != 1 ||
			tr.Order.Date != "1405/09/04 - 10:57" || tr.Order.ChangeDate != "1405/09/05 - 13:00" {
			t.Errorf("tracking = %+v", tr)
		}
		if op := s.orderPay(t, cod.ID); op.Barcode != tr.Order.Barcode || op.Vaziat != StatusShipped {
			t.Errorf("orderPay = %+v", op)
		}
		if err := s.Advance("22000000000000000009", StatusShipped); err == nil {
			t.Error("Advance of an unknown factor succeeded")
		}
	})
	t.Run("cancelled is not payable", func(t *testing.T) {
		other := s.register(t, "order/registerOrder.json", productOrder("2", "1")).Factor
		if err := s.Advance(other.ID, StatusCancelled); err != nil {
			t.Fatal(err)
		}
		if op := s.orderPay(t, other.ID); len(op.Banks) != 0 {
			t.Errorf("cancelled order offers banks: %+v", op)
		}
	})
}

func TestDashedFactors(t *testing.T) {
	s := newSandbox(t, FrotelOptions{DashedFactors: true})
	id := s.register(t, "order/registerOrder.json", productOrder("2", "1")).Factor.ID
	dashed := id[:2] + "-" + id[2:8] + "-" + id[8:14] + "-" + id[14:]
	if got := s.tracking(t, id).Order.Factor; got != dashed {
		t.Errorf("tracking factor = %q, want %q", got, dashed)
	}
	if got := s.orderPay(t, dashed).Factor; got != dashed {
		t.Errorf("orderPay (asked dashed) factor = %q, want %q", got, dashed)
	}
}
