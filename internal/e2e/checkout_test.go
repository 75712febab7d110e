package e2e

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// fill sets form fields by data-testid (field-NAME) and picks the province, letting the page's script load the
// province's cities before the city is chosen.
func fillBuyer(t *testing.T, ctx context.Context, address bool) {
	t.Helper()
	values := map[string]string{"first_name": "سارا", "last_name": "محمدی", "mobile": "۰۹۱۲۱۲۳۴۵۶۷", "note": "سپاس"}
	if address {
		values["postal_code"] = "1434567891"
		values["address"] = "تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲، واحد ۳"
	}
	var steps []chromedp.Action[chromedp.Void]
	for k, v := range values {
		steps = append(steps, chromedp.SetValue(testid("field-"+k), v))
	}
	steps = append(steps, chromedp.SetValue(testid("field-gender"), "female"))
	do(t, ctx, "fill the buyer", steps...)
	if address {
		do(t, ctx, "choose the province",
			chromedp.Evaluate[chromedp.Void](`(function(){var p=document.getElementById("f-province");p.value="1";p.dispatchEvent(new Event("change"));})()`),
			chromedp.WaitReady(chromedp.CSS(`#f-city option[value="1"]`)),
			// Choosing the city quotes shipping in place (shop.js).
			chromedp.Evaluate[chromedp.Void](`(function(){var c=document.getElementById("f-city");c.value="1";c.dispatchEvent(new Event("change", {bubbles: true}));})()`),
			chromedp.WaitVisible(testid("quote-table")))
	}
}

func addAndCheckout(t *testing.T, ctx context.Context, s *shop, code string) {
	t.Helper()
	do(t, ctx, "open the catalog", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(testid("catalog")))
	do(t, ctx, "add "+code, chromedp.Click(testid("add-"+code)), chromedp.WaitVisible(testid("flash-cart")))
	do(t, ctx, "open the basket", chromedp.Click(testid("flash-cart")), chromedp.WaitVisible(testid("line-"+code)))
	do(t, ctx, "go to checkout", chromedp.Click(testid("to-checkout")), chromedp.WaitVisible(testid("checkout-form")))
}

func orderState(t *testing.T, ctx context.Context) string {
	t.Helper()
	r, err := chromedp.Run(ctx, chromedp.AttributeValue(testid("order-state"), "data-state"))
	if err != nil {
		t.Fatalf("read order state: %v", err)
	}
	return r.Value
}

// quoteAndPlace picks the send method and payment way from the shipping quote shown once the city was chosen,
// and places the order.
func quoteAndPlace(t *testing.T, ctx context.Context, send, buy string) {
	t.Helper()
	do(t, ctx, "see the shipping quote", chromedp.WaitVisible(testid("quote-table")))
	screenshot(t, ctx, "checkout-quote-"+send+"-"+buy)
	do(t, ctx, "choose shipping and payment", chromedp.Click(testid("send-"+send)), chromedp.Click(testid("pay-"+buy)))
	do(t, ctx, "place the order", chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("order-state")))
}

// payAtBank picks the first bank, follows the redirect form to the sandbox bank and presses pay or cancel.
func payAtBank(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	do(t, ctx, "go to the bank", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("bank-pay")))
	screenshot(t, ctx, "bank-page-"+strings.ToLower(t.Name()))
	do(t, ctx, "press "+button+" at the bank", chromedp.Click(testid(button)), chromedp.WaitVisible(testid("order-state")))
}

func TestPhysicalOrderPaidOnline(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 390, 844)
	addAndCheckout(t, ctx, s, "saffron-1m")
	fillBuyer(t, ctx, true)
	quoteAndPlace(t, ctx, "pishtaz", "online")
	if got := orderState(t, ctx); got != "awaiting_payment" {
		t.Fatalf("after placing: state %q", got)
	}
	screenshot(t, ctx, "physical-awaiting-payment")
	payAtBank(t, ctx, "bank-pay")
	if got := orderState(t, ctx); got != "paid" {
		t.Fatalf("after paying: state %q", got)
	}
	if code := text(t, ctx, "tracking-code"); code == "" {
		t.Error("no tracking code on the receipt")
	}
	screenshot(t, ctx, "physical-paid")
}

func TestVirtualOrderDownloadLink(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 1280, 900)
	addAndCheckout(t, ctx, s, "ebook-cooking")
	fillBuyer(t, ctx, false)
	do(t, ctx, "place the order", chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("order-state")))
	payAtBank(t, ctx, "bank-pay")
	if got := orderState(t, ctx); got != "paid" {
		t.Fatalf("state %q", got)
	}
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(testid("download-link"), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("no download link: %v", err)
	}
	resp, err := http.Get(href.Value)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(body) == 0 {
		t.Fatalf("download %s: status %d, %d bytes", href.Value, resp.StatusCode, len(body))
	}
	screenshot(t, ctx, "virtual-paid-downloads")
}

func TestCashOnDeliveryOrder(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 390, 844)
	addAndCheckout(t, ctx, s, "lahijan-tea-500")
	fillBuyer(t, ctx, true)
	quoteAndPlace(t, ctx, "sefareshi", "cod")
	if got := orderState(t, ctx); got != "registered" {
		t.Fatalf("state %q", got)
	}
	if !strings.Contains(text(t, ctx, "cod-registered"), "هنگام تحویل") {
		t.Error("the COD receipt should say the order is paid on delivery")
	}
	if text(t, ctx, "factor-id") == "" {
		t.Error("no factor number")
	}
	screenshot(t, ctx, "cod-registered")
}

func TestCancelledPaymentThenRetry(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 390, 844)
	addAndCheckout(t, ctx, s, "notebook-leather")
	fillBuyer(t, ctx, true)
	quoteAndPlace(t, ctx, "pishtaz", "online")
	payAtBank(t, ctx, "bank-cancel")
	// Not confirmed: the order stays payable, and paying again asks Frotel first.
	if got := orderState(t, ctx); got != "awaiting_payment" {
		t.Fatalf("after cancelling: state %q", got)
	}
	do(t, ctx, "see the unconfirmed payment", chromedp.WaitVisible(testid("payment-unconfirmed")))
	screenshot(t, ctx, "payment-unconfirmed")
	// Paying again is one step: the bank chosen on the order page, straight on to the bank (issue 23).
	do(t, ctx, "pay again", chromedp.Click(testid("retry-button")), chromedp.WaitVisible(testid("bank-pay")))
	do(t, ctx, "pay at the bank", chromedp.Click(testid("bank-pay")), chromedp.WaitVisible(testid("order-state")))
	if got := orderState(t, ctx); got != "paid" {
		t.Fatalf("after the retry: state %q", got)
	}
	screenshot(t, ctx, "retry-paid")
}
