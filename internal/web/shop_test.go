package web_test

import (
	"log/slog"
	"testing"
	"time"

	"shop/internal/admin"
	"shop/internal/app/apptest"
	"shop/internal/catalog"
	"shop/internal/notify"
	"shop/internal/sandbox"
	"shop/internal/store"
	"shop/internal/web"
)

// fullShop is the shop wired as `shop serve` wires it (app.Build), with the sandbox on its own test server.
type fullShop struct {
	PerPair  int // checkPay calls one payment takes to get its answer (2 in live shapes)
	URL      string
	Server   *web.Server
	Accounts *admin.Service
	Store    *store.Store
	Products *catalog.Snapshot
	Frotel   *sandbox.Frotel
	Loyalty  *sandbox.Loyalty
	Sandbox  string
	Outbox   *notify.Sender
}

type shopOptions struct {
	frotel sandbox.FrotelOptions
	env    map[string]string // SHOP_* settings (limits, trusted proxies)
	mailer web.Mailer
	now    func() time.Time // the services' clock; nil is time.Now
	log    *slog.Logger     // the shop's log; nil discards it
}

func newFullShop(t *testing.T, opt shopOptions) *fullShop {
	t.Helper()
	s := apptest.New(t, apptest.Options{Frotel: opt.frotel, Env: opt.env, Mailer: opt.mailer, Now: opt.now, Logger: opt.log})
	return &fullShop{PerPair: s.PerPair, URL: s.URL, Server: s.Server, Accounts: s.Accounts, Store: s.Store, Products: s.Products,
		Frotel: s.Frotel, Loyalty: s.Loyalty, Sandbox: s.SandboxURL, Outbox: s.Outbox}
}
