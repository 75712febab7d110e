package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Payment attempt states.
const (
	PaymentPending   = "pending"   // form handed out, shopper not back from the bank yet
	PaymentPaid      = "paid"      // shopper paid on the bank page; not yet verified by checkPay
	PaymentCancelled = "cancelled" // shopper pressed انصراف
	PaymentVerified  = "verified"  // checkPay confirmed it: the order is paid
	PaymentFailed    = "failed"    // checkPay came before the shopper finished at the bank
	PaymentRefunded  = "refunded"  // paid but not verified in time, or the order was already paid
)

type payment struct {
	id       int64
	ref      string // the callback's sb
	token    string // the bank page's own key
	factor   string
	bank     Bank
	amount   int64
	callback string
	state    string
	created  time.Time
	decided  time.Time // when the shopper paid or cancelled
	tracking string    // 12-digit code once verified
}

func (f *Frotel) pay(c *apiCall) (any, *apiError) {
	return f.startPayment(c, func(p *payment) string { return f.bankPage(c.base, p, false) })
}

func (f *Frotel) continuePay(c *apiCall) (any, *apiError) {
	return f.startPayment(c, func(p *payment) string { return f.bankPage(c.base, p, true) })
}

// bankPage is the HTML pay (or continuePay) hands out: BankPage's shape, else the live shapes' documents, else
// the compact form.
func (f *Frotel) bankPage(base string, p *payment, continuing bool) string {
	switch {
	case f.opts.BankPage != "":
		return BankPageOf(f.opts.BankPage, base, p.token, p.ref, p.amount)
	case f.opts.LiveShapes && continuing:
		return liveContinuePage(p)
	case f.opts.LiveShapes:
		return liveBankPage(base, p)
	}
	return paymentForm(base, p)
}

// startPayment serves pay and continuePay alike: both hand out a fresh
// attempt for what remains to be paid.
func (f *Frotel) startPayment(c *apiCall, page func(*payment) string) (any, *apiError) {
	fs := c.form.fields()
	factor := fs.text("factor", true)
	// The spec says bank; the one official client of continuePay sends bankId. Real Frotel evidently reads one of
	// them, so the fake takes either.
	bankField := "bank"
	if c.form.str("bank") == "" && c.form.str("bankId") != "" {
		bankField = "bankId"
	}
	bankID := fs.integer(bankField, true, 0)
	callback := fs.text("callback", true)
	if fs.err != nil {
		return nil, fs.err
	}
	o, aerr := f.lookup(factor)
	if aerr != nil {
		return nil, aerr
	}
	if !o.payable() {
		return nil, fail(CodeNotPayable, "این سفارش قابل پرداخت آنلاین نیست")
	}
	bank, ok := f.bank(c.base, int(bankID))
	if !ok {
		return nil, fail(CodeBankUnavailable, "درگاه بانکی انتخاب‌شده در دسترس نیست")
	}
	if !f.callbackAllowed(callback) {
		return nil, fail(CodeInvalidValue, "آدرس بازگشت نامعتبر است")
	}
	p := f.newPayment(o, bank, callback)
	return page(p), nil
}

// callbackAllowed checks a callback before any bank page can redirect to it: absolute http(s), and with ShopURL
// set, on the shop's own origin under /payment/callback/ and without user info (no open redirect).
func (f *Frotel) callbackAllowed(callback string) bool {
	u, err := url.Parse(callback)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	if f.opts.ShopURL == "" {
		return true
	}
	shop, err := url.Parse(f.opts.ShopURL)
	if err != nil {
		return false
	}
	return u.User == nil && u.Scheme == shop.Scheme && strings.EqualFold(u.Host, shop.Host) &&
		strings.HasPrefix(u.EscapedPath(), strings.TrimSuffix(shop.EscapedPath(), "/")+"/payment/callback/")
}

func (f *Frotel) newPayment(o *order, bank Bank, callback string) *payment {
	p := &payment{
		id:       f.nextPayID,
		ref:      strings.ToUpper(randomHex(8)),
		token:    randomHex(16),
		factor:   o.factor,
		bank:     bank,
		amount:   o.total - o.paid,
		callback: callback,
		state:    PaymentPending,
		created:  f.opts.Now(),
	}
	f.nextPayID++
	f.payments[p.id] = p
	f.byToken[p.token] = p
	return p
}

