package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"shop/internal/sandbox"
)

// The pay step in a phone-sized browser for every shape of bank page: without JavaScript the shopper sees the
// shop's own button (or, for a page without a form, the bank's page in a sandboxed frame); with JavaScript the
// pay button goes on to the bank, and from a framed page the bank's own link leaves the frame for the bank.
// Every shape ends paid except the spec's example, which has nothing to press.
func TestPayStepBankPageShapes(t *testing.T) {
	for _, shape := range sandbox.BankPages {
		t.Run(shape, func(t *testing.T) {
			s := startShop(t, "SHOP_SANDBOX_BANK_PAGE="+shape)
			ctx := browser(t, 360, 780)
			addAndCheckout(t, ctx, s, "ebook-cooking")
			fillBuyer(t, ctx, false)
			do(t, ctx, "place the order", chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("order-state")))
			orderURL, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}

			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
				t.Fatalf("switch JavaScript off: %v", err)
			}
			do(t, ctx, "open the pay step", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("pay-redirect")))
			framed := shape == "spec" || shape == "script"
			if framed {
				do(t, ctx, "see the bank's page framed", chromedp.WaitVisible(testid("bank-frame")))
			} else {
				do(t, ctx, "see the shop's own button", chromedp.WaitVisible(testid("go-to-bank")))
			}
			screenshot(t, ctx, "pay-step-"+shape)
			if shape == "script" || shape == "saman" {
				do(t, ctx, "widen to a desktop", chromedp.EmulateViewport(1280, 900))
				screenshot(t, ctx, "pay-step-"+shape+"-1280")
				do(t, ctx, "back to a phone", chromedp.EmulateViewport(360, 780))
			}
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
				t.Fatalf("switch JavaScript on: %v", err)
			}

			do(t, ctx, "back to the order", chromedp.Navigate(orderURL), chromedp.WaitVisible(testid("pay-button")))
			switch shape {
			case "spec":
				do(t, ctx, "pay", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("bank-frame")))
				return // the spec's example sends the shopper nowhere: the frame is empty, the order page a click away
			case "script":
				do(t, ctx, "pay", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("bank-frame")))
				// The bank's link is the frame's first line (the shop's style rules reach into the frame, its own do not).
				at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](
					`(function(r){return [r.left + r.width/2, r.top + 18]})(document.querySelector('[data-testid="bank-frame"]').getBoundingClientRect())`))
				if err != nil || len(at) != 2 {
					t.Fatalf("where is the frame: %v", err)
				}
				// The frame's document loads after the page: press until the bank answers (nothing to poll inside a
				// frame of another origin).
				var reached bool
				for range 5 {
					try, cancel := context.WithTimeout(ctx, 3*time.Second)
					err := chromedp.Do(try, chromedp.MouseClickXY(at[0], at[1]), chromedp.WaitVisible(testid("bank-pay")))
					cancel()
					if reached = err == nil; reached {
						break
					}
				}
				if !reached {
					t.Fatal("the bank's link inside the frame did not lead to the bank")
				}
			default:
				do(t, ctx, "pay", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("bank-pay")))
			}
			do(t, ctx, "pay at the bank", chromedp.Click(testid("bank-pay")), chromedp.WaitVisible(testid("order-state")))
			if got := orderState(t, ctx); got != "paid" {
				t.Errorf("after paying through the %s page: state %q", shape, got)
			}
		})
	}
}
