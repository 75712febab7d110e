package frotel

import (
	"errors"
	"strconv"
	"testing"
)

func TestSendMethodCodes(t *testing.T) {
	tests := []struct {
		method       SendMethod
		priceCode    int // 0: unsupported by getPrices
		registerCode int
	}{
		{Pishtaz, 1, 1},
		{Sefareshi, 2, 2},
		{Matbuat, 3, 4},
		{Peyk, 4, 5},
		{Chabok, 0, 10},
		{FixedCourier, 0, 20},
	}
	if len(tests) != len(SendMethods()) {
		t.Fatalf("table covers %d methods, client knows %d", len(tests), len(SendMethods()))
	}
	for _, tt := range tests {
		t.Run(tt.method.String(), func(t *testing.T) {
			code, err := tt.method.priceCode()
			if tt.priceCode == 0 {
				if !errors.Is(err, ErrUnsupported) {
					t.Errorf("priceCode() err = %v, want ErrUnsupported", err)
				}
			} else if err != nil || code != tt.priceCode {
				t.Errorf("priceCode() = %d, %v; want %d", code, err, tt.priceCode)
			}
			if code, err := tt.method.registerCode(); err != nil || code != tt.registerCode {
				t.Errorf("registerCode() = %d, %v; want %d", code, err, tt.registerCode)
			}
			if tt.priceCode != 0 {
				back, ok := sendMethodFromPriceCode(strconv.Itoa(tt.priceCode))
				if !ok || back != tt.method {
					t.Errorf("sendMethodFromPriceCode(%d) = %v, %v", tt.priceCode, back, ok)
				}
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		if _, err := SendMethod(0).registerCode(); !errors.Is(err, ErrUnsupported) {
			t.Errorf("registerCode of zero = %v", err)
		}
		if _, ok := sendMethodFromPriceCode("5"); ok {
			t.Error("getPrices code 5 should be unknown")
		}
	})
}

func TestPaymentWayCodes(t *testing.T) {
	tests := []struct {
		way          PaymentWay
		code         int
		priceKey     string
		trackingCode int64
	}{
		{CashOnDelivery, 1, "posti", 0},
		{Online, 2, "naghdi", 1},
	}
	for _, tt := range tests {
		t.Run(tt.way.String(), func(t *testing.T) {
			if code, err := tt.way.code(); err != nil || code != tt.code {
				t.Errorf("code() = %d, %v; want %d", code, err, tt.code)
			}
			if w, ok := paymentWayFromPriceKey(tt.priceKey); !ok || w != tt.way {
				t.Errorf("paymentWayFromPriceKey(%q) = %v", tt.priceKey, w)
			}
			if w := paymentWayFromTrackingCode(tt.trackingCode); w != tt.way {
				t.Errorf("paymentWayFromTrackingCode(%d) = %v", tt.trackingCode, w)
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		if w := paymentWayFromTrackingCode(2); w != 0 {
			t.Errorf("tracking code 2 = %v, want unknown", w)
		}
		if _, ok := paymentWayFromPriceKey("cheque"); ok {
			t.Error("cheque should be unknown")
		}
	})
}

func TestParseOrderStatus(t *testing.T) {
	tests := []struct {
		name, label string
		want        OrderState
	}{
		{"pending", "معلق", StatePending},
		{"preparing", "در حال آماده سازی", StatePreparing},
		{"preparing with zwnj", "در حال آماده\u200cسازی", StatePreparing},
		{"preparing joined", "در حال آمادهسازی", StatePreparing},
		{"preparing arabic yeh", "در حال آماده سازي", StatePreparing},
		{"ready to send", "آماده ارسال", StatePreparing},
		{"pre-distribution", "پیش توزیعی", StateShipped},
		{"shipped", "ارسال شده", StateShipped},
		{"shipped extra spaces", "  ارسال   شده ", StateShipped},
		{"delivered", "توزیع شده", StateDelivered},
		{"delivered arabic yeh", "توزيع شده", StateDelivered},
		{"collected", "وصول شده", StateCollected},
		{"pre-return", "پیش برگشتی", StateReturned},
		{"returned", "برگشتی", StateReturned},
		{"returned arabic yeh", "برگشتي", StateReturned},
		{"cancelled", "انصرافی", StateCancelled},
		{"unknown label", "در انبار", StateUnknown},
		{"empty", "", StateUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseOrderStatus(tt.label); got != tt.want {
				t.Errorf("ParseOrderStatus(%q) = %v, want %v", tt.label, got, tt.want)
			}
		})
	}
}

func TestShopperMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"api error quotes frotel", &APIError{Code: 12, Message: "شهر نامعتبر"}, "سامانهٔ فروتل این درخواست را نپذیرفت: «شهر نامعتبر»"},
		{"api error without message", &APIError{Code: 12}, "سامانهٔ فروتل این درخواست را نپذیرفت (کد 12)."},
		{"outcome unknown", ErrOutcomeUnknown, "پاسخ سامانهٔ فروتل به دست ما نرسید؛ وضعیت سفارش را بررسی می‌کنیم. لطفاً سفارش را دوباره ثبت نکنید."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ShopperMessage(tt.err); got != tt.want {
				t.Errorf("ShopperMessage = %q, want %q", got, tt.want)
			}
		})
	}
}
