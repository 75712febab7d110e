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
	do(t, ctx, "add saffron", chromedp.Click(testid("add-saffron-1m")), chromedp.WaitVisible(testid("cart-lines")))
	do(t, ctx, "back to the catalog", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(testid("catalog")))
	do(t, ctx, "add the notebook", chromedp.Click(testid("add-notebook-leather")), chromedp.WaitVisible(testid("line-notebook-leather")))

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
}
