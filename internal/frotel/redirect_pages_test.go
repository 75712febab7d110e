package frotel

import (
	"reflect"
	"strings"
	"testing"
)

// Bank pages as Frotel passes them on from Iranian gateways: whole documents, visible inputs, onload and script
// auto-submits, relative actions. Every one of them must reach the shopper as a form the shop re-emits, or, when no
// form can be read, as the upstream page itself inside a sandboxed frame.
const (
	mellatPage = `<html><head><meta charset="utf-8"><title>انتقال به بانک ملت</title></head>` +
		`<body onload="document.forms['mellat'].submit()"><p>در حال انتقال…</p>` +
		`<form name="mellat" action="https://bpm.shaparak.ir/pgwchannel/startpay.mellat" method="POST">` +
		`<input type="hidden" name="RefId" value="7D3F21A0B9"><input type="hidden" name="MobileNo" value="989121234567">` +
		`<input type="submit" value="پرداخت"></form></body></html>`
	samanPage = `<!DOCTYPE html><html><head><title>Saman</title><style>body{font:12px tahoma}</style>` +
		`<script type="text/javascript">function go(){document.getElementById("samanpeyment").submit();}</script></head>` +
		`<body onload="go()"><form id="samanpeyment" action="https://sep.shaparak.ir/OnlinePG/OnlinePG" method="post">` +
		`<input type="hidden" name="Token" value="0b4a9e2c5d"/>` +
		`<input name="GetMethod" type="text" value="">` +
		`<input type="submit" name="pay" value="پرداخت" style="display:none"></form></body></html>`
	parsianPage = `<div dir="rtl"><form method="get" action="/gateway/parsian/redirect.php" name="frm">` +
		`<table><tr><td>مبلغ</td><td><input type="text" readonly name="amount" value="1250000"></td></tr></table>` +
		`<input type="checkbox" name="agree" value="1" checked><input type="checkbox" name="newsletter" value="1">` +
		`<select name="lang"><option value="en">EN</option><option value="fa" selected>فا</option></select>` +
		`<textarea name="note">سفارش ۱۲</textarea><input type="password" name="otp" value="">` +
		`<input type="hidden" name="Token" value="PEC-991122"><button type="submit" name="go">برو</button></form>` +
		`<script>document.frm.submit()</script></div>`
	twoFormsPage = `<form action="https://first.bank.example/pay" method="post"><input type="hidden" name="a" value="1"></form>` +
		`<form action="https://second.bank.example/pay"><input type="hidden" name="b" value="2"></form>`
	scriptOnlyPage = `<html><body><script>window.location.href="https://pec.shaparak.ir/NewIPG/?Token=991122"</script>` +
		`<a href="https://pec.shaparak.ir/NewIPG/?Token=991122">ورود به درگاه</a></body></html>`
)

func TestParseRedirectPages(t *testing.T) {
	const mirror = "http://webservice2.link/ws/v1/rest/payment/pay.json"
	tests := []struct {
		name     string
		html     string
		base     string
		want     RedirectForm // Page is checked apart
		wantPage bool         // no usable form: the page goes to a sandboxed frame
	}{
		{name: "mellat document with onload submit", html: mellatPage, base: mirror,
			want: RedirectForm{Action: "https://bpm.shaparak.ir/pgwchannel/startpay.mellat", Method: "POST",
				Fields: []Field{{"RefId", "7D3F21A0B9"}, {"MobileNo", "989121234567"}}}},
		{name: "saman document with a visible text input", html: samanPage, base: mirror,
			want: RedirectForm{Action: "https://sep.shaparak.ir/OnlinePG/OnlinePG", Method: "POST",
				Fields: []Field{{"Token", "0b4a9e2c5d"}, {"GetMethod", ""}}}},
		{name: "parsian-like relative action and every kind of control", html: parsianPage, base: mirror,
			want: RedirectForm{Action: "http://webservice2.link/gateway/parsian/redirect.php", Method: "GET",
				Fields: []Field{{"amount", "1250000"}, {"agree", "1"}, {"lang", "fa"}, {"note", "سفارش ۱۲"},
					{"otp", ""}, {"Token", "PEC-991122"}}}},
		{name: "relative action resolved against the mirror's path", html: `<form action="bank/go?x=1"></form>`, base: mirror,
			want: RedirectForm{Action: "http://webservice2.link/ws/v1/rest/payment/bank/go?x=1", Method: "POST"}},
		{name: "two forms: the first with an action", html: twoFormsPage, base: mirror,
			want: RedirectForm{Action: "https://first.bank.example/pay", Method: "POST", Fields: []Field{{"a", "1"}}}},
		{name: "a form without action is passed over", html: `<form><input name="x"></form>` + twoFormsPage, base: mirror,
			want: RedirectForm{Action: "https://first.bank.example/pay", Method: "POST", Fields: []Field{{"a", "1"}}}},
		{name: "spec example", html: `<form><!--   --></form>`, base: mirror, wantPage: true},
		{name: "no form, a script and a link", html: scriptOnlyPage, base: mirror, wantPage: true},
		{name: "javascript action only", html: `<form action="javascript:alert(1)"><input type="hidden" name="a"></form>`, base: mirror, wantPage: true},
		{name: "relative action without a mirror URL", html: `<form action="/pay"></form>`, wantPage: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRedirectFormAt(tt.html, tt.base)
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.wantPage {
				if got.Action != "" || got.Page == "" {
					t.Fatalf("want the page for a sandboxed frame, got %+v", got)
				}
				if !strings.Contains(got.Page, tt.html) || !strings.HasPrefix(got.Page, `<base target="_top">`) {
					t.Errorf("page = %q, want the upstream HTML after a top-level base target", got.Page)
				}
				return
			}
			if got.Page != "" {
				t.Errorf("a usable form also kept the page: %q", got.Page)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("form\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
