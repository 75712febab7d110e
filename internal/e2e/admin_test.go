package e2e

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"shop/internal/iran"
)

// demoOwner reads the demo owner's e-mail and password from what `shop serve` printed on a new sandbox database.
func demoOwner(t *testing.T, s *shop) (email, password string) {
	t.Helper()
	m := regexp.MustCompile(`demo admin created .*email (\S+) password (\S+)`).FindStringSubmatch(s.Output())
	if m == nil {
		t.Fatalf("serve did not print the demo owner:\n%s", s.Output())
	}
	return m[1], m[2]
}

// TestAdminFindsRefreshesAndPrintsAnOrder is the dashboard's journey: a shopper places a cash-on-delivery order;
// the demo owner signs in, finds the order by its factor, refreshes its tracking from Frotel and prints the
// packing slip. Screenshots of the overview and the order page at 1280 and 360 pixels go to artifacts/e2e.
func TestAdminFindsRefreshesAndPrintsAnOrder(t *testing.T) {
	s := startShop(t)
	email, password := demoOwner(t, s)
	ctx := browser(t, 1280, 900)

	addAndCheckout(t, ctx, s, "lahijan-tea-500")
	fillBuyer(t, ctx, true)
	quoteAndPlace(t, ctx, "sefareshi", "cod")
	// The receipt shows the factor in Persian digits, grouped for reading; staff paste it into the search as shown.
	shown := iran.NormalizeDigits(text(t, ctx, "factor-id"))
	factor := strings.ReplaceAll(shown, "-", "")
	if factor == "" {
		t.Fatal("no factor number on the receipt")
	}

	do(t, ctx, "open the dashboard", chromedp.Navigate(s.URL+"/admin"), chromedp.WaitVisible(testid("login-form")))
	do(t, ctx, "sign in",
		chromedp.SendKeys(testid("login-email"), email),
		chromedp.SendKeys(testid("login-password"), password),
		chromedp.Click(testid("login-submit")),
		chromedp.WaitVisible(testid("overview-stats")))
	if n := text(t, ctx, "today-orders"); n != "۱" {
		t.Errorf("today's orders %q, want ۱", n)
	}
	screenshot(t, ctx, "admin-overview-1280")

	do(t, ctx, "search the orders by factor",
		chromedp.Click(testid("nav-orders")),
		chromedp.WaitVisible(testid("order-filters")),
		chromedp.SendKeys(testid("filter-q"), shown),
		chromedp.Click(testid("filter-submit")),
		chromedp.WaitVisible(testid("order-row")))
	if rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="order-row"]').length`)); err != nil || rows != 1 {
		t.Fatalf("search by factor: %d rows, %v", rows, err)
	}
	screenshot(t, ctx, "admin-orders-1280")
	do(t, ctx, "open the order", chromedp.Click(testid("order-link")), chromedp.WaitVisible(testid("order-reference")))
	if got := strings.ReplaceAll(iran.NormalizeDigits(text(t, ctx, "factor")), "-", ""); got != factor {
		t.Errorf("order page factor %q, want %q", got, factor)
	}
	do(t, ctx, "refresh from Frotel", chromedp.Click(testid("refresh-tracking")), chromedp.WaitVisible(testid("admin-notice")))
	if got := text(t, ctx, "tracking-status"); got != "در حال آماده سازی" {
		t.Errorf("tracking status %q, want Frotel's label for a COD order being prepared", got)
	}
	screenshot(t, ctx, "admin-order-1280")
	orderURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}

	do(t, ctx, "open the packing slip", chromedp.Click(testid("slip-link")), chromedp.WaitVisible(testid("packing-slip")))
	if addr := text(t, ctx, "slip-address"); !strings.Contains(addr, "سارا محمدی") || !strings.Contains(addr, "۱۴۳۴۵۶۷۸۹۱") {
		t.Errorf("slip address %q", addr)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("print the slip: %v (%d bytes)", err, len(pdf))
	}
	screenshot(t, ctx, "admin-slip-1280")

	// The same pages on a phone, none of them scrolling sideways.
	do(t, ctx, "narrow the window", chromedp.EmulateViewport(360, 780))
	do(t, ctx, "back to the order", chromedp.Navigate(orderURL), chromedp.WaitVisible(testid("order-reference")))
	noSidewaysScroll(t, ctx, "the order page")
	screenshot(t, ctx, "admin-order-360")
	do(t, ctx, "the overview on a phone", chromedp.Click(testid("nav-overview")), chromedp.WaitVisible(testid("overview-stats")))
	noSidewaysScroll(t, ctx, "the overview")
	screenshot(t, ctx, "admin-overview-360")
	do(t, ctx, "the orders on a phone", chromedp.Click(testid("nav-orders")), chromedp.WaitVisible(testid("order-row")))
	noSidewaysScroll(t, ctx, "the orders list")
	screenshot(t, ctx, "admin-orders-360")

	do(t, ctx, "sign out", chromedp.Click(testid("admin-logout")), chromedp.WaitVisible(testid("login-form")))
}

// noSidewaysScroll fails when the page is wider than the window (a phone would scroll it sideways).
func noSidewaysScroll(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil || wide {
		t.Errorf("%s scrolls sideways on a phone (%v)", page, err)
	}
}
