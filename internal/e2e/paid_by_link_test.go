package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"shop/internal/app"
	"shop/internal/iran"
)

// A shopper pays later through Frotel's own payment link, which sends nothing back to the shop; the seller's
// "refresh from Frotel" finds the order paid, it lists among paid orders, and its history says how. The settings
// page says why chabok is never offered. Screenshots at 1280 and 360 pixels go to artifacts/e2e.
func TestOrderPaidThroughFrotelsLinkInTheDashboard(t *testing.T) {
	s := startShop(t)
	email, password := demoOwner(t, s)
	ctx := browser(t, 1280, 900)
	addAndCheckout(t, ctx, s, "ebook-cooking")
	fillBuyer(t, ctx, false)
	do(t, ctx, "place the order", chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("order-state")))
	factor := strings.ReplaceAll(iran.NormalizeDigits(text(t, ctx, "factor-id")), "-", "")

	// The buyer opens the payment link Frotel's tracking gives (the seller may have sent it) and pays there.
	resp, err := http.PostForm(s.URL+"/sandbox/frotel/1/ws/v1/rest/order/tracking.json",
		url.Values{"api": {app.SandboxFrotelKey}, "factor": {factor}})
	if err != nil {
		t.Fatal(err)
	}
	var tr struct {
		Result struct {
			Payment struct {
				PayLink string `json:"pay_link"`
			} `json:"payment"`
		} `json:"result"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tr)
	resp.Body.Close()
	if err != nil || tr.Result.Payment.PayLink == "" {
		t.Fatalf("no pay link from tracking: %v", err)
	}
	do(t, ctx, "open Frotel's payment link", chromedp.Navigate(tr.Result.Payment.PayLink), chromedp.WaitVisible(testid("bank-pay")))
	do(t, ctx, "pay at the bank", chromedp.Click(testid("bank-pay")), chromedp.WaitVisible(testid("bank-tracking")))

	do(t, ctx, "sign in", chromedp.Navigate(s.URL+"/admin"), chromedp.WaitVisible(testid("login-form")),
		chromedp.SendKeys(testid("login-email"), email), chromedp.SendKeys(testid("login-password"), password),
		chromedp.Click(testid("login-submit")), chromedp.WaitVisible(testid("overview-stats")))
	do(t, ctx, "find the order", chromedp.Navigate(s.URL+"/admin/orders?q="+factor), chromedp.WaitVisible(testid("order-row")),
		chromedp.Click(testid("order-link")), chromedp.WaitVisible(testid("order-reference")))
	do(t, ctx, "refresh from Frotel", chromedp.Click(testid("refresh-tracking")), chromedp.WaitVisible(testid("event-paid_by_link")))
	if got := text(t, ctx, "event-paid_by_link"); !strings.Contains(got, "پیوند پرداخت فروتل") {
		t.Errorf("history line %q", got)
	}
	screenshot(t, ctx, "admin-order-paid-by-link-1280")
	do(t, ctx, "paid orders", chromedp.Navigate(s.URL+"/admin/orders?state=paid"), chromedp.WaitVisible(testid("order-row")))
	if rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="order-row"][data-state="paid"]').length`)); err != nil || rows != 1 {
		t.Errorf("paid orders listed: %d, %v", rows, err)
	}
	do(t, ctx, "open the order on a phone", chromedp.EmulateViewport(360, 780), chromedp.Click(testid("order-link")),
		chromedp.WaitVisible(testid("event-paid_by_link")))
	screenshot(t, ctx, "admin-order-paid-by-link-360")

	do(t, ctx, "open the settings", chromedp.Navigate(s.URL+"/admin/settings"), chromedp.WaitVisible(testid("st-note-chabok")))
	screenshot(t, ctx, "admin-settings-360")
	do(t, ctx, "widen", chromedp.EmulateViewport(1280, 900))
	screenshot(t, ctx, "admin-settings-1280")
}
