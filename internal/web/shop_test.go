package web_test

import (
	"testing"

	"shop/internal/checkout"
	"shop/internal/sandbox"
	"shop/internal/web"
	"shop/internal/web/webtest"
)

// fullShop is the shop wired as `shop serve` wires it (webtest.NewShop).
type fullShop = webtest.Shop

type shopOptions struct {
	frotel   sandbox.FrotelOptions
	settings checkout.Settings
	deps     func(*web.Deps) // adjusts the wiring (limits, trusted proxies) before the server is built
}

func newFullShop(t *testing.T, opt shopOptions) *fullShop {
	t.Helper()
	return webtest.NewShop(t, webtest.ShopOptions{Frotel: opt.frotel, Settings: opt.settings, Deps: opt.deps})
}
