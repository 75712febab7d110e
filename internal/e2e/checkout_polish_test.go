package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCheckoutKeepsDetailsFollowsTheProvinceAndShowsProgress walks the checkout on a phone as issue 23 found it:
// details typed and not yet sent survive a visit to the basket; changing the province clears the old city's prices
// and the place button until the new city is quoted; placing says it is under way and cannot be pressed twice.
func TestCheckoutKeepsDetailsFollowsTheProvinceAndShowsProgress(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 360, 800)
	addAndCheckout(t, ctx, s, "saffron-1m")

	do(t, ctx, "type a name, as a person types",
		chromedp.Click(testid("field-first_name")), chromedp.SendKeys(testid("field-first_name"), "سارا"))
	do(t, ctx, "go back to the basket and return",
		chromedp.Navigate(s.URL+"/cart"), chromedp.WaitVisible(testid("to-checkout")),
		chromedp.Click(testid("to-checkout")), chromedp.WaitVisible(testid("checkout-form")))
	name, err := chromedp.Run(ctx, chromedp.Value(testid("field-first_name")))
	if err != nil || name != "سارا" {
		t.Fatalf("the name typed before the basket: %q (%v)", name, err)
	}

	fillBuyer(t, ctx, true) // Tehran, quoted
	do(t, ctx, "the place button is there for Tehran", chromedp.WaitVisible(testid("place-order")))
	do(t, ctx, "switch to Gilan",
		chromedp.Evaluate[chromedp.Void](`(function(){var p=document.getElementById("f-province");p.value="2";p.dispatchEvent(new Event("change"));})()`),
		chromedp.WaitNotPresent(testid("quote-table")), chromedp.WaitNotPresent(testid("place-order")))
	screenshot(t, ctx, "checkout-province-changed-360")
	do(t, ctx, "choose Astara",
		chromedp.WaitReady(chromedp.CSS(`#f-city option[value="4391"]`)),
		chromedp.Evaluate[chromedp.Void](`(function(){var c=document.getElementById("f-city");c.value="4391";c.dispatchEvent(new Event("change", {bubbles: true}));})()`),
		chromedp.WaitVisible(testid("quote-table")), chromedp.WaitVisible(testid("place-order")))

	// Hold the submission after the shop's own handler has run, to read what the shopper sees while it is sent.
	do(t, ctx, "press place (held)",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("checkout-form").addEventListener("submit", function (e) {
			if (!e.defaultPrevented) { window.held = (window.held || 0) + 1; }
			e.preventDefault();
		})`),
		chromedp.Click(testid("send-pishtaz")), chromedp.Click(testid("pay-online")),
		chromedp.Click(testid("place-order")),
		chromedp.WaitReady(chromedp.CSS(`[data-testid="place-order"][disabled]`)))
	screenshot(t, ctx, "checkout-placing-360")
	do(t, ctx, "press again",
		chromedp.Evaluate[chromedp.Void](`(function(){var b=document.querySelector('[data-testid=place-order]');
			try { document.getElementById('checkout-form').requestSubmit(b); } catch (e) {} })()`))
	label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=place-order]').textContent`))
	if err != nil {
		t.Fatal(err)
	}
	held, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.held || 0`))
	if err != nil {
		t.Fatal(err)
	}
	if label != "در حال ثبت سفارش…" || held != 1 {
		t.Errorf("while placing: button says %q, %d submissions; want «در حال ثبت سفارش…» and one", label, held)
	}
}

// TestOrderPagesFitAPhone walks an order through every state a shopper sees at 360 px (issue 23: the twenty-digit
// factor pushed the order page to 370 px): placed and unpaid, paid,
// cash on delivery, a paid file with its links, and the tracking page's answer.
func TestOrderPagesFitAPhone(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 360, 800)
	addAndCheckout(t, ctx, s, "notebook-leather")
	fillBuyer(t, ctx, true)
	quoteAndPlace(t, ctx, "pishtaz", "online")
	noSidewaysScroll(t, ctx, "the unpaid order page")
	screenshot(t, ctx, "order-unpaid-360")
	payAtBank(t, ctx, "bank-cancel")
	noSidewaysScroll(t, ctx, "the order page after a cancelled payment")
	// Paying again is one step: the bank chosen on the order page, straight on to the bank (issue 23).
	do(t, ctx, "pay again", chromedp.Click(testid("retry-button")), chromedp.WaitVisible(testid("bank-pay")))
	do(t, ctx, "pay at the bank", chromedp.Click(testid("bank-pay")), chromedp.WaitVisible(testid("order-state")))
	noSidewaysScroll(t, ctx, "the paid order page")
	screenshot(t, ctx, "order-paid-360")
	factor := text(t, ctx, "factor-id")

	addAndCheckout(t, ctx, s, "lahijan-tea-500")
	fillBuyer(t, ctx, true)
	quoteAndPlace(t, ctx, "sefareshi", "cod")
	noSidewaysScroll(t, ctx, "the cash-on-delivery receipt")

	addAndCheckout(t, ctx, s, "ebook-cooking")
	fillBuyer(t, ctx, false)
	do(t, ctx, "place the file order", chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("order-state")))
	payAtBank(t, ctx, "bank-pay")
	do(t, ctx, "see the links", chromedp.WaitVisible(testid("download-link")))
	noSidewaysScroll(t, ctx, "the paid file order with its links")
	screenshot(t, ctx, "order-downloads-360")

	do(t, ctx, "track the first order", chromedp.Navigate(s.URL+"/track"), chromedp.WaitVisible(testid("track-factor")),
		chromedp.SetValue(testid("track-factor"), factor), chromedp.SetValue(testid("track-mobile"), "09121234567"),
		chromedp.Click(testid("track-button")), chromedp.WaitVisible(testid("track-factor-id")))
	noSidewaysScroll(t, ctx, "the tracking answer")
}

// TestAMistakeTakesTheCursorToIt: a form shown again with mistakes puts the cursor in the first wrong field, and
// the name field stops at the 40 letters the shop takes.
func TestAMistakeTakesTheCursorToIt(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 360, 800)
	addAndCheckout(t, ctx, s, "ebook-cooking")
	do(t, ctx, "place without a name", chromedp.SetValue(testid("field-mobile"), "09121234567"),
		chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("error-first_name")))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
	if err != nil || focused != "f-first_name" {
		t.Errorf("the cursor is in %q after the mistake, want the name field (%v)", focused, err)
	}
	max, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.getElementById("f-first_name").maxLength`))
	if err != nil || max != 40 {
		t.Errorf("the name field takes %d letters, want 40 (%v)", max, err)
	}
	screenshot(t, ctx, "checkout-mistake-360")

	do(t, ctx, "track with nothing typed", chromedp.Navigate(s.URL+"/track"), chromedp.WaitVisible(testid("track-button")),
		chromedp.Click(testid("track-button")), chromedp.WaitVisible(testid("error-factor")))
	focused, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
	if err != nil || focused != "t-factor" {
		t.Errorf("the cursor is in %q after an empty look-up, want the factor field (%v)", focused, err)
	}
	if u, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`)); err != nil || u != "" {
		t.Errorf("the look-up put %q in the URL", u)
	}
	screenshot(t, ctx, "track-empty-360")
}
