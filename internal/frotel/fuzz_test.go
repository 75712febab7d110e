package frotel

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// Seed corpora live in testdata/fuzz/<FuzzName>/; the f.Add seeds below are
// the recorded fixtures so a fresh checkout fuzzes from real shapes.

func addFixtures(f *testing.F, names ...string) {
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"code":0,"message":"","result":[]}`))
	f.Add([]byte(`{"code":0,"message":"","result":false}`))
	f.Add([]byte(`{"code":"0","result":{"a":{"1":{"post":"1e3"}}}}`))
}

// fuzzResult feeds decode the result of every body that passes the envelope.
func fuzzResult[T any](f *testing.F, decode func(json.RawMessage) (T, error), check func(*testing.T, T)) {
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := decodeEnvelope(body)
		if err != nil {
			return
		}
		v, err := decode(env.Result)
		if err == nil && check != nil {
			check(t, v)
		}
	})
}

func FuzzDecodeEnvelope(f *testing.F) {
	addFixtures(f, "getprices.json", "api_error.json", "api_error_list.json", "tracking.json")
	f.Add([]byte("<html>502</html>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := decodeEnvelope(body)
		if err != nil && (env.Code != 0 || env.Message != "" || env.Result != nil) {
			t.Errorf("failed decode returned data: %+v", env)
		}
	})
}

func FuzzDecodePrices(f *testing.F) {
	addFixtures(f, "getprices.json", "getprices_strings.json", "getprices_empty_array.json", "getprices_false.json")
	fuzzResult(f, decodePrices, func(t *testing.T, p Prices) {
		for _, o := range p.Options {
			if o.Send == 0 || o.Payment == 0 {
				t.Errorf("unnamed option %+v", o)
			}
		}
	})
}

func FuzzDecodeRegistration(f *testing.F) {
	addFixtures(f, "register_cod.json", "register_online.json", "register_online_strings.json", "register_empty_factor.json")
	fuzzResult(f, decodeRegistration, func(t *testing.T, r Registration) {
		if r.Factor.ID == "" {
			t.Error("registration without factor id accepted")
		}
		for _, b := range r.Factor.Banks {
			if b.ID == "" {
				t.Error("bank without id")
			}
		}
	})
}

func FuzzDecodeVerification(f *testing.F) {
	addFixtures(f, "checkpay_physical.json", "checkpay_virtual.json", "checkpay_links_error.json", "checkpay_failed.json")
	fuzzResult(f, decodeVerification, func(t *testing.T, v Verification) {
		if v.Links != nil && v.Links.Error && len(v.Links.Files) > 0 {
			t.Error("links both failed and delivered")
		}
	})
}

func FuzzDecodePaymentStatus(f *testing.F) {
	addFixtures(f, "orderpay.json", "orderpay_no_banks.json")
	fuzzResult(f, decodePaymentStatus, nil)
}

func FuzzDecodeTracking(f *testing.F) {
	addFixtures(f, "tracking.json", "tracking_arabic.json")
	fuzzResult(f, decodeTracking, nil)
}

func FuzzDecodeCoupon(f *testing.F) {
	addFixtures(f, "coupon.json")
	fuzzResult(f, decodeCoupon, nil)
}

func FuzzDecodeRedirect(f *testing.F) {
	addFixtures(f, "pay.json", "pay_mellat.json", "continuepay.json")
	fuzzResult(f, decodeRedirect, func(t *testing.T, r RedirectForm) {
		if (r.Action == "") == (r.Page == "") {
			t.Errorf("want exactly one of a form or a framed page: %+v", r)
		}
	})
}

func FuzzParseRedirectForm(f *testing.F) {
	f.Add(`<form action="https://bpm.shaparak.ir/pgwchannel/startpay.mellat" method="post"><input type="hidden" name="RefId" value="A1"><input type="submit"></form><script>x()</script>`)
	f.Add(`<form><!--   --></form>`)
	f.Add(`<FORM ACTION="http://bank.example/pay" METHOD="GET"><table><tr><td><INPUT TYPE="HIDDEN" NAME="t" VALUE="a&amp;b"></td></tr></table></FORM>`)
	f.Add(`<form action="https://a.example"><form action="https://b.example"></form></form>`)
	f.Fuzz(func(t *testing.T, s string) {
		form, err := ParseRedirectFormAt(s, "http://webservice1.link/ws/v1/rest/payment/pay.json")
		if err != nil {
			return
		}
		if form.Action == "" {
			if form.Page != framedPagePrefix+s {
				t.Errorf("no form, and the page is not the upstream one: %q", form.Page)
			}
			return
		}
		if form.Page != "" {
			t.Error("a form and a page at once")
		}
		u, perr := url.Parse(form.Action)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Errorf("accepted action %q", form.Action)
		}
		if form.Method != "GET" && form.Method != "POST" {
			t.Errorf("accepted method %q", form.Method)
		}
		for _, fl := range form.Fields {
			if fl.Name == "" {
				t.Error("nameless field kept")
			}
		}
	})
}
