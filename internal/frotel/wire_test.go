package frotel

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestPHPURLEncode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "abcXYZ019", "abcXYZ019"},
		{"unreserved kept", "a-b_c.d", "a-b_c.d"},
		{"space is plus", "a b", "a+b"},
		{"tilde escaped like PHP", "~", "%7E"},
		{"brackets", "basket[0][pro_code]", "basket%5B0%5D%5Bpro_code%5D"},
		{"url", "http://shop.example/cb?x=1&y=2", "http%3A%2F%2Fshop.example%2Fcb%3Fx%3D1%26y%3D2"},
		{"persian utf-8", "علی", "%D8%B9%D9%84%DB%8C"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			phpURLEncode(&b, tt.in)
			if got := b.String(); got != tt.want {
				t.Errorf("phpURLEncode(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// readable undoes the escaping so the expectations below read like the
// spec's examples; TestFormEncodeExact pins the bytes themselves.
func readable(t *testing.T, encoded string) string {
	t.Helper()
	s, err := url.QueryUnescape(encoded)
	if err != nil {
		t.Fatalf("unescape %q: %v", encoded, err)
	}
	return s
}

func TestFormEncodeExact(t *testing.T) {
	f := &form{}
	f.set("api", "k")
	f.setInts("send_type", []int{1, 2})
	f.setInts("buy_type", nil)
	f.setBool("free_send", true)
	f.setFloat("porsant", 2.5)
	want := "api=k&send_type%5B0%5D=1&send_type%5B1%5D=2&free_send=1&porsant=2.5"
	if got := f.encode(); got != want {
		t.Errorf("encode = %q, want %q", got, want)
	}
}

var testBuyer = Buyer{
	FirstName: "علی", LastName: "رضایی", Phone: "02188888888", Mobile: "09121234567", Gender: Male,
	Email: "ali@example.com", Address: "تهران، خیابان آزادی", PostalCode: "1234567890",
	ProvinceID: 1, CityID: 1, IP: "5.6.7.8", Message: "زنگ نزنید",
}

var testItem = Item{ProductCode: "mobile888", Name: "موبایل", UnitPrice: 670000, Count: 1, UnitWeight: 200}

func TestRequestForms(t *testing.T) {
	const buyer = "name=علی&family=رضایی&phone=02188888888&mobile=09121234567&gender=1&email=ali@example.com"
	const address = "&address=تهران، خیابان آزادی&code_posti=1234567890&province=1&city=1"
	const basket = "&basket[0][pro_code]=mobile888&basket[0][name]=موبایل&basket[0][price]=670000&basket[0][count]=1" +
		"&basket[0][weight]=200&basket[0][porsant]=0&basket[0][bazaryab]=0&basket[0][discount]=0&basket[0][free_send]=0&basket[0][tax]=0"
	tests := []struct {
		name string
		form func() (*form, error)
		want string
	}{
		{
			name: "get prices",
			form: PriceRequest{BasketTotal: 670000, WeightGrams: 200, CityID: 1,
				SendMethods: []SendMethod{Pishtaz, Sefareshi}, PaymentWays: []PaymentWay{Online, CashOnDelivery}}.form,
			want: "price=670000&weight=200&des_city=1&send_type[0]=1&send_type[1]=2&buy_type[0]=2&buy_type[1]=1",
		},
		{
			name: "get prices matbuat and peyk use getPrices codes",
			form: PriceRequest{BasketTotal: 1, WeightGrams: 1, CityID: 31,
				SendMethods: []SendMethod{Matbuat, Peyk}, PaymentWays: []PaymentWay{CashOnDelivery}}.form,
			want: "price=1&weight=1&des_city=31&send_type[0]=3&send_type[1]=4&buy_type[0]=1",
		},
		{
			name: "physical cod sefareshi",
			form: PhysicalOrder{Buyer: testBuyer, Payment: CashOnDelivery, Send: Sefareshi, Items: []Item{testItem}}.form,
			want: buyer + address + "&buy_type=1&send_type=2&ip=5.6.7.8&pm=زنگ نزنید&free_send=0" + basket,
		},
		{
			name: "physical online fixed courier with coupon and free shipping",
			form: PhysicalOrder{Buyer: testBuyer, Payment: Online, Send: FixedCourier, CourierFee: 150000,
				FreeShipping: true, Coupon: "NOWRUZ", Items: []Item{{
					ProductCode: "p1", Name: "کتاب", UnitPrice: 100, Count: 3, UnitWeight: 50, CommissionPercent: 2.5,
					MarketerID: 7, DiscountPercent: 10, FreeShipping: true, TaxPercent: 9, Packing: 3000,
				}}}.form,
			want: buyer + address + "&buy_type=2&send_type=20&ip=5.6.7.8&pm=زنگ نزنید&free_send=1&post_price=150000&coupon=NOWRUZ" +
				"&basket[0][pro_code]=p1&basket[0][name]=کتاب&basket[0][price]=100&basket[0][count]=3&basket[0][weight]=50" +
				"&basket[0][porsant]=2.5&basket[0][bazaryab]=7&basket[0][discount]=10&basket[0][free_send]=1&basket[0][tax]=9&basket[0][packing]=3000",
		},
		{
			name: "physical chabok uses registerOrder code 10",
			form: PhysicalOrder{Buyer: testBuyer, Payment: Online, Send: Chabok, Items: []Item{testItem}}.form,
			want: buyer + address + "&buy_type=2&send_type=10&ip=5.6.7.8&pm=زنگ نزنید&free_send=0" + basket,
		},
		{
			name: "virtual has no address",
			form: VirtualOrder{Buyer: testBuyer, Items: []Item{testItem}}.form,
			want: buyer + "&ip=5.6.7.8&pm=زنگ نزنید" + basket,
		},
		{
			name: "service has address but no send or buy type",
			form: ServiceOrder{Buyer: testBuyer, Items: []Item{testItem}}.form,
			want: buyer + address + "&ip=5.6.7.8&pm=زنگ نزنید" + basket,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.form()
			if err != nil {
				t.Fatalf("form: %v", err)
			}
			if got := readable(t, f.encode()); got != tt.want {
				t.Errorf("body\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRequestFormsRejected(t *testing.T) {
	noGender := testBuyer
	noGender.Gender = 0
	noIP := testBuyer
	noIP.IP = ""
	noAddress := testBuyer
	noAddress.Address = ""
	tests := []struct {
		name string
		form func() (*form, error)
		want error
	}{
		{"get prices chabok", PriceRequest{BasketTotal: 1, CityID: 1, SendMethods: []SendMethod{Chabok}, PaymentWays: []PaymentWay{Online}}.form, ErrUnsupported},
		{"get prices fixed courier", PriceRequest{BasketTotal: 1, CityID: 1, SendMethods: []SendMethod{FixedCourier}, PaymentWays: []PaymentWay{Online}}.form, ErrUnsupported},
		{"get prices unknown payment", PriceRequest{BasketTotal: 1, CityID: 1, SendMethods: []SendMethod{Pishtaz}, PaymentWays: []PaymentWay{9}}.form, ErrUnsupported},
		{"get prices no send method", PriceRequest{BasketTotal: 1, CityID: 1, PaymentWays: []PaymentWay{Online}}.form, ErrInvalidRequest},
		{"get prices no city", PriceRequest{BasketTotal: 1, SendMethods: []SendMethod{Pishtaz}, PaymentWays: []PaymentWay{Online}}.form, ErrInvalidRequest},
		{"register unknown send method", PhysicalOrder{Buyer: testBuyer, Payment: Online, Send: 0, Items: []Item{testItem}}.form, ErrUnsupported},
		{"register unknown payment way", PhysicalOrder{Buyer: testBuyer, Send: Pishtaz, Items: []Item{testItem}}.form, ErrUnsupported},
		{"courier fee without fixed courier", PhysicalOrder{Buyer: testBuyer, Payment: Online, Send: Pishtaz, CourierFee: 1, Items: []Item{testItem}}.form, ErrUnsupported},
		{"register empty basket", PhysicalOrder{Buyer: testBuyer, Payment: Online, Send: Pishtaz}.form, ErrInvalidRequest},
		{"register zero count", PhysicalOrder{Buyer: testBuyer, Payment: Online, Send: Pishtaz, Items: []Item{{ProductCode: "x"}}}.form, ErrInvalidRequest},
		{"register no gender", PhysicalOrder{Buyer: noGender, Payment: Online, Send: Pishtaz, Items: []Item{testItem}}.form, ErrInvalidRequest},
		{"register no address", PhysicalOrder{Buyer: noAddress, Payment: Online, Send: Pishtaz, Items: []Item{testItem}}.form, ErrInvalidRequest},
		{"service no address", ServiceOrder{Buyer: noAddress, Items: []Item{testItem}}.form, ErrInvalidRequest},
		{"virtual no ip", VirtualOrder{Buyer: noIP, Items: []Item{testItem}}.form, ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.form()
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestCompatFieldsOnTheWire pins the field names where the official integrations and the spec differ: the one
// official client of continuePay sends the bank as bankId where the spec says bank, so continuePay sends both; the
// official PHP helper sends checkCoupon's code as code.
func TestCompatFieldsOnTheWire(t *testing.T) {
	ctx := context.Background()
	pay := PayRequest{FactorID: "22000000000000000000", BankID: "1", CallbackURL: "https://shop.example/cb"}
	tests := []struct {
		name string
		call func(c *Client) error
		want string
	}{
		{"pay sends bank as the spec says", func(c *Client) error { _, err := c.Pay(ctx, pay); return err },
			"api=" + testAPIKey + "&factor=22000000000000000000&bank=1&callback=https://shop.example/cb"},
		{"continue pay sends bank and bankId", func(c *Client) error { _, err := c.ContinuePay(ctx, pay); return err },
			"api=" + testAPIKey + "&factor=22000000000000000000&bank=1&bankId=1&callback=https://shop.example/cb"},
		{"check coupon", func(c *Client) error { _, err := c.CheckCoupon(ctx, CouponRequest{Code: "NOWRUZ1405"}); return err },
			"api=" + testAPIKey + "&code=NOWRUZ1405"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newFakeMirror(t, healthy)
			c := newTestClient(t, newTestClock(), nil, m)
			_ = tt.call(c) // the fake's answers need not fit every method: the request is what is tested
			if got := readable(t, m.last); got != tt.want {
				t.Errorf("body\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
