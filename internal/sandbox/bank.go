package sandbox

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
)

// banks is the gateway list online orders are offered.
func (f *Frotel) banks(base string) []Bank {
	switch {
	case f.opts.EmptyBanks:
		return nil
	case f.opts.Banks != nil:
		return f.opts.Banks
	}
	return []Bank{
		{ID: 1, Name: "ملت", Logo: base + "/bank/logo/1.svg"},
		{ID: 2, Name: "ملی", Logo: base + "/bank/logo/2.svg"},
	}
}

func (f *Frotel) bank(base string, id int) (Bank, bool) {
	for _, b := range f.banks(base) {
		if b.ID == id {
			return b, true
		}
	}
	return Bank{}, false
}

// bankList renders banks the way one method does: registration calls the
// image "icon", orderPay calls it "logo" (both as in the spec's examples).
func bankList(banks []Bank, imageKey string) []map[string]any {
	out := make([]map[string]any, len(banks))
	for i, b := range banks {
		out[i] = map[string]any{"id": b.ID, "name": b.Name, imageKey: b.Logo}
	}
	return out
}

var bankPage = template.Must(template.New("bank").Parse(`<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{margin:0;background:#eef2f5;font-family:Tahoma,Vazirmatn,sans-serif;color:#1d2733}
main{max-width:26rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0002}
header{display:flex;align-items:center;gap:.75rem}
h1{font-size:1.15rem;margin:0}
.note{color:#8a5a00;background:#fff6e0;padding:.5rem .75rem;border-radius:8px;font-size:.85rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem;margin:1.25rem 0}
dt{color:#5b6878}dd{margin:0;font-weight:bold}
.actions{display:flex;gap:.75rem}
button,.button{flex:1;font:inherit;font-size:1.05rem;padding:.85rem;border:0;border-radius:8px;cursor:pointer;text-align:center;text-decoration:none}
.pay{background:#0a7d3c;color:#fff}.cancel{background:#e4e8ec;color:#1d2733}
.msg{padding:.75rem;border-radius:8px;background:#f1f4f7}
</style>
</head>
<body>
<main>
<header>{{if .Logo}}<img src="{{.Logo}}" alt="" width="48" height="48">{{end}}<h1>{{.Title}}</h1></header>
<p class="note">درگاه آزمایشی: هیچ پولی جابه‌جا نمی‌شود.</p>
{{if .Factor}}<dl>
<dt>شماره فاکتور</dt><dd dir="ltr" data-testid="bank-factor">{{.Factor}}</dd>
<dt>مبلغ</dt><dd data-testid="bank-amount">{{.Rials}} ریال<br><small>({{.Tomans}} تومان)</small></dd>
{{if .Tracking}}<dt>کد رهگیری</dt><dd dir="ltr" data-testid="bank-tracking">{{.Tracking}}</dd>{{end}}
</dl>{{end}}
{{if .Message}}<p class="msg" data-testid="bank-message">{{.Message}}</p>{{end}}
{{if .Token}}<form method="post" action="{{.Action}}" class="actions">
<input type="hidden" name="token" value="{{.Token}}">
<button type="submit" name="action" value="pay" class="pay" data-testid="bank-pay">پرداخت</button>
<button type="submit" name="action" value="cancel" class="cancel" data-testid="bank-cancel">انصراف</button>
</form>{{end}}
{{if .Back}}<p class="actions"><a class="button cancel" href="{{.Back}}" data-testid="bank-back">بازگشت به فروشگاه</a></p>{{end}}
</main>
</body>
</html>
`))

type bankView struct {
	Title, Logo, Factor, Rials, Tomans, Tracking, Message string
	Token, Action, Back                                   string
}

func renderBank(w http.ResponseWriter, status int, v bankView) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action *")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = bankPage.Execute(w, v)
}

func (f *Frotel) viewFor(base string, p *payment) bankView {
	v := bankView{
		Title:  "درگاه پرداخت بانک " + p.bank.Name,
		Factor: persianDigits(p.factor),
		Rials:  persianNumber(p.amount),
		Tomans: persianNumber(p.amount / 10),
	}
	if strings.HasPrefix(p.bank.Logo, base+"/") { // the CSP allows only our own images
		v.Logo = p.bank.Logo
	}
	return v
}

