package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// With JavaScript, shipping is quoted as soon as the city is chosen and the total follows the chosen option, all
// without a reload; the total shown before the order is the one the order page (Frotel's factor) then shows.
func TestCheckoutBillWithoutReload(t *testing.T) {
	s := startShop(t)
	for _, size := range []struct {
		name          string
		width, height int
	}{{"phone", 360, 780}, {"desktop", 1280, 900}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			addAndCheckout(t, ctx, s, "notebook-leather")
			screenshot(t, ctx, "checkout-empty-"+size.name)
			fillBuyer(t, ctx, false)
			do(t, ctx, "mark this page load", chromedp.Evaluate[chromedp.Void](`window.sameLoad = true`))
			do(t, ctx, "choose the province and the city",
				chromedp.Evaluate[chromedp.Void](`(function(){var p=document.getElementById("f-province");p.value="1";p.dispatchEvent(new Event("change", {bubbles: true}));})()`),
				chromedp.WaitReady(chromedp.CSS(`#f-city option[value="1"]`)),
				chromedp.SetValue(testid("field-postal_code"), "1434567891"),
				chromedp.SetValue(testid("field-address"), "تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲، واحد ۳"),
				chromedp.Evaluate[chromedp.Void](`(function(){var c=document.getElementById("f-city");c.value="1";c.dispatchEvent(new Event("change", {bubbles: true}));})()`),
				chromedp.WaitVisible(testid("quote-table")),
				chromedp.WaitVisible(testid("bill-pishtaz-online")))
			online := text(t, ctx, "bill-pishtaz-online")
			do(t, ctx, "pay on delivery", chromedp.Click(testid("pay-cod")), chromedp.WaitVisible(testid("bill-pishtaz-cod")))
			cod := text(t, ctx, "bill-pishtaz-cod")
			if online == cod {
				t.Errorf("the bill did not change with the payment way: %q", cod)
			}
			shown, err := chromedp.Run(ctx, chromedp.Text(`[data-testid="bill-pishtaz-cod"] [data-testid="bill-total"]`, chromedp.NodeVisible))
			if err != nil {
				t.Fatal(err)
			}
			if same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameLoad === true`)); err != nil || !same {
				t.Errorf("the page was reloaded to quote or re-price (%v)", err)
			}
			// A Frotel coupon: its discount in the bill before placing, and the total still Frotel's factor.
			do(t, ctx, "apply a coupon", chromedp.SetValue(testid("field-coupon"), "TAKHFIF10"),
				chromedp.Click(testid("apply-coupon")),
				chromedp.WaitVisible(`[data-testid="bill-pishtaz-cod"] [data-testid="bill-coupon"]`))
			shown, err = chromedp.Run(ctx, chromedp.Text(`[data-testid="bill-pishtaz-cod"] [data-testid="bill-total"]`, chromedp.NodeVisible))
			if err != nil {
				t.Fatal(err)
			}
			do(t, ctx, "show the bill", chromedp.ScrollIntoView(testid("place-order")))
			screenshot(t, ctx, "checkout-bill-"+size.name)
			do(t, ctx, "place the order", chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("order-state")))
			if got := text(t, ctx, "order-total"); got != shown {
				t.Errorf("order page total %q, shown before the order %q", got, shown)
			}
			screenshot(t, ctx, "order-cod-"+size.name)
		})
	}
}
