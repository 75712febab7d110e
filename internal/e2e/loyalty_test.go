package e2e

import (
	"context"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"shop/internal/sandbox"
)

// persianAmount is an amount as the pages print it: Persian digits, maybe grouped, never Latin digits.
var persianAmount = regexp.MustCompile(`^[۰-۹][۰-۹٬,]* (تومان|ریال)$`)

// askLoyaltyClub types a national code into the checkout's loyalty box and presses the enquiry button; the
// whole form is submitted and the page comes back with the box's answer.
func askLoyaltyClub(t *testing.T, ctx context.Context, code, answer string) {
	t.Helper()
	do(t, ctx, "ask the loyalty club about "+code,
		chromedp.Click(testid("loyalty-open")), // the box is folded until the shopper opens it
		chromedp.SendKeys(testid("loyalty-national-code"), code),
		chromedp.Click(testid("loyalty-check")),
		chromedp.WaitVisible(testid(answer)))
}

func TestLoyaltyMemberSeesBalance(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 1280, 900)
	addAndCheckout(t, ctx, s, "saffron-1m")
	askLoyaltyClub(t, ctx, sandbox.LoyaltyMemberNationalCode, "loyalty-member")
	if balance := text(t, ctx, "loyalty-balance"); !persianAmount.MatchString(balance) {
		t.Errorf("balance %q, want Persian digits", balance)
	}
	do(t, ctx, "show the loyalty box", chromedp.ScrollIntoView(testid("loyalty-box")))
	screenshot(t, ctx, "loyalty-member")
}

func TestLoyaltyNonMemberJoins(t *testing.T) {
	s := startShop(t)
	ctx := browser(t, 390, 844)
	addAndCheckout(t, ctx, s, "saffron-1m")
	fillBuyer(t, ctx, true) // joining takes the mobile from the buyer's fields
	askLoyaltyClub(t, ctx, sandbox.LoyaltyNonMemberNationalCode, "loyalty-join")
	do(t, ctx, "join the club with the checkout's name and mobile",
		chromedp.Click(testid("loyalty-join-button")),
		chromedp.WaitVisible(testid("loyalty-joined")),
		chromedp.WaitVisible(testid("loyalty-member")))
	if got, err := chromedp.Run(ctx, chromedp.Value(testid("field-first_name"))); err != nil || got != "سارا" {
		t.Errorf("the buyer's name after joining: %q (%v), want it kept", got, err)
	}
	do(t, ctx, "show the loyalty box", chromedp.ScrollIntoView(testid("loyalty-box")))
	screenshot(t, ctx, "loyalty-joined")
}
