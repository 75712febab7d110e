package frotel

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// fixtureResult reads a recorded answer and returns its result after the
// envelope checks, failing the test on an API error.
func fixtureResult(t *testing.T, name string) json.RawMessage {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	env, err := decodeEnvelope(body)
	if err != nil {
		t.Fatalf("decodeEnvelope(%s): %v", name, err)
	}
	if env.Code != 0 {
		t.Fatalf("%s: code %d", name, env.Code)
	}
	return env.Result
}

func TestDecodePrices(t *testing.T) {
	tests := []struct {
		fixture string
		want    []ShippingOption
	}{
		{"getprices.json", []ShippingOption{
			{Pishtaz, CashOnDelivery, Quote{Post: 58000, Tax: 5220, FrotelService: 2000}},
			{Sefareshi, CashOnDelivery, Quote{Post: 36000, Tax: 3240, FrotelService: 2000}},
			{Pishtaz, Online, Quote{Post: 52000, Tax: 4680, FrotelService: 2000}},
			{Sefareshi, Online, Quote{Post: 26000, Tax: 2340, FrotelService: 2000}},
		}},
		{"getprices_strings.json", []ShippingOption{
			{Pishtaz, Online, Quote{Post: 52000, Tax: 4680, FrotelService: 2000, Packing: 5000}},
			{Sefareshi, Online, Quote{Post: 26000, Tax: 2340, FrotelService: 2000}},
		}},
		{"getprices_empty_array.json", nil},
		{"getprices_false.json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got, err := decodePrices(fixtureResult(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Options, tt.want) {
				t.Errorf("options\n got %+v\nwant %+v", got.Options, tt.want)
			}
		})
	}
	t.Run("total is the sum the spec insists on", func(t *testing.T) {
		p, _ := decodePrices(fixtureResult(t, "getprices.json"))
		q, ok := p.Find(Pishtaz, Online)
		if !ok || q.Total() != 52000+4680+2000 {
			t.Errorf("Find(Pishtaz, Online) = %+v, %v", q, ok)
		}
		if _, ok := p.Find(Peyk, Online); ok {
			t.Error("Peyk was not quoted")
		}
	})
}

