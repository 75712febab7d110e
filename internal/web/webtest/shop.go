package webtest

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
	"shop/internal/web/dashboard"
	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// Shop is the shop wired as `shop serve` wires it, with the sandbox on its own test server.
type Shop struct {
	URL      string
	Server   *web.Server
	Accounts *admin.Service
	Store    *store.Store
	Products *catalog.Snapshot
	Frotel   *sandbox.Frotel
	Loyalty  *sandbox.Loyalty
	Sandbox  string
}

// ShopOptions adjust the wiring of NewShop.
type ShopOptions struct {
	Frotel   sandbox.FrotelOptions
	Settings checkout.Settings
	Deps     func(*web.Deps) // adjusts the wiring (limits, trusted proxies) before the server is built
	// Dashboard adjusts the dashboard's wiring before it is built.
	Dashboard func(*dashboard.Deps)
}

// testSessionSecret signs the test shops' cookies; the dashboard's CSRF key is derived from it as serve does.
const testSessionSecret = "test-secret-test-secret-test-secret!"

// NewShop builds a whole shop (storefront, checkout, loyalty, dashboard) on a fresh SQLite database in
// t.TempDir(), with the sandbox's Frotel and loyalty club on their own test server.
func NewShop(t testing.TB, opt ShopOptions) *Shop {
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
	fo := opt.Frotel
	fo.APIKey, fo.PublicURL = "test-key", sbServer.URL
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
	settings := opt.Settings
	settings.PublicURL = shopServer.URL
	co, err := checkout.NewService(st, frotel.NewFulfilment(fc), geo.Default(), settings, time.Now, log)
	if err != nil {
		t.Fatal(err)
	}
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
	images := catalog.Images{Dir: t.TempDir()}
	dd := dashboard.Deps{Accounts: accounts, Orders: st, Products: st, ProductsChanged: products.Invalidate,
		RunJob: sched.RunOnce, JobHistory: st.ListRuns, Mirrors: func() []admin.MirrorHealth {
			return []admin.MirrorHealth{{URL: "http://webservice1.link/ws/v1/rest", Requests: 3, Errors: 1, AvgLatency: 40 * time.Millisecond}}
		},
		Checkout: co, Settings: shopSettings, Loyalty: ly, ProductImages: images, PriceUnit: iran.Toman,
		CSRFKey: httpkit.DeriveKey([]byte(testSessionSecret), dashboard.CSRFKeyLabel), Logger: log}
	if opt.Dashboard != nil {
		opt.Dashboard(&dd)
	}
	dash, err := dashboard.New(dd)
	if err != nil {
		t.Fatal(err)
	}
	deps := web.Deps{Catalog: products, Checkout: co, Loyalty: ly, ProductImages: images, Settings: shopSettings,
		Dashboard: dash, Sessions: web.NewSessionStore([]byte(testSessionSecret), false), PriceUnit: iran.Toman, Logger: log}
	if opt.Deps != nil {
		opt.Deps(&deps)
	}
	srv, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	handler = srv
	return &Shop{URL: shopServer.URL, Server: srv, Accounts: accounts, Store: st, Products: products, Frotel: fs, Loyalty: ls, Sandbox: sbServer.URL}
}
