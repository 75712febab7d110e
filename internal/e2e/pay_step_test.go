package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
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

// Back from the bank returns to the order page, with and without JavaScript: the bank is reached from a GET page
// of ours shown once, so the browser has no POST to send again and never shows its "Confirm Form Resubmission"
// (issue 23, item 5). The order is then paid in the ordinary way.
func TestBackFromTheBankReturnsToTheOrder(t *testing.T) {
	for _, js := range []bool{true, false} {
		name := map[bool]string{true: "with JavaScript", false: "without JavaScript"}[js]
		t.Run(name, func(t *testing.T) {
			s := startShop(t)
			ctx := browser(t, 360, 780)
			addAndCheckout(t, ctx, s, "ebook-cooking")
			fillBuyer(t, ctx, false)
			do(t, ctx, "place the order", chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("order-state")))
			orderURL, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if !js {
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatalf("switch JavaScript off: %v", err)
				}
				do(t, ctx, "open the pay step", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("go-to-bank")))
				do(t, ctx, "go to the bank", chromedp.Click(testid("go-to-bank")), chromedp.WaitVisible(testid("bank-pay")))
			} else {
				do(t, ctx, "pay", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("bank-pay")))
			}
			back(t, ctx)
			// With JavaScript the shopper is on the order page. Without it Chromium may restore the step page from
			// its back/forward cache (it keeps no-store pages now): that is the shop's own page, with the link back
			// to the order, and asking it again (a reload) goes to the order page. Never the browser's prompt to
			// send a form again.
			if js {
				do(t, ctx, "see the order", chromedp.WaitVisible(testid("order-state")))
			} else {
				// chromedp does not notice a page restored from that cache, so the step page is seen in a picture.
				screenshot(t, ctx, "back-from-bank-nojs")
				do(t, ctx, "ask the step again", chromedp.Reload(), chromedp.WaitReady(testid("order-state")))
			}
			at, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if at != orderURL {
				t.Errorf("back from the bank landed on %s, want the order page %s", at, orderURL)
			}
			if js {
				screenshot(t, ctx, "back-from-bank-js")
			}
			if !js {
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
					t.Fatalf("switch JavaScript on: %v", err)
				}
				do(t, ctx, "reload with JavaScript", chromedp.Reload(), chromedp.WaitVisible(testid("pay-button")))
			}
			do(t, ctx, "pay", chromedp.Click(testid("pay-button")), chromedp.WaitVisible(testid("bank-pay")))
			do(t, ctx, "pay at the bank", chromedp.Click(testid("bank-pay")), chromedp.WaitVisible(testid("order-state")))
			if got := orderState(t, ctx); got != "paid" {
				t.Errorf("state %q after paying, want paid", got)
			}
		})
	}
}

// back is the browser's back button. chromedp's NavigateBack waits for a load event, which a page restored from
// the back/forward cache never fires; this waits for nothing.
func back(t *testing.T, ctx context.Context) {
	t.Helper()
	h, err := chromedp.Run(ctx, chromedp.NavigationEntries())
	if err != nil || h.CurrentIndex < 1 {
		t.Fatalf("history: %v (at %d)", err, h.CurrentIndex)
	}
	if _, err := chromedp.Call(ctx, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: h.Entries[h.CurrentIndex-1].ID}); err != nil {
		t.Fatalf("back: %v", err)
	}
	// Wait until the browser stands on the entry before (a bank page cannot be polled for going away). While the
	// page is being swapped (a page brought back from the back/forward cache, a redirect) Chromium may answer
	// "not attached to an active page": that is asked again, until the deadline.
	deadline := time.Now().Add(20 * time.Second)
	for {
		now, err := chromedp.Run(ctx, chromedp.NavigationEntries())
		if err == nil && now.CurrentIndex == h.CurrentIndex-1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("back: at entry %d of %d, want %d (%v)", now.CurrentIndex, len(now.Entries), h.CurrentIndex-1, err)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("back: %v", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