func TestDecodeRegistration(t *testing.T) {
	item := RegisteredItem{ProductCode: "mobile888", Name: "موبایل اسمبلی", Count: 1, UnitPrice: 670000, UnitWeight: 200}
	tests := []struct {
		fixture string
		want    Registration
	}{
		{"register_cod.json", Registration{
			Factor: Factor{ID: "22000000000000000000", Total: 748300},
			Items:  []RegisteredItem{item},
		}},
		{"register_online.json", Registration{
			Factor: Factor{ID: "22000000000000000000", Total: 748300, Banks: []Bank{{ID: "1", Name: "ملت", Logo: "http://fpanel.ir/banks/mellat.png"}}},
			Items:  []RegisteredItem{{ProductCode: "mobile888", Name: "موبایلاسمبلی", Count: 1, UnitPrice: 670000, UnitWeight: 200}},
		}},
		{"register_online_strings.json", Registration{
			Factor: Factor{ID: "22000000000000000123", Total: 748300, Banks: []Bank{
				{ID: "1", Name: "ملت", Logo: "http://fpanel.ir/banks/mellat-logo.png"},
				{ID: "3", Name: "سامان", Logo: "http://fpanel.ir/banks/saman.png"},
			}},
			Items: []RegisteredItem{{ProductCode: "888", Name: "موبایل اسمبلی", Count: 2, UnitPrice: 670000, UnitWeight: 200}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got, err := decodeRegistration(fixtureResult(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("registration\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	t.Run("register_empty_factor.json", func(t *testing.T) {
		if _, err := decodeRegistration(fixtureResult(t, "register_empty_factor.json")); !errors.Is(err, ErrBadResponse) {
			t.Errorf("err = %v, want ErrBadResponse", err)
		}
	})
}

func TestDecodeVerification(t *testing.T) {
	tests := []struct {
		fixture string
		want    Verification
	}{
		{"checkpay_physical.json", Verification{PaymentID: "00000", Verified: true, Message: "تراکنش باموفقیت انجام شد", TrackingCode: "109314767064"}},
		{"checkpay_virtual.json", Verification{PaymentID: "14116", Verified: true, Message: "تراکنش باموفقیت انجام شد", TrackingCode: "109314767064",
			Links: &DownloadLinks{Files: []DownloadLink{{Name: "file name", Size: "200 KB", Mime: "pdf", Count: "بدونمحدودیت", Expire: "1394/04/24 10:25:00", URL: "http://DOWNLOAD_LINK"}}}}},
		{"checkpay_links_error.json", Verification{PaymentID: "14116", Verified: true, Message: "تراکنش باموفقیت انجام شد", TrackingCode: "109314767064",
			Links: &DownloadLinks{Error: true, ErrorMessage: "فایلی برای این محصول بارگذاری نشده است"}}},
		{"checkpay_failed.json", Verification{PaymentID: "14117", Message: "تراکنش ناموفق بود"}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got, err := decodeVerification(fixtureResult(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("verification\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDecodePaymentStatus(t *testing.T) {
	tests := []struct {
		fixture string
		want    PaymentStatus
	}{
		{"orderpay.json", PaymentStatus{Status: "معلق", State: StatePending, FactorID: "22-00000-000000-000000", OrderType: "product",
			Price: 886970, Remainder: 886970, Banks: []Bank{
				{ID: "1", Name: "بانك ملت", Logo: "http://fpanel.ir/themes/frotel/images/logo/bank/mellat-logo.png"},
				{ID: "2", Name: "بانك ملي", Logo: "http://fpanel.ir/themes/frotel/images/logo/bank/melli-logo.png"},
			}}},
		{"orderpay_no_banks.json", PaymentStatus{Status: "وصول شده", State: StateCollected, FactorID: "22000000000000000000",
			Barcode: "123456789012345678901234", OrderType: "product", Price: 886970, Paid: 886970}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got, err := decodePaymentStatus(fixtureResult(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("status\n got %+v\nwant %+v", got, tt.want)
			}
			if got.CanContinue() != (len(tt.want.Banks) > 0) {
				t.Errorf("CanContinue() = %v", got.CanContinue())
			}
		})
	}
}

func TestDecodeTracking(t *testing.T) {
	tests := []struct {
		fixture string
		want    OrderTracking
	}{
		{"tracking.json", OrderTracking{
			Customer: "تست اپراتورفروتل",
			Order: TrackedOrder{FactorID: "22-000000-000000-000000", StatusLabel: "معلق", State: StatePending,
				Date: "1394/05/03 - 10:57", ChangeDate: "1394/05/03 - 10:57", Price: 906590, Payment: Online, Type: "1"},
			Payment: TrackingPayment{Message: "پرداخت شماانجام نشده است.", PayLink: "http://byst.ir/payment/ContinuePay?factor=22000000000000000000"},
		}},
		{"tracking_arabic.json", OrderTracking{
			Customer: "تست اپراتور فروتل",
			Order: TrackedOrder{FactorID: "22000000000000000000", Barcode: "123456789012345678901234", StatusLabel: "در حال آماده سازي",
				State: StatePreparing, Date: "1394/05/03 - 10:57", ChangeDate: "1394/05/04 - 09:00", Price: 906590, Payment: CashOnDelivery, Type: "1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got, err := decodeTracking(fixtureResult(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tracking\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeRedirectFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		want    RedirectForm
		wantErr error
	}{
		// The spec's own example has no action: there is no form to re-emit, so the page goes to a sandboxed frame.
		{"pay.json", RedirectForm{Page: framedPagePrefix + "<form><!--   --></form>"}, nil},
		{"continuepay.json", RedirectForm{Page: framedPagePrefix + "<form><!--   --></form>"}, nil},
		{"pay_mellat.json", RedirectForm{Action: "https://bpm.shaparak.ir/pgwchannel/startpay.mellat", Method: "POST",
			Fields: []Field{{"RefId", "A1B2C3D4E5"}, {"MobileNo", "989120000000"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got, err := decodeRedirect(fixtureResult(t, tt.fixture))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("form\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeCoupon(t *testing.T) {
	got, err := decodeCoupon(fixtureResult(t, "coupon.json"))
	if err != nil || got != (CouponCheck{Efficacy: "10", Code: "NOWRUZ1405"}) {
		t.Errorf("decodeCoupon = %+v, %v", got, err)
	}
}

func TestDecodeEnvelope(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantCode int
		wantMsg  string
		wantErr  error
	}{
		{"api error fixture", "@api_error.json", 104, "کلید API نامعتبر است", nil},
		{"api error list message", "@api_error_list.json", 12, "شهر مقصد نامعتبر است؛ وزن سفارش صفر است", nil},
		{"byte order mark", "\xef\xbb\xbf{\"code\":0,\"result\":null}", 0, "", nil},
		{"html page", "<html><body>502 Bad Gateway</body></html>", 0, "", ErrBadResponse},
		{"empty body", "", 0, "", ErrBadResponse},
		{"no code", `{"message":"","result":[]}`, 0, "", ErrBadResponse},
		{"json array", `[1,2]`, 0, "", ErrBadResponse},
		{"code not a number", `{"code":"abc"}`, 0, "", ErrBadResponse},
		{"truncated", `{"code":0,"result":{"naghdi":`, 0, "", ErrBadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			if len(tt.body) > 0 && tt.body[0] == '@' {
				var err error
				if body, err = os.ReadFile(filepath.Join("testdata", tt.body[1:])); err != nil {
					t.Fatal(err)
				}
			}
			env, err := decodeEnvelope(body)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if env.Code != tt.wantCode || env.Message != tt.wantMsg {
				t.Errorf("envelope = %d %q, want %d %q", env.Code, env.Message, tt.wantCode, tt.wantMsg)
			}
		})
	}
}

func TestFlexTypes(t *testing.T) {
	ints := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{`52000`, 52000, false}, {`"52000"`, 52000, false}, {`" 7 "`, 7, false}, {`""`, 0, false},
		{`null`, 0, false}, {`true`, 1, false}, {`52000.0`, 52000, false}, {`5.2e4`, 52000, false},
		{`1.5`, 0, true}, {`"abc"`, 0, true}, {`{}`, 0, true}, {`99999999999999999999`, 0, true},
	}
	for _, tt := range ints {
		t.Run("int "+tt.in, func(t *testing.T) {
			var n flexInt
			err := json.Unmarshal([]byte(tt.in), &n)
			if (err != nil) != tt.wantErr || int64(n) != tt.want {
				t.Errorf("flexInt(%s) = %d, %v", tt.in, n, err)
			}
		})
	}
	strs := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{`"14116"`, "14116", false}, {`14116`, "14116", false},
		{`22000000000000000000`, "22000000000000000000", false}, {`null`, "", false},
		{`true`, "1", false}, {`[]`, "", true}, {`{"a":1}`, "", true},
	}
	for _, tt := range strs {
		t.Run("string "+tt.in, func(t *testing.T) {
			var s flexString
			err := json.Unmarshal([]byte(tt.in), &s)
			if (err != nil) != tt.wantErr || string(s) != tt.want {
				t.Errorf("flexString(%s) = %q, %v", tt.in, s, err)
			}
		})
	}
}

// A live PHP service adds fields nobody asked for; a quote must not fail because of them.
func TestDecodePricesIgnoresExtraFields(t *testing.T) {
	raw := json.RawMessage(`{"naghdi":{"1":{"post":"300000","tax":"27000","frotel_service":"20000"},"note":"x"},` +
		`"posti":{"1":{"post":400000,"tax":36000,"frotel_service":20000,"extra":true}},"ws_version":"1.4.2","currency":"IRR"}`)
	got, err := decodePrices(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Options) != 2 || got.Options[0].Quote.Post == 0 || got.Options[1].Quote.Post == 0 {
		t.Errorf("options = %+v", got.Options)
	}
}
