package e2e

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// countLoads counts the page loads of the tab's main frame from now on.
func countLoads(t *testing.T, ctx context.Context) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	if err := chromedp.Listen(ctx, func(ev any) {
		if nav, ok := ev.(*page.EventFrameNavigated); ok && nav.Frame.ParentID == "" {
			n.Add(1)
		}
	}); err != nil {
		t.Fatal(err)
	}
	return &n
}

// From the basket to a paid order: at most four page loads with JavaScript (checkout, order, bank, receipt); the
// same journey works without it, with a few more.
func TestBasketToPaidPageLoads(t *testing.T) {
	s := startShop(t)
	for _, tc := range []struct {
		name     string
		js       bool
		maxLoads int32
	}{{"with JavaScript", true, 4}, {"without JavaScript", false, 7}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := browser(t, 360, 780)
			do(t, ctx, "open the catalog", chromedp.Navigate(s.URL+"/p/saffron-1m"), chromedp.WaitVisible(testid("add-to-cart")))
			do(t, ctx, "add to the basket", chromedp.Click(testid("add-to-cart")), chromedp.WaitVisible(testid("flash-cart")))
			if !tc.js {
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatalf("switch JavaScript off: %v", err)
				}
			}
			do(t, ctx, "open the basket", chromedp.Navigate(s.URL+"/cart"), chromedp.WaitVisible(testid("to-checkout")))
			loads := countLoads(t, ctx)
			do(t, ctx, "go to checkout", chromedp.Click(testid("to-checkout")), chromedp.WaitVisible(testid("checkout-form")))
			do(t, ctx, "fill the buyer",
				chromedp.SendKeys(testid("field-first_name"), "سارا"),
				chromedp.SendKeys(testid("field-last_name"), "محمدی"),
				chromedp.SendKeys(testid("field-mobile"), "09121234567"),
				chromedp.SendKeys(testid("field-postal_code"), "1434567891"),
				chromedp.SendKeys(testid("field-address"), "تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲"),
				chromedp.SetValue(testid("field-province"), "1"))
			if tc.js {
				do(t, ctx, "the city list follows the province, the quote the city",
					chromedp.Evaluate[chromedp.Void](`document.getElementById("f-province").dispatchEvent(new Event("change", {bubbles: true}))`),
					chromedp.WaitReady(chromedp.CSS(`#f-city option[value="1"]`)),
					chromedp.Evaluate[chromedp.Void](`(function(){var c=document.getElementById("f-city");c.value="1";c.dispatchEvent(new Event("change", {bubbles: true}));})()`),
					chromedp.WaitVisible(testid("place-order")))
			} else {
				do(t, ctx, "list the province's cities", chromedp.Click(testid("show-cities")), chromedp.WaitReady(chromedp.CSS(`#f-city option[value="1"]`)))
				do(t, ctx, "quote shipping", chromedp.SetValue(testid("field-city"), "1"), chromedp.Click(testid("get-quote")), chromedp.WaitVisible(testid("place-order")))
			}
			do(t, ctx, "place the order", chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("pay-button")))
			if tc.js {
				do(t, ctx, "pay", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("bank-pay")))
			} else {
				do(t, ctx, "pay", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("go-to-bank")))
				do(t, ctx, "go to the bank", chromedp.Click(testid("go-to-bank")), chromedp.WaitVisible(testid("bank-pay")))
			}
			do(t, ctx, "pay at the bank", chromedp.Click(testid("bank-pay")), chromedp.WaitVisible(testid("order-state")))
			if got := orderState(t, ctx); got != "paid" {
				t.Fatalf("state %q, want paid", got)
			}
			n := loads.Load()
			t.Logf("basket to paid %s: %d page loads", tc.name, n)
			if n > tc.maxLoads {
				t.Errorf("%d page loads from the basket to paid, want at most %d", n, tc.maxLoads)
			}
		})
	}
}