// paymentForm is the HTML Frotel returns from pay: a form to the bank with
// hidden fields and, like real gateways' snippets, an auto-submit script the
// shop is expected to strip.
func paymentForm(base string, p *payment) string {
	e := html.EscapeString
	return fmt.Sprintf(`<form id="frotel_pay_form" name="frotel_pay_form" action="%s" method="post">`+
		`<input type="hidden" name="token" value="%s">`+
		`<input type="hidden" name="RefId" value="%s">`+
		`<input type="submit" value="%s">`+
		`</form>`+
		`<script type="text/javascript">document.getElementById("frotel_pay_form").submit();</script>`,
		e(base+"/bank/gateway"), e(p.token), e(p.ref), e("انتقال به درگاه "+p.bank.Name))
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// checkPay verifies one attempt. Decisions where the spec is silent:
//   - an unknown paymentId, or one that belongs to another factor, is an error
//     (CodePaymentNotFound): nothing about that payment can be said;
//   - a wrong ref for a known attempt answers verify 0 and leaves the attempt
//     alone, so a forged callback cannot spoil the real one;
//   - an attempt still pending (the shopper never finished at the bank) fails
//     for good, as the real gateway does when asked too early;
//   - a paid attempt verified later than VerifyWindow was refunded.
//
// Asking again with the same values gives the same answer.
func (f *Frotel) checkPay(c *apiCall) (any, *apiError) {
	fs := c.form.fields()
	id := fs.integer("paymentId", true, 0)
	ref := fs.text("ref", true)
	factor := fs.text("factor", true)
	if fs.err != nil {
		return nil, fs.err
	}
	pair := strconv.FormatInt(id, 10) + "|" + ref
	f.checks[pair]++
	if f.opts.LiveShapes && f.checks[pair] == 1 {
		return nil, fail(CodeBankTimeout, "پاسخی از بانک دریافت نشد؛ لطفاً دوباره استعلام کنید")
	}
	p := f.payments[id]
	if p == nil || p.factor != strings.ReplaceAll(factor, "-", "") {
		return nil, fail(CodePaymentNotFound, "پرداختی با این شناسه برای این سفارش یافت نشد")
	}
	o := f.orders[p.factor]
	res := map[string]any{"id": strconv.FormatInt(p.id, 10), "verify": 0, "code": ""}
	if ref != p.ref {
		res["message"] = "کد ارجاع با پرداخت همخوانی ندارد"
		return res, nil
	}
	f.settle(p, o)
	switch p.state {
	case PaymentVerified:
		res["verify"] = 1
		res["message"] = "تراکنش با موفقیت انجام شد"
		res["code"] = p.tracking
		if o.kind == "virtual" {
			res["links"] = f.links(c.base, o)
		}
	case PaymentCancelled:
		res["message"] = "تراکنش توسط خریدار لغو شد"
	case PaymentRefunded:
		res["message"] = "تراکنش تأیید نشد و مبلغ به حساب خریدار برگشت داده شد"
	default:
		res["message"] = "پرداخت انجام نشده است"
	}
	return res, nil
}

// settle moves an attempt to its final state; it is what checkPay (and the
// sandbox's own continue page) does before answering.
func (f *Frotel) settle(p *payment, o *order) {
	now := f.opts.Now()
	switch p.state {
	case PaymentPending:
		p.state = PaymentFailed
		p.decided = now
	case PaymentPaid:
		switch {
		case now.Sub(p.decided) > f.opts.VerifyWindow, o.paid+p.amount > o.total:
			p.state = PaymentRefunded
		default:
			p.state = PaymentVerified
			p.tracking = "1" + randomDigits(11)
			o.paid += p.amount
			if o.status == StatusPending {
				o.status = StatusPreparing
			}
			o.changed = now
		}
	}
}

// links is checkPay's links object for a verified virtual order. Files are
// created once and then listed again on every repeat.
func (f *Frotel) links(base string, o *order) map[string]any {
	if f.opts.LinksError || o.linksError {
		return map[string]any{"error": 1, "message": "خطا در ایجاد لینک دانلود؛ با فروشنده تماس بگیرید"}
	}
	if o.files == nil {
		for _, it := range o.items {
			o.files = append(o.files, f.newDownload(o, it))
		}
	}
	count := "بدون محدودیت"
	if f.opts.DownloadLimit > 0 {
		count = strconv.Itoa(f.opts.DownloadLimit)
	}
	msg := make([]map[string]any, len(o.files))
	for i, d := range o.files {
		msg[i] = map[string]any{
			"name":   d.name,
			"size":   humanSize(len(d.content)),
			"mime":   d.ext,
			"count":  count,
			"expire": jalaliSecond(d.expire),
			"link":   base + "/files/" + d.token + "/" + url.PathEscape(d.name),
		}
	}
	return map[string]any{"error": 0, "message": msg}
}

// decide records the shopper's choice on the bank page and returns where to
// send them: the callback with _i and sb added to its own query.
func (f *Frotel) decide(p *payment, paid bool) string {
	if paid {
		p.state = PaymentPaid
	} else {
		p.state = PaymentCancelled
	}
	p.decided = f.opts.Now()
	u, err := url.Parse(p.callback)
	if err != nil { // checked when the attempt was made
		return p.callback
	}
	q := u.Query()
	q.Set("_i", strconv.FormatInt(p.id, 10))
	q.Set("sb", p.ref)
	u.RawQuery = q.Encode()
	return u.String()
}
