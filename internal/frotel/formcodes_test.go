package frotel

import "testing"

func TestFormCodesRoundTrip(t *testing.T) {
	tests := []struct {
		method SendMethod
		code   int
	}{{Pishtaz, 1}, {Sefareshi, 2}, {Matbuat, 4}, {Peyk, 5}, {Chabok, 10}, {FixedCourier, 20}}
	for _, tt := range tests {
		t.Run(tt.method.String(), func(t *testing.T) {
			if got := tt.method.RegisterCode(); got != tt.code {
				t.Errorf("RegisterCode() = %d, want %d", got, tt.code)
			}
			if m, ok := SendMethodFromRegisterCode(tt.code); !ok || m != tt.method {
				t.Errorf("SendMethodFromRegisterCode(%d) = %v, %v", tt.code, m, ok)
			}
		})
	}
	if _, ok := SendMethodFromRegisterCode(3); ok {
		t.Error("3 is getPrices' matbuat code, not a registerOrder code")
	}
	for code, want := range map[int]PaymentWay{1: CashOnDelivery, 2: Online} {
		if w, ok := PaymentWayFromCode(code); !ok || w != want || w.Code() != code {
			t.Errorf("buy_type %d -> %v, %v", code, w, ok)
		}
	}
	if _, ok := PaymentWayFromCode(0); ok {
		t.Error("0 is tracking's COD code, not a buy_type")
	}
}
