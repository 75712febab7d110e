package sandbox

import (
	"encoding/json"
	"net/url"
	"testing"
)

func TestGetPrices(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	tests := []struct {
		name string
		form url.Values
		want map[string]map[string]priceEntry
	}{
		{
			// 1200 g = 3 steps; Tehran to Tehran (100%); COD adds 60,000 + 1% of 1,000,000.
			name: "tehran both buy types indexed lists",
			form: url.Values{"price": {"1000000"}, "weight": {"1200"}, "des_city": {"1"},
				"send_type[0]": {"1"}, "send_type[1]": {"2"}, "buy_type[0]": {"2"}, "buy_type[1]": {"1"}},
			want: map[string]map[string]priceEntry{
				"naghdi": {"1": {690_000, 62_100, 20_000}, "2": {480_000, 43_200, 20_000}},
				"posti":  {"1": {760_000, 68_400, 20_000}, "2": {550_000, 49_500, 20_000}},
			},
		},
		{
			// Mashhad is another province: 150%.
			name: "other province online only",
			form: url.Values{"price": {"1000000"}, "weight": {"1200"}, "des_city": {"91"},
				"send_type[0]": {"1"}, "buy_type[0]": {"2"}},
			want: map[string]map[string]priceEntry{"naghdi": {"1": {1_035_000, 93_150, 20_000}}},
		},
		{
			// Islamshahr is in Tehran province: 120%; 1 kg = 2 steps; appended [] lists.
			name: "same province appended lists",
			form: url.Values{"price": {"0"}, "weight": {"1000"}, "des_city": {"331"},
				"send_type[]": {"2", "3"}, "buy_type[]": {"1"}},
			want: map[string]map[string]priceEntry{"posti": {"2": {540_000, 48_600, 20_000}, "3": {324_000, 29_160, 20_000}}},
		},
		{
			name: "peyk in the origin city",
			form: url.Values{"price": {"500000"}, "weight": {"300"}, "des_city": {"1"},
				"send_type[0]": {"4"}, "buy_type[0]": {"2"}},
			want: map[string]map[string]priceEntry{"naghdi": {"4": {400_000, 36_000, 20_000}}},
		},
		{
			name: "peyk dropped outside the origin city",
			form: url.Values{"price": {"500000"}, "weight": {"300"}, "des_city": {"51"},
				"send_type[0]": {"4"}, "send_type[1]": {"2"}, "buy_type[0]": {"2"}},
			want: map[string]map[string]priceEntry{"naghdi": {"2": {480_000, 43_200, 20_000}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got map[string]map[string]priceEntry
			s.ok(t, "order/getPrices.json", tt.form, &got)
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(tt.want)
			if string(gj) != string(wj) {
				t.Fatalf("result\n got %s\nwant %s", gj, wj)
			}
			for buy, sends := range got {
				for send, e := range sends {
					if e.Tax != (e.Post*9+50)/100 {
						t.Errorf("%s/%s: tax %d is not 9%% of %d", buy, send, e.Tax, e.Post)
					}
				}
			}
		})
	}
}

func TestGetPricesRawShape(t *testing.T) {
	s := newSandbox(t, FrotelOptions{ServiceFee: 35_000})
	a := s.call(t, "order/getPrices.json", url.Values{"price": {"100"}, "weight": {"100"}, "des_city": {"1"},
		"send_type[0]": {"1"}, "buy_type[0]": {"1"}})
	want := `{"posti":{"1":{"post":511000,"tax":45990,"frotel_service":35000}}}`
	if string(a.Result) != want {
		t.Fatalf("result = %s, want %s", a.Result, want)
	}
}

func TestGetPricesPishtazDearerAndCODDearer(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	for _, city := range []string{"1", "331", "71"} {
		for _, weight := range []string{"1", "499", "501", "4000"} {
			var got map[string]map[string]priceEntry
			s.ok(t, "order/getPrices.json", url.Values{"price": {"2000000"}, "weight": {weight}, "des_city": {city},
				"send_type[0]": {"1"}, "send_type[1]": {"2"}, "send_type[2]": {"3"}, "buy_type[0]": {"1"}, "buy_type[1]": {"2"}}, &got)
			for _, buy := range []string{"naghdi", "posti"} {
				p, r, m := got[buy]["1"].Post, got[buy]["2"].Post, got[buy]["3"].Post
				if !(p > r && r > m) {
					t.Errorf("city %s weight %s %s: pishtaz %d sefareshi %d matbuat %d", city, weight, buy, p, r, m)
				}
			}
			for _, send := range []string{"1", "2", "3"} {
				if got["posti"][send].Post <= got["naghdi"][send].Post {
					t.Errorf("city %s weight %s send %s: COD %d not dearer than online %d", city, weight, send,
						got["posti"][send].Post, got["naghdi"][send].Post)
				}
			}
		}
	}
}

func TestCheckCoupon(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	for code, want := range map[string]string{"TAKHFIF10": "10%", "NOWRUZ": "500000"} {
		var got struct {
			Efficacy string `json:"efficacy"`
			Code     string `json:"code"`
		}
		s.ok(t, "order/checkCoupon.json", url.Values{"code": {code}}, &got)
		if got.Efficacy != want || got.Code != code {
			t.Errorf("checkCoupon(%s) = %+v, want efficacy %q", code, got, want)
		}
	}
}
