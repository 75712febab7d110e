package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// firstVisitBudget is what a shopper's first visit of any page may transfer of the shop's own making (the page,
// its styles, script, fonts and drawings), all responses together. The seller's photos are counted apart, under
// photosBudget: they are the catalog's content, as many as the page shows, each a small stored thumbnail.
const (
	firstVisitBudget = 100 * 1024
	photosBudget     = 120 * 1024
)

// transfers sums what the browser receives, by URL, from the moment it is made.
type transfers struct {
	mu     sync.Mutex
	urls   map[network.RequestID]string
	bodies map[string]float64
}

func watchTransfers(t *testing.T, ctx context.Context) *transfers {
	t.Helper()
	tr := &transfers{urls: map[network.RequestID]string{}, bodies: map[string]float64{}}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("enable network events: %v", err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		tr.mu.Lock()
		defer tr.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventResponseReceived:
			tr.urls[e.RequestID] = e.Response.URL
		case *network.EventLoadingFinished:
			if u, ok := tr.urls[e.RequestID]; ok {
				tr.bodies[u] += e.EncodedDataLength
			}
		}
	})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	return tr
}

// reset forgets what was counted so far.
func (tr *transfers) reset() {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.bodies = map[string]float64{}
}

// total is the bytes counted (the shop's own, and the seller's photos apart) and a line per URL, largest first.
func (tr *transfers) total(base string) (own, photos int, detail string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var urls []string
	var sum, pics float64
	for u, n := range tr.bodies {
		urls = append(urls, u)
		if strings.HasPrefix(strings.TrimPrefix(u, base), "/photos/") {
			pics += n
		} else {
			sum += n
		}
	}
	sort.Slice(urls, func(i, j int) bool { return tr.bodies[urls[i]] > tr.bodies[urls[j]] })
	var b strings.Builder
	for _, u := range urls {
		fmt.Fprintf(&b, "    %6.1f KB  %s\n", tr.bodies[u]/1024, strings.TrimPrefix(u, base))
	}
	return int(sum), int(pics), b.String()
}

// TestFirstVisitWeight measures, in Chromium with an empty cache, the bytes a first visit of each shopper page
// transfers (what Chromium counts as received: headers and bodies as sent, gzipped where they are), checks them against the budget, checks that
// Persian text is drawn in Vazirmatn, and saves screenshots at phone and desktop widths.
func TestFirstVisitWeight(t *testing.T) {
	s := startShop(t)
	for _, width := range []int{360, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx := browser(t, width, 800)
			tr := watchTransfers(t, ctx)
			for _, pg := range []struct {
				name, path string
				prepare    func()
			}{
				{"catalog", "/", nil},
				{"product", "/p/saffron-1m", nil},
				{"basket", "/cart", func() {
					// Adding stays on the page (a confirmation and the header count); the basket is then opened.
					do(t, ctx, "add to the basket", chromedp.Navigate(s.URL+"/"), chromedp.Click(testid("add-saffron-1m")),
						chromedp.WaitVisible(testid("flash")))
				}},
				{"checkout", "/checkout", nil},
			} {
				if pg.prepare != nil {
					pg.prepare()
				}
				// A first visit: nothing cached (the basket's cookie stays, as it would for a shopper who just added).
				if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
					t.Fatal(err)
				}
				tr.reset()
				do(t, ctx, "open "+pg.path, chromedp.Navigate(s.URL+pg.path))
				fonts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`document.fonts.ready.then(() =>
					[...document.fonts].filter(f => f.status === "loaded").map(f => f.family + " " + f.weight))`, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatalf("%s: fonts: %v", pg.name, err)
				}
				drawn, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.check('400 16px Vazirmatn', 'فروشگاه')`))
				if err != nil || !drawn || len(fonts) == 0 {
					t.Errorf("%s: Persian text not drawn in Vazirmatn (check %v, loaded %v, %v)", pg.name, drawn, fonts, err)
				}
				sum, pics, detail := tr.total(s.URL)
				t.Logf("first visit of %s at %d px: %.1f KB transferred, and %.1f KB of photos (fonts loaded: %s)\n%s", pg.path, width,
					float64(sum)/1024, float64(pics)/1024, strings.Join(fonts, ", "), detail)
				if sum > firstVisitBudget {
					t.Errorf("first visit of %s: %d bytes, budget %d", pg.path, sum, firstVisitBudget)
				}
				if pics > photosBudget {
					t.Errorf("first visit of %s: %d bytes of photos, budget %d", pg.path, pics, photosBudget)
				}
				shot(t, ctx, fmt.Sprintf("first-visit-%s-%d", pg.name, width))
			}
		})
	}
}

// shot saves the viewport as artifacts/e2e/NAME.png.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "artifacts", "e2e")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
