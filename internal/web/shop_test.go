package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"shop/internal/admin"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/frotel"
	"shop/internal/geo"
	"shop/internal/iran"
	"shop/internal/jobs"
	"shop/internal/loyalty"
	"shop/internal/sandbox"
	shopsettings "shop/internal/settings"
	"shop/internal/store"
	"shop/internal/web"
	"shop/web/templates"
)

// fullShop is the shop wired as `shop serve` wires it, with the sandbox on its own test server.
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
}

type shopOptions struct {
	frotel   sandbox.FrotelOptions
	settings checkout.Settings
	deps     func(*web.Deps) // adjusts the wiring (limits, trusted proxies) before the server is built
}

func newFullShop(t *testing.T, opt shopOptions) *fullShop {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	st, err := store.Open(filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.SeedProducts(context.Background(), catalog.DemoProducts()); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	sbServer := httptest.NewServer(mux)
	t.Cleanup(sbServer.Close)
	fo := opt.frotel
	fo.APIKey, fo.PublicURL = "test-key", sbServer.URL
	fo.LiveShapes = fo.LiveShapes || sandbox.TestLiveShapes()
	fs := sandbox.NewFrotel(fo)
	ls := sandbox.NewLoyalty(sandbox.LoyaltyOptions{})
	mux.Handle("/loyalty/", ls.Handler())
	mux.Handle("/", fs.Handler())

	fc, err := frotel.New(frotel.Config{URLs: fs.MirrorURLs(), APIKey: "test-key", Timeout: 5 * time.Second, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	club, err := loyalty.NewClient(loyalty.ClientConfig{BaseURL: ls.BaseURL(sbServer.URL), AppKey: sandbox.LoyaltyDefaultAppKey,
		AppSecret: sandbox.LoyaltyDefaultAppSecret, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ly := loyalty.NewService(loyalty.ServiceConfig{Club: club, Store: st, Enabled: true, ChooseGroups: true, Logger: log})

	// The shop's URL is needed for bank callbacks before the server exists.
	var handler http.Handler
	shopServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(shopServer.Close)
	settings := opt.settings
	settings.PublicURL = shopServer.URL
	co, err := checkout.NewService(st, frotel.NewFulfilment(fc), geo.Default(), settings, time.Now, log)
	if err != nil {
		t.Fatal(err)
	}
	co.RetryPauses = []time.Duration{time.Millisecond, time.Millisecond}
	shopSettings := shopsettings.New(st, shopsettings.Shop{Name: templates.ShopName, Checkout: co.Settings()},
		func(sh shopsettings.Shop) { co.UpdateSettings(sh.Checkout) })
	if err := shopSettings.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The loyalty pull, for the loyalty page's "pull now".
	sched := jobs.New(st, jobs.Options{Logger: log})
	sync := &loyalty.SyncJob{Club: club, Store: st, History: st, Terminals: []string{"10001001", "10001002"}, Logger: log}
	if err := sched.Add(sync.Job(jobs.Window{})); err != nil {
		t.Fatal(err)
	}
	accounts := admin.NewService(st, 30*time.Minute, time.Now)
	accounts.HashCost = bcrypt.MinCost // the admin tests add their accounts; a quick hash keeps -race runs short
	// The catalog as `shop serve` has it: in memory, loaded again when the dashboard changes a product.
	products := catalog.NewSnapshot(st, 0)
	deps := web.Deps{Catalog: products, Checkout: co, Loyalty: ly, ProductImages: catalog.Images{Dir: t.TempDir()},
		Settings: shopSettings,
		Admin: &web.AdminDeps{Accounts: accounts, Orders: st, Products: st, ProductsChanged: products.Invalidate, RunJob: sched.RunOnce, JobHistory: st.ListRuns, Mirrors: func() []admin.MirrorHealth {
			return []admin.MirrorHealth{{URL: "http://webservice1.link/ws/v1/rest", Requests: 3, Errors: 1, AvgLatency: 40 * time.Millisecond}}
		}},
		Sessions: web.NewSessionStore([]byte("test-secret-test-secret-test-secret!"), false), PriceUnit: iran.Toman, Logger: log}
	if opt.deps != nil {
		opt.deps(&deps)
	}
	srv, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	handler = srv
	perPair := 1
	if fo.LiveShapes {
		perPair = 2 // live shapes answer the first checkPay of every pair with an error code
	}
	return &fullShop{PerPair: perPair, URL: shopServer.URL, Server: srv, Accounts: accounts, Store: st, Products: products, Frotel: fs, Loyalty: ls, Sandbox: sbServer.URL}
}
