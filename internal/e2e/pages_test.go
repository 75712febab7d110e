package e2e

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource finds axe-core (npm `axe-core`): $AXE_CORE_JS, or node_modules/axe-core in the repository.
func axeSource(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	for _, p := range []string{os.Getenv("AXE_CORE_JS"), filepath.Join(filepath.Dir(file), "..", "..", "node_modules", "axe-core", "axe.min.js")} {
		if p == "" {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			return string(b)
		}
	}
	return ""
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// checkPage screenshots the page and, when axe-core is available, fails on any WCAG 2.x A/AA violation.
func checkPage(t *testing.T, ctx context.Context, axe, name string) {
	t.Helper()
	screenshot(t, ctx, name)
	if axe == "" {
		return
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe+";0")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	type axeResult struct {
		Passes     []struct{}     `json:"passes"`
		Violations []axeViolation `json:"violations"`
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => ({passes: r.passes.map(() => ({})), violations: r.violations}))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core on %s: %v", name, err)
	}
	if len(res.Passes) == 0 {
		t.Errorf("%s: axe-core passed no rule at all: it did not run", name)
	}
	t.Logf("%s: axe-core: %d rules passed, %d violated", name, len(res.Passes), len(res.Violations))
	for _, v := range res.Violations {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, strings.Join(n.Target, " "))
		}
		t.Errorf("%s: axe %s (%s): %s — %s", name, v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
	}
}

// Every shopper page at a phone's and a desktop's width: screenshots for people to look at, and no WCAG A/AA
// violation that axe-core finds (the axe part runs when axe-core is installed: npm i axe-core, or AXE_CORE_JS).
func TestShopperPages(t *testing.T) {
	axe := axeSource(t)
	if axe == "" {
		t.Log("axe-core not found: screenshots only")
	}
	s := startShop(t)
	for _, size := range []struct {
		name          string
		width, height int
	}{{"360", 360, 780}, {"1280", 1280, 900}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			do(t, ctx, "catalog", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(testid("catalog")))
			checkPage(t, ctx, axe, "page-catalog-"+size.name)
			do(t, ctx, "category", chromedp.Navigate(s.URL+"/c/home"), chromedp.WaitVisible(testid("catalog")))
			checkPage(t, ctx, axe, "page-category-"+size.name)
			do(t, ctx, "search", chromedp.Navigate(s.URL+"/search?q=%DA%86%D8%A7%D9%8A"), chromedp.WaitVisible(testid("catalog")))
			checkPage(t, ctx, axe, "page-search-"+size.name)
			do(t, ctx, "search with no result", chromedp.Navigate(s.URL+"/search?q=zzz"), chromedp.WaitVisible(testid("search-empty")))
			checkPage(t, ctx, axe, "page-search-empty-"+size.name)
			do(t, ctx, "product", chromedp.Navigate(s.URL+"/p/notebook-leather"), chromedp.WaitVisible(testid("add-to-cart")))
			do(t, ctx, "add", chromedp.Click(testid("add-to-cart")), chromedp.WaitVisible(testid("flash-cart")))
			checkPage(t, ctx, axe, "page-product-"+size.name)
			do(t, ctx, "basket", chromedp.Navigate(s.URL+"/cart"), chromedp.WaitVisible(testid("to-checkout")))
			checkPage(t, ctx, axe, "page-basket-"+size.name)
			do(t, ctx, "checkout", chromedp.Click(testid("to-checkout")), chromedp.WaitVisible(testid("checkout-form")))
			fillBuyer(t, ctx, true)
			do(t, ctx, "quote", chromedp.WaitVisible(testid("quote-table")))
			checkPage(t, ctx, axe, "page-checkout-"+size.name)
			do(t, ctx, "place", chromedp.Click(testid("place-order")), chromedp.WaitVisible(testid("order-state")))
			checkPage(t, ctx, axe, "page-order-"+size.name)
			factor := text(t, ctx, "factor-id")
			do(t, ctx, "track", chromedp.Navigate(s.URL+"/track"), chromedp.WaitVisible(testid("track-form")),
				chromedp.SetValue(testid("track-factor"), factor), chromedp.SetValue(testid("track-mobile"), "۰۹۱۲۱۲۳۴۵۶۷"),
				chromedp.Click(testid("track-button")), chromedp.WaitVisible(testid("track-result")))
			checkPage(t, ctx, axe, "page-track-"+size.name)
			do(t, ctx, "my orders: the mobile", chromedp.Navigate(s.URL+"/account"), chromedp.WaitVisible(testid("account-mobile-form")))
			checkPage(t, ctx, axe, "page-account-"+size.name)
			do(t, ctx, "my orders: the code", chromedp.SetValue(testid("account-mobile"), "۰۹۱۲۱۲۳۴۵۶۷"),
				chromedp.Click(testid("account-send")), chromedp.WaitVisible(testid("account-code-form")))
			checkPage(t, ctx, axe, "page-account-code-"+size.name)
			do(t, ctx, "my orders", chromedp.SetValue(testid("account-code"), sentCode(t, s, "09121234567")),
				chromedp.Click(testid("account-verify")), chromedp.WaitVisible(testid("account-orders")))
			checkPage(t, ctx, axe, "page-account-orders-"+size.name)
			do(t, ctx, "sign out", chromedp.Click(testid("account-logout")), chromedp.WaitVisible(testid("account-mobile-form")))
		})
	}
}