// serveGateway is the bank page: arriving (GET, or the pay form's POST)
// shows the amount and two buttons; a POST with action=pay|cancel records the
// outcome and sends the shopper to the callback with _i and sb.
func (f *Frotel) serveGateway(w http.ResponseWriter, r *http.Request) {
	base := f.baseURL(r)
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.byToken[r.FormValue("token")]
	if p == nil {
		renderBank(w, http.StatusNotFound, bankView{Title: "درگاه پرداخت", Message: "تراکنش یافت نشد یا منقضی شده است."})
		return
	}
	v := f.viewFor(base, p)
	if p.state != PaymentPending {
		v.Message = "این تراکنش قبلاً انجام شده است و دیگر قابل پرداخت نیست."
		renderBank(w, http.StatusConflict, v)
		return
	}
	switch r.PostFormValue("action") {
	case "pay":
		http.Redirect(w, r, f.decide(p, true), http.StatusSeeOther)
	case "cancel":
		http.Redirect(w, r, f.decide(p, false), http.StatusSeeOther)
	default:
		v.Token = p.token
		v.Action = base + "/bank/gateway"
		renderBank(w, http.StatusOK, v)
	}
}

// serveContinue is the pay_link tracking hands out: Frotel's own "continue
// payment" page. It starts an attempt with the first bank and returns to
// /bank/continue/return, where Frotel verifies by itself.
func (f *Frotel) serveContinue(w http.ResponseWriter, r *http.Request) {
	base := f.baseURL(r)
	f.mu.Lock()
	defer f.mu.Unlock()
	o, aerr := f.lookup(r.URL.Query().Get("factor"))
	if aerr != nil {
		renderBank(w, http.StatusNotFound, bankView{Title: "ادامه پرداخت", Message: aerr.msg})
		return
	}
	banks := f.banks(base)
	if !o.payable() || len(banks) == 0 {
		renderBank(w, http.StatusConflict, bankView{Title: "ادامه پرداخت", Message: "این سفارش در حال حاضر قابل پرداخت آنلاین نیست."})
		return
	}
	p := f.newPayment(o, banks[0], base+"/bank/continue/return")
	http.Redirect(w, r, base+"/bank/gateway?token="+p.token, http.StatusSeeOther)
}

func (f *Frotel) serveContinueReturn(w http.ResponseWriter, r *http.Request) {
	base := f.baseURL(r)
	f.mu.Lock()
	defer f.mu.Unlock()
	id, _ := strconv.ParseInt(r.URL.Query().Get("_i"), 10, 64)
	p := f.payments[id]
	if p == nil || p.ref != r.URL.Query().Get("sb") {
		renderBank(w, http.StatusNotFound, bankView{Title: "ادامه پرداخت", Message: "تراکنش یافت نشد."})
		return
	}
	f.settle(p, f.orders[p.factor])
	v := f.viewFor(base, p)
	v.Title = "نتیجه پرداخت"
	if p.state == PaymentVerified {
		v.Message = "تراکنش با موفقیت انجام شد."
		v.Tracking = persianDigits(p.tracking)
	} else {
		v.Message = "پرداخت انجام نشد."
	}
	renderBank(w, http.StatusOK, v)
}

var logoColors = []string{"#c8102e", "#0b4ea2", "#0a7d3c", "#6b3fa0", "#d47500"}

// serveLogo draws a bank logo so the default bank list needs no outside host.
func (f *Frotel) serveLogo(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("file"), ".svg"))
	if err != nil || id < 0 || !strings.HasSuffix(r.PathValue("file"), ".svg") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">`+
		`<circle cx="32" cy="32" r="30" fill="%s"/>`+
		`<text x="32" y="41" font-size="26" text-anchor="middle" fill="#fff" font-family="sans-serif">%d</text></svg>`,
		logoColors[id%len(logoColors)], id)
}

// persianNumber prints n with Persian digits and ٬ between thousands.
func persianNumber(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('٬')
		}
		b.WriteRune('۰' + (c - '0'))
	}
	return b.String()
}

// persianDigits writes ASCII digits as Persian ones, as Iranian bank pages print them.
func persianDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '۰' + (r - '0')
		}
		return r
	}, s)
}
