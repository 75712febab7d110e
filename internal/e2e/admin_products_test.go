package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const (
	e2eOwnerEmail    = "owner@shop.test"
	e2eOwnerPassword = "a long e2e password"
)

// createOwner makes the dashboard's owner with `shop admin create`, as a seller would, in the shop's data folder.
func createOwner(t *testing.T, dataDir string) {
	t.Helper()
	cmd := exec.Command(shopBinary(t), "admin", "create", "-email", e2eOwnerEmail, "-role", "owner")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "SHOP_DATA_DIR=" + dataDir,
		"SHOP_ADMIN_PASSWORD=" + e2eOwnerPassword, "SHOP_LOG_LEVEL=warn"}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("shop admin create: %v\n%s", err, out)
	}
}

func signIn(t *testing.T, ctx context.Context, s *shop) {
	t.Helper()
	do(t, ctx, "sign in",
		chromedp.Navigate(s.URL+"/admin/login"), chromedp.WaitVisible(testid("login-form")),
		chromedp.SetValue(testid("login-email"), e2eOwnerEmail), chromedp.SetValue(testid("login-password"), e2eOwnerPassword),
		chromedp.Click(testid("login-submit")), chromedp.WaitVisible(testid("admin-email")))
}

// productPicture writes a small PNG, a picture a seller might upload.
func productPicture(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 120, 120))
	for y := range 120 {
		for x := range 120 {
			c := color.RGBA{R: 0xc2, G: 0x3b, B: 0x5a, A: 0xff}
			if (x-60)*(x-60)+(y-60)*(y-60) > 50*50 {
				c = color.RGBA{R: 0xfb, G: 0xe9, B: 0xee, A: 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rose.png")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAdminProductsInBrowser adds a product with a picture, on a desktop and on a phone: a refused form shows its
// messages beside the fields, the saved product is in the list with its uploaded picture, and the shop sells it.
func TestAdminProductsInBrowser(t *testing.T) {
	dataDir := t.TempDir()
	createOwner(t, dataDir)
	s := startShop(t, "SHOP_DATA_DIR="+dataDir)
	picture := productPicture(t)
	for _, size := range []struct {
		name          string
		width, height int
	}{{"1280", 1280, 900}, {"360", 360, 780}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			code := "rose-water-" + size.name
			signIn(t, ctx, s)

			do(t, ctx, "open the new product form", chromedp.Navigate(s.URL+"/admin/products/new"), chromedp.WaitVisible(testid("product-form")))
			do(t, ctx, "send it half filled",
				chromedp.SetValue(testid("p-code"), "rose water"), chromedp.SetValue(testid("p-name"), "گلاب قمصر کاشان، یک لیتر"),
				chromedp.SetValue(testid("p-discount"), "120"),
				chromedp.Click(testid("p-submit")), chromedp.WaitVisible(testid("form-problems")))
			for _, field := range []string{"code", "price", "weight", "discount"} {
				if msg := text(t, ctx, "error-"+field); msg == "" {
					t.Errorf("no message beside %s", field)
				}
			}
			screenshot(t, ctx, "admin-product-form-errors-"+size.name)

			do(t, ctx, "correct it and add a picture",
				chromedp.SetValue(testid("p-code"), code), chromedp.SetValue(testid("p-price"), "۴۵۰٬۰۰۰"),
				chromedp.SetValue(testid("p-weight"), "1100"), chromedp.SetValue(testid("p-discount"), "10"),
				chromedp.SetValue(testid("p-description"), "گلاب دو آتشه‌ی قمصر، از گل محمدی برداشت اردیبهشت."),
				chromedp.SetUploadFiles(testid("p-image"), []string{picture}),
				chromedp.Click(testid("p-submit")), chromedp.WaitVisible(testid("admin-notice")))
			src, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`[data-code="`+code+`"] img`), "src"))
			if err != nil || !strings.HasPrefix(src.Value, "/photos/") {
				t.Fatalf("the new product's picture: %q, %v", src.Value, err)
			}
			screenshot(t, ctx, "admin-products-"+size.name)

			do(t, ctx, "open its form", chromedp.Navigate(s.URL+"/admin/products/"+code), chromedp.WaitVisible(testid("product-form")))
			screenshot(t, ctx, "admin-product-form-"+size.name)

			do(t, ctx, "see it in the shop", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(testid("product-"+code)))

			// The other pages of the dashboard, to be looked at.
			do(t, ctx, "open the settings", chromedp.Navigate(s.URL+"/admin/settings"), chromedp.WaitVisible(testid("settings-form")))
			screenshot(t, ctx, "admin-settings-"+size.name)
			do(t, ctx, "look up a member", chromedp.Navigate(s.URL+"/admin/loyalty?nc=0013542419"), chromedp.WaitVisible(testid("loyalty-member")))
			screenshot(t, ctx, "admin-loyalty-"+size.name)
			do(t, ctx, "open the accounts", chromedp.Navigate(s.URL+"/admin/accounts"), chromedp.WaitVisible(testid("staff-form")))
			screenshot(t, ctx, "admin-accounts-"+size.name)
			// A staff member's password, shown once, fits the phone (issue 23: the box was cut at 360 px).
			do(t, ctx, "add a staff member", chromedp.SetValue(testid("staff-email"), "clerk-"+size.name+"@shop.test"),
				chromedp.Click(testid("staff-submit")), chromedp.WaitVisible(testid("new-password-value")))
			cut, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var i=document.querySelector('[data-testid="new-password-value"]');
				var r=i.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth || i.scrollWidth > i.clientWidth; })()`))
			if err != nil || cut {
				t.Errorf("the new password's box is cut at %s px (%v)", size.name, err)
			}
			noSidewaysScroll(t, ctx, "the accounts page with a new password")
			if size.name == "360" {
				// The sections scroll sideways on a phone: an edge fades where more of them lie.
				more, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('.admin-nav').matches('.more-start, .more-end')`))
				if err != nil || !more {
					t.Errorf("no cue that the sections scroll (%v)", err)
				}
			}
			screenshot(t, ctx, "admin-accounts-password-"+size.name)
		})
	}
}
