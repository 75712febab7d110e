package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
)

// Live shapes: with FrotelOptions.LiveShapes the fake answers the way a live PHP service and Iranian banks
// plausibly do, not the way the shop's own client expects:
//   - every number is a string ("code": "0", "total": "12450000"), as PHP arrays of database strings encode;
//   - an empty message is [] and a non-empty one a list of one string; error answers carry "result": false;
//   - an empty bank list is false, and results carry fields nobody asked for;
//   - pay and continuePay hand out whole bank documents (onload and script auto-submit, a visible text input,
//     styles), continuePay with an action relative to the mirror's URL;
//   - the first checkPay of every (payment id, ref) answers an error code, as when the bank did not answer Frotel
//     in time; asked again, it answers for real.

// liveEnvelope rewrites an answer into the live shapes.
func liveEnvelope(env envelope) ([]byte, error) {
	body, err := json.Marshal(env.Result)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var result any
	if err := dec.Decode(&result); err != nil {
		return nil, err
	}
	result = liveValue(result, "")
	if env.Code != CodeOK {
		result = false
	}
	if m, ok := result.(map[string]any); ok {
		m["ws_version"] = "1.4.2" // a field nobody asked for
	}
	msg := []string{}
	if env.Message != "" {
		msg = append(msg, env.Message)
	}
	return json.Marshal(map[string]any{"code": fmt.Sprint(env.Code), "message": msg, "result": result, "status": env.Code == CodeOK})
}

func liveValue(v any, key string) any {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case map[string]any:
		for k, e := range x {
			x[k] = liveValue(e, k)
		}
		return x
	case []any:
		if len(x) == 0 && key == "banks" {
			return false
		}
		for i, e := range x {
			x[i] = liveValue(e, "")
		}
		return x
	case string:
		if key == "message" && x != "" {
			return []string{x}
		}
	}
	return v
}

// liveBankPage is pay's answer in live shapes: a Saman-like whole document. The visible GetMethod input is what
// Saman's own page carries; the gateway ignores it.
func liveBankPage(base string, p *payment) string {
	e := html.EscapeString
	return fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title>`+
		`<style>body{font-family:tahoma;text-align:center}</style>`+
		`<script type="text/javascript">function go(){document.getElementById("samanpeyment").submit();}</script></head>`+
		`<body onload="go()"><p>در حال انتقال به درگاه…</p>`+
		`<form id="samanpeyment" action="%s" method="post">`+
		`<input type="hidden" name="token" value="%s"/><input type="hidden" name="RefId" value="%s"/>`+
		`<input name="GetMethod" type="text" value="">`+
		`<input type="submit" value="پرداخت" style="display:none"></form></body></html>`,
		e("انتقال به "+p.bank.Name), e(base+"/bank/gateway"), e(p.token), e(p.ref))
}

// liveContinuePage is continuePay's answer in live shapes: a form whose action is relative to the mirror URL
// (…/frotel/N/ws/v1/rest/payment/continuePay.json), six levels below where the bank lives.
func liveContinuePage(p *payment) string {
	e := html.EscapeString
	return fmt.Sprintf(`<div dir="rtl"><form name="frm" method="post" action="../../../../../../bank/gateway">`+
		`<table><tr><td>مبلغ</td><td><input type="text" readonly name="amount" value="%d"></td></tr></table>`+
		`<input type="hidden" name="token" value="%s"><input type="hidden" name="RefId" value="%s">`+
		`<button type="submit">ادامه پرداخت</button></form><script>document.frm.submit()</script></div>`,
		p.amount, e(p.token), e(p.ref))
}

// LiveShapesEnv switches sandboxes to live shapes: the setting of `shop sandbox -live-shapes` and `shop serve`
// with the built-in sandbox, and what test helpers read so that one suite runs in both modes
// (`SHOP_LIVE_SHAPES=1 go test ./internal/checkout/...`; make test runs it so).
const LiveShapesEnv = "SHOP_LIVE_SHAPES"

// TestLiveShapes reports whether tests should build their sandboxes with LiveShapes (see LiveShapesEnv).
func TestLiveShapes() bool {
	v := os.Getenv(LiveShapesEnv)
	return v == "1" || v == "true"
}

// BankPages are the shapes of bank page the sandbox can hand out (FrotelOptions.BankPage,
// SHOP_SANDBOX_BANK_PAGE): what Iranian gateways send through Frotel, and the spec's own example.
var BankPages = []string{"compact", "mellat", "saman", "parsian", "two-forms", "spec", "script"}

// BankPageOf is one bank page shape for a payment at the sandbox bank (token, ref, amount). Every shape with a
// form can be paid through the shop's re-emitted form; "spec" (the spec's example, a form without an action) and
// "script" (a script redirect with a link) have none, and the shop shows them framed.
func BankPageOf(shape, base, token, ref string, amount int64) string {
	e := html.EscapeString
	gateway := e(base + "/bank/gateway")
	switch shape {
	case "mellat":
		return `<html><head><meta charset="utf-8"><title>انتقال به بانک ملت</title></head>` +
			`<body onload="document.forms['mellat'].submit()"><p>در حال انتقال…</p>` +
			`<form name="mellat" action="` + gateway + `" method="POST">` +
			`<input type="hidden" name="RefId" value="` + e(ref) + `"><input type="hidden" name="token" value="` + e(token) + `">` +
			`<input type="hidden" name="MobileNo" value="989121234567"><input type="submit" value="پرداخت"></form></body></html>`
	case "saman":
		return liveBankPage(base, &payment{token: token, ref: ref, bank: Bank{Name: "بانک سامان"}})
	case "parsian":
		return liveContinuePage(&payment{token: token, ref: ref, amount: amount})
	case "two-forms":
		return `<form action="` + gateway + `" method="post"><input type="hidden" name="token" value="` + e(token) + `">` +
			`<input type="hidden" name="RefId" value="` + e(ref) + `"></form>` +
			`<form action="https://example.invalid/other"><input type="hidden" name="x" value="1"></form>`
	case "spec":
		return `<form><!--   --></form>`
	case "script":
		link := e(base + "/bank/gateway?token=" + token)
		// A script redirect and one big link, as some gateways' "click here if nothing happens" pages are.
		return `<html><body style="margin:0"><script>window.location.href="` + link + `"</script>` +
			`<a href="` + link + `" style="display:flex;align-items:center;justify-content:center;height:100vh;` +
			`font:18px tahoma;color:#0b4ea2">اگر منتقل نشدید، اینجا را بزنید: ورود به درگاه پرداخت</a></body></html>`
	}
	return paymentForm(base, &payment{token: token, ref: ref, bank: Bank{Name: "بانک"}})
}
