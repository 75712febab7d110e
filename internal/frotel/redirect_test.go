package frotel

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseRedirectForm(t *testing.T) {
	tests := []struct {
		name    string
		html    string
		want    RedirectForm
		wantErr bool
	}{
		{
			name: "mellat post with auto-submit script",
			html: `<form id="f" action="https://bpm.shaparak.ir/pgwchannel/startpay.mellat" method="post">` +
				`<input type="hidden" name="RefId" value="AF82041a2Bf6989c7fF9"><input type="submit" value="پرداخت"></form>` +
				`<script>document.getElementById("f").submit()</script>`,
			want: RedirectForm{Action: "https://bpm.shaparak.ir/pgwchannel/startpay.mellat", Method: "POST",
				Fields: []Field{{"RefId", "AF82041a2Bf6989c7fF9"}}},
		},
		{
			name: "get method in upper case type",
			html: `<FORM ACTION="http://bank.example/pay" METHOD="GET"><INPUT TYPE="HIDDEN" NAME="token" VALUE="a&amp;b"></FORM>`,
			want: RedirectForm{Action: "http://bank.example/pay", Method: "GET", Fields: []Field{{"token", "a&b"}}},
		},
		{
			name: "method defaults to post, nested markup and buttons ignored",
			html: `<div><form action="https://sep.shaparak.ir/payment.aspx"><table><tr><td>` +
				`<input type="hidden" name="Token" value="t1"><input type="hidden" name="RedirectURL" value="https://shop/cb">` +
				`<input type="image" src="x.png"><button type="submit">برو</button><input type="hidden" value="nameless">` +
				`</td></tr></table><script>alert(1)</script></form></div>`,
			want: RedirectForm{Action: "https://sep.shaparak.ir/payment.aspx", Method: "POST",
				Fields: []Field{{"Token", "t1"}, {"RedirectURL", "https://shop/cb"}}},
		},
		{
			name: "form without inputs is fine",
			html: `<form action="https://bank.example/go"></form>`,
			want: RedirectForm{Action: "https://bank.example/go", Method: "POST"},
		},
		{name: "spec example without action", html: `<form><!--   --></form>`, wantErr: true},
		{name: "empty", html: ``, wantErr: true},
		{name: "only a script", html: `<script>location="https://bank.example"</script>`, wantErr: true},
		{name: "two forms", html: `<form action="https://a.example"></form><form action="https://b.example"></form>`, wantErr: true},
		{name: "relative action", html: `<form action="/pay"></form>`, wantErr: true},
		{name: "javascript action", html: `<form action="javascript:alert(1)"></form>`, wantErr: true},
		{name: "protocol relative action", html: `<form action="//bank.example/pay"></form>`, wantErr: true},
		{name: "put method", html: `<form action="https://bank.example" method="put"></form>`, wantErr: true},
		{name: "text input", html: `<form action="https://bank.example"><input name="card"></form>`, wantErr: true},
		{name: "password input", html: `<form action="https://bank.example"><input type="password" name="pin"></form>`, wantErr: true},
		{name: "textarea", html: `<form action="https://bank.example"><textarea name="x"></textarea></form>`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRedirectForm(tt.html)
			if tt.wantErr {
				if !errors.Is(err, ErrBadRedirectForm) {
					t.Fatalf("err = %v, want ErrBadRedirectForm", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("form\n got %+v\nwant %+v", got, tt.want)
			}
			for _, f := range got.Fields {
				if strings.Contains(f.Value, "<") || strings.Contains(f.Name, "<") {
					t.Errorf("markup leaked into field %+v", f)
				}
			}
		})
	}
}
