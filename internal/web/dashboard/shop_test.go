package dashboard_test

import (
	"regexp"
	"shop/internal/jobs"
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
	URL      string
	Server   *web.Server
	Accounts *admin.Service
	Store    *store.Store
	Products *catalog.Snapshot
	Frotel   *sandbox.Frotel
	Loyalty  *sandbox.Loyalty
	Sandbox  string
	// Scheduler runs the shop's jobs once, as `shop job` does.
	Scheduler *jobs.Scheduler
	// Outbox sends the queued messages (SendDue), as the shop's sender does every few seconds.
	Outbox *notify.Sender
}

type shopOptions struct {
	frotel sandbox.FrotelOptions
	env    map[string]string // SHOP_* settings (limits, trusted proxies)
	mailer web.Mailer
	now    func() time.Time // the services' clock; nil is time.Now
}

func newFullShop(t *testing.T, opt shopOptions) *fullShop {
	t.Helper()
	s := apptest.New(t, apptest.Options{Frotel: opt.frotel, Env: opt.env, Mailer: opt.mailer, Now: opt.now})
	return &fullShop{URL: s.URL, Server: s.Server, Accounts: s.Accounts, Store: s.Store, Products: s.Products,
		Frotel: s.Frotel, Loyalty: s.Loyalty, Sandbox: s.SandboxURL, Scheduler: s.Scheduler,
		Outbox: s.Outbox}
}

// persianLetters finds Persian text: every message a person reads is in Persian.
var persianLetters = regexp.MustCompile(`\p{Arabic}`)
