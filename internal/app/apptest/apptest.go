// Package apptest builds the whole shop for tests exactly as `shop serve` does (app.Build), with the sandbox's
// Frotel mirrors, bank page and loyalty club on a test server of their own, reached through the same SHOP_*
// settings a seller would use for the real upstreams.
package apptest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"shop/internal/account"
	"shop/internal/app"
	"shop/internal/config"
	"shop/internal/sandbox"
	"shop/internal/web"
)

// Options shape the shop under test.
type Options struct {
	// Frotel are the sandbox's Frotel options (faults, bank list); the API key and URLs are filled in.
	Frotel sandbox.FrotelOptions
	// Env are SHOP_* settings on top of the test defaults (limits, trusted proxies, send methods...).
	Env map[string]string
	// Mailer receives the order-link e-mails; nil sends none.
	Mailer web.Mailer
	// Logger receives the shop's log; nil discards it.
	Logger *slog.Logger
	// Now is the services' clock; nil is time.Now.
	Now func() time.Time
	// CODByCode makes cash-on-delivery orders of an unproven mobile wait for a one-time code (SMS on); the codes
	// are read from Shop.Codes.
	CODByCode bool
}

// Shop is a running shop under test.
type Shop struct {
	*app.Shop
	// URL is the shop's address on its test server.
	URL string
	// Frotel and Loyalty are the sandbox's fakes; SandboxURL is their test server.
	Frotel     *sandbox.Frotel
	Loyalty    *sandbox.Loyalty
	SandboxURL string
	// PerPair is how many checkPay calls one payment takes to get its answer: 1, or 2 when the sandbox answers in
	// live shapes (its first checkPay of every pair is an error code). Still one successful checkPay per pair.
	PerPair int
}

// APIKey is the Frotel API key of the shop under test.
const APIKey = "test-key"

// New builds and serves a shop on a fresh SQLite database with the demo catalog.
func New(t testing.TB, opt Options) *Shop {
	t.Helper()
	// The sandbox's bank page returns to the shop, so its URL is needed before the shop exists, and the shop's
	// URL before the shop is built (bank callbacks are built from it).
	var sbHandler, shopHandler http.Handler
	sbServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { sbHandler.ServeHTTP(w, r) }))
	t.Cleanup(sbServer.Close)
	shopServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { shopHandler.ServeHTTP(w, r) }))
	t.Cleanup(shopServer.Close)

	fo := opt.Frotel
	fo.APIKey, fo.PublicURL = APIKey, sbServer.URL
	fo.LiveShapes = fo.LiveShapes || sandbox.TestLiveShapes() // SHOP_LIVE_SHAPES=1 runs a suite in both modes
	sb := app.NewSandboxWith(fo, sandbox.LoyaltyOptions{})
	sbHandler = sb.Handler

	dir := t.TempDir()
	env := map[string]string{
		"SHOP_DATA_DIR":           dir,
		"SHOP_DATABASE":           filepath.Join(dir, "shop.db"),
		"SHOP_SESSION_SECRET":     "test-secret-test-secret-test-secret!",
		"SHOP_BASE_URL":           shopServer.URL,
		"SHOP_ADDR":               strings.TrimPrefix(shopServer.URL, "http://"),
		"SHOP_FROTEL_URLS":        strings.Join(sb.Frotel.MirrorURLs(), ","),
		"SHOP_FROTEL_API_KEY":     APIKey,
		"SHOP_FROTEL_TIMEOUT":     "5s",
		"SHOP_LOYALTY_URL":        sb.Loyalty.BaseURL(sbServer.URL),
		"SHOP_LOYALTY_APP_KEY":    sandbox.LoyaltyDefaultAppKey,
		"SHOP_LOYALTY_APP_SECRET": sandbox.LoyaltyDefaultAppSecret,
		"SHOP_LOYALTY_TERMINALS":  "10001001,10001002",
		"SHOP_LOYALTY_TIMEOUT":    "5s",
	}
	for k, v := range opt.Env {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	shop, err := app.Build(context.Background(), cfg, app.Options{
		Logger:        log,
		Mailer:        opt.Mailer,
		Now:           opt.Now,
		AdminHashCost: bcrypt.MinCost, // the admin tests add their accounts; a quick hash keeps -race runs short
		CatalogMaxAge: -1,
		// A checkPay answering an error code is asked again at once; tests need not wait the real pauses.
		VerifyRetryPauses: []time.Duration{time.Millisecond, time.Millisecond},
		CODByCode:         opt.CODByCode,
		// The codes a test reads back (Shop.Codes): the sandbox is not mounted on the shop under test.
		CodeSender: &account.DevSender{},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = shop.Close() })
	shopHandler = shop.Handler
	perPair := 1
	if fo.LiveShapes {
		perPair = 2
	}
	return &Shop{Shop: shop, URL: shopServer.URL, Frotel: sb.Frotel, Loyalty: sb.Loyalty, SandboxURL: sbServer.URL, PerPair: perPair}
}

// Clock is a settable clock for Options.Now, starting at the real time.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at the real time.
func NewClock() *Clock { return &Clock{now: time.Now()} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Add moves the clock on.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
