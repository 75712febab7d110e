package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A product with variants and three photos, on a phone and a desktop: the gallery shows the three, the variant is
// chosen in a select (a sold-out one cannot be), the price follows the choice, and the chosen variant reaches the
// basket with its options in the line's name. Nothing scrolls sideways.
func TestProductWithVariantsAndPhotos(t *testing.T) {
	s := startShop(t)
	for _, width := range []int{360, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx := browser(t, width, 800)
			do(t, ctx, "open the T-shirt", chromedp.Navigate(s.URL+"/p/tshirt-persian"), chromedp.WaitVisible(testid("variant")))
			photos, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="gallery-photo"] img.photo').length`))
			if err != nil || photos != 3 {
				t.Errorf("gallery photos %d (%v), want 3", photos, err)
			}
			disabled, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#variant option:disabled').length`))
			if err != nil || disabled < 1 {
				t.Errorf("sold-out variants that can be chosen: %d disabled (%v)", disabled, err)
			}
			noSidewaysScroll(t, ctx, "/p/tshirt-persian")
			screenshot(t, ctx, fmt.Sprintf("product-variants-photos-%d", width))
			before := text(t, ctx, "price")
			// The last option that can be chosen (XL costs more in the demo).
			do(t, ctx, "choose a variant", chromedp.Evaluate[chromedp.Void](`(function(){var s=document.getElementById("variant");
				var o=[...s.options].filter(o=>!o.disabled).pop(); s.value=o.value; s.dispatchEvent(new Event("change",{bubbles:true}));})()`))
			after := text(t, ctx, "price")
			chosen, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("variant").selectedOptions[0].textContent`))
			if err != nil || !strings.Contains(chosen, after) {
				t.Errorf("price tag %q does not follow the choice %q (was %q)", after, chosen, before)
			}
			do(t, ctx, "add it", chromedp.Click(testid("add-to-cart")), chromedp.WaitVisible(testid("flash")))
			do(t, ctx, "open the basket", chromedp.Navigate(s.URL+"/cart"), chromedp.WaitVisible(testid("cart-count")))
			body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			if err != nil || !strings.Contains(body, "سایز") {
				t.Errorf("the basket line does not name the variant's options: %v\n%s", err, body)
			}
			if width == 360 {
				screenshot(t, ctx, "cart-variant-360")
			}
		})
	}
}
