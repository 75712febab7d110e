// Package e2e drives the real `shop serve` binary in headless Chromium, as a shopper would.
package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBasketInBrowser opens the catalog, adds two products, and reads the basket total from the page.
func TestBasketInBrowser(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 390, 844) // a phone

	do(t, ctx, "open the catalog", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(testid("catalog")))
	screenshot(t, ctx, "catalog-phone")
	do(t, ctx, "mark this page load", chromedp.Evaluate[chromedp.Void](`window.sameLoad = true`))
	// Adding keeps the shopper on the catalog: a confirmation with a link to the basket, the header count updated.
	do(t, ctx, "add saffron", chromedp.Click(testid("add-saffron-1m")), chromedp.WaitVisible(testid("flash-cart")),
		chromedp.Poll[chromedp.Void](`document.querySelector('[data-testid="cart-count"]').textContent.trim() === "۱"`))
	screenshot(t, ctx, "catalog-added-phone")
	do(t, ctx, "the confirmation goes away", chromedp.WaitNotPresent(testid("flash")))
	do(t, ctx, "add the notebook", chromedp.Click(testid("add-notebook-leather")), chromedp.WaitVisible(testid("flash-cart")),
		chromedp.Poll[chromedp.Void](`document.querySelector('[data-testid="cart-count"]').textContent.trim() === "۲"`))
	if same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameLoad === true`)); err != nil || !same {
		t.Errorf("adding to the basket left the catalog (%v)", err)
	}
	do(t, ctx, "open the basket", chromedp.Click(testid("flash-cart")), chromedp.WaitVisible(testid("line-notebook-leather")))

	// 9,800,000 + 10% tax, and 4,200,000 - 15% + 10% tax = 10,780,000 + 3,927,000 rials = 1,470,700 toman.
	if got, want := text(t, ctx, "cart-total"), "۱٬۴۷۰٬۷۰۰ تومان"; got != want {
		t.Errorf("basket total = %q, want %q", got, want)
	}
	if got, want := text(t, ctx, "cart-count"), "۲"; got != want {
		t.Errorf("header count = %q, want %q", got, want)
	}
	dir, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.dir"))
	if err != nil || dir != "rtl" {
		t.Errorf("page direction = %q (%v), want rtl", dir, err)
	}
	screenshot(t, ctx, "basket-phone")
	do(t, ctx, "one more saffron", chromedp.Click(testid("plus-saffron-1m")),
		chromedp.WaitVisible(`[data-testid="count-saffron-1m"][value="۲"]`))
	if got, want := text(t, ctx, "cart-count"), "۳"; got != want {
		t.Errorf("header count after + = %q, want %q", got, want)
	}
}
