package frotel

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseRedirectForm(t *testing.T) {
	tests := []struct {
		name     string
		html     string
		want     RedirectForm
		wantErr  bool
		wantPage bool
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
		{name: "empty", html: ``, wantErr: true},
		{name: "blank", html: " \n\t", wantErr: true},
		// No usable form: the page is kept for a sandboxed frame instead.
		{name: "spec example without action", html: `<form><!--   --></form>`, wantPage: true},
		{name: "only a script", html: `<script>location="https://bank.example"</script>`, wantPage: true},
		{name: "relative action without a mirror URL", html: `<form action="/pay"></form>`, wantPage: true},
		{name: "javascript action", html: `<form action="javascript:alert(1)"></form>`, wantPage: true},
		{name: "data action", html: `<form action="data:text/html,x"></form>`, wantPage: true},
		{name: "protocol relative action without a mirror URL", html: `<form action="//bank.example/pay"></form>`, wantPage: true},
		{name: "form inside a script is not a form", html: `<script><form action="https://bank.example"></form></script>`, wantPage: true},
		// A usable form keeps every value it would submit, whatever the control.
		{name: "two forms: the first", html: `<form action="https://a.example"></form><form action="https://b.example"></form>`,
			want: RedirectForm{Action: "https://a.example", Method: "POST"}},
		{name: "unknown method is sent as post", html: `<form action="https://bank.example" method="put"></form>`,
			want: RedirectForm{Action: "https://bank.example", Method: "POST"}},
		{name: "text input kept", html: `<form action="https://bank.example"><input name="card"></form>`,
			want: RedirectForm{Action: "https://bank.example", Method: "POST", Fields: []Field{{"card", ""}}}},
		{name: "password input kept", html: `<form action="https://bank.example"><input type="password" name="pin" value="x"></form>`,
			want: RedirectForm{Action: "https://bank.example", Method: "POST", Fields: []Field{{"pin", "x"}}}},
		{name: "textarea, select without selection, disabled and file inputs", html: `<form action="https://bank.example">` +
			`<textarea name="x">a&amp;b</textarea><select name="s"><option>یک</option><option>دو</option></select>` +
			`<input name="d" disabled value="1"><input type="file" name="f"><input type="radio" name="r" checked></form>`,
			want: RedirectForm{Action: "https://bank.example", Method: "POST", Fields: []Field{{"x", "a&b"}, {"s", "یک"}, {"r", "on"}}}},
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
			if tt.wantPage {
				if got.Action != "" || got.Page != framedPagePrefix+tt.html {
					t.Fatalf("want the page for a frame, got %+v", got)
				}
				return
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
