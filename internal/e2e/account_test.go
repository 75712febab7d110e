package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// sentCode reads the newest one-time code the shop sent to mobile. The test hook: with no SMS provider the shop
// keeps its codes in memory (account.DevSender) and, with the sandbox mounted, lists them at /sandbox/codes
// (?mobile= gives one mobile's newest). When the SMS sandbox page lists every message, read the code there.
func sentCode(t *testing.T, s *shop, mobile string) string {
	t.Helper()
	resp, err := http.Get(s.URL + "/sandbox/codes?mobile=" + mobile)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	code := strings.TrimSpace(string(b))
	if resp.StatusCode != http.StatusOK || len(code) != 5 {
		t.Fatalf("no code for %s: status %d %q", mobile, resp.StatusCode, b)
	}
	return code
}

// A shopper orders, then from another browser signs in by mobile with the code sent to it and finds the order
// under "my orders", linking to its page.
func TestSignInByCodeFindsMyOrders(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 390, 844)
	addAndCheckout(t, ctx, s, "saffron-1m")
	fillBuyer(t, ctx, true)
	quoteAndPlace(t, ctx, "pishtaz", "cod")
	if got := orderState(t, ctx); got != "registered" {
		t.Fatalf("after placing: state %q", got)
	}
	orderURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}

	other := browser(t, 360, 740)
	do(t, other, "open my orders from the header", chromedp.Navigate(s.URL+"/"), chromedp.Click(testid("account-link")),
		chromedp.WaitVisible(testid("account-mobile-form")))
	do(t, other, "ask for a code", chromedp.SetValue(testid("account-mobile"), "۰۹۱۲ ۱۲۳ ۴۵۶۷"),
		chromedp.Click(testid("account-send")), chromedp.WaitVisible(testid("account-code-form")))
	code := sentCode(t, s, "09121234567")
	do(t, other, "type the code", chromedp.SetValue(testid("account-code"), code), chromedp.Click(testid("account-verify")),
		chromedp.WaitVisible(testid("account-orders")))
	screenshot(t, other, "account-orders-360")
	rows, err := chromedp.Run(other, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="account-order"]').length`))
	if err != nil || rows != 1 {
		t.Fatalf("%d orders listed (%v)", rows, err)
	}
	overflow, err := chromedp.Run(other, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || overflow {
		t.Fatalf("my orders is wider than a 360 px phone (%v)", err)
	}
	if state := text(t, other, "account-order-state"); state != "ثبت شد" {
		t.Fatalf("state %q", state)
	}
	do(t, other, "open the order", chromedp.Click(testid("account-order-link")), chromedp.WaitVisible(testid("order-state")))
	here, err := chromedp.Run(other, chromedp.Location())
	if err != nil || here != orderURL {
		t.Fatalf("the link went to %s, the order is %s", here, orderURL)
	}
	do(t, other, "sign out", chromedp.Navigate(s.URL+"/account/orders"), chromedp.WaitVisible(testid("account-logout")),
		chromedp.Click(testid("account-logout")), chromedp.WaitVisible(testid("account-mobile-form")))
}
