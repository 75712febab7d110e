// Package app is the one place the shop is wired: configuration → storage → upstream clients (or the built-in
// sandbox) → domain services → the web server and the scheduler. `shop serve`, `shop job`, `shop sandbox` and the
// tests all build the shop here, so none of them carries a copy of the wiring.
package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shop/internal/account"
	"shop/internal/admin"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/config"
	"shop/internal/frotel"
	"shop/internal/geo"
	"shop/internal/iran"
	"shop/internal/jobs"
	"shop/internal/logctx"
	"shop/internal/loyalty"
	"shop/internal/mail"
	"shop/internal/metrics"
	"shop/internal/notify"
	"shop/internal/sandbox"
	"shop/internal/settings"
	"shop/internal/sms"
	"shop/internal/store"
	"shop/internal/web"
	"shop/internal/web/dashboard"
	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// Options are what a caller may choose beyond the configuration: tests and the load program use them, `shop
// serve` leaves them zero.
type Options struct {
	// Logger is the shop's logger; nil logs nowhere.
	Logger *slog.Logger
	// Now is the clock of the services that decide by time; nil is time.Now.
	Now func() time.Time
	// Mailer replaces the SMTP sender the configuration names (a test's outbox).
	Mailer web.Mailer
	// AdminHashCost is bcrypt's cost for new dashboard passwords; 0 is bcrypt's default (tests lower it).
	AdminHashCost int
	// CatalogMaxAge is how long the in-memory catalog is trusted before it is read again; 0 is 30 s. Negative
	// reads it again only when the dashboard changes a product (tests).
	CatalogMaxAge time.Duration
	// VerifyRetryPauses replace checkout's waits before asking checkPay again after an error code (tests).
	VerifyRetryPauses []time.Duration
	// CodeSender sends the one-time codes (sign-in by mobile, cash-on-delivery confirmation). nil keeps them in a
	// DevSender (Shop.Codes, listed at /sandbox/codes) when the sandbox is mounted, and otherwise turns sign-in by
	// mobile off. A *account.DevSender given here is Shop.Codes too (tests).
	CodeSender account.CodeSender
	// CODByCode makes a cash-on-delivery order of an unproven mobile wait for a one-time code instead of the
	// per-address and per-mobile caps. The lead wires it from SHOP_SMS_PROVIDER (SMS on) at merge.
	CODByCode bool
}

// Shop is the wired shop: its handler and the parts its commands and tests reach for.
type Shop struct {
	Handler   http.Handler
	Server    *web.Server
	BaseURL   string
	Store     *store.Store
	Scheduler *jobs.Scheduler
	// SandboxMounted says whether the built-in sandbox is mounted on Handler under /sandbox.
	SandboxMounted bool
	Sandbox        *Sandbox
	Products       *catalog.Snapshot // Invalidate after changing products
	Accounts       *admin.Service
	Settings       *settings.Service // the seller's dashboard settings, reloaded for saves made on another instance
	Checkout       *checkout.Service
	Frotel         *frotel.Client
	// Outbox sends the queued SMS and e-mails (serve runs Outbox.Run beside the scheduler) and queues one-time
	// codes (QueueCode, ErrSMSOff when SHOP_SMS_PROVIDER is empty).
	Outbox *notify.Sender
	// SandboxSMS is what a shop on SHOP_SMS_PROVIDER=sandbox sent (nil on any other provider): the sandbox's own
	// when it is mounted, listed at /sandbox/sms.
	SandboxSMS *sandbox.SMS
	Account    *account.Service
	// Codes holds the one-time codes sent when they go to a DevSender (the sandbox, tests): tests and `make run`
	// read them here or at /sandbox/codes. nil with a real sender.
	Codes *account.DevSender
}

// Close closes the database.
func (s *Shop) Close() error { return s.Store.Close() }

// SandboxFrotelKey is the API key the built-in Frotel sandbox expects when no real key is configured.
const SandboxFrotelKey = "sandbox-frotel-api-key"

// Build wires the shop from cfg.
func Build(ctx context.Context, cfg config.Config, opt Options) (*Shop, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = logctx.Wrap(log) // every line a request causes carries its id, whichever service writes it
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	baseURL := PublicURL(cfg)
	secret, err := SessionSecret(cfg, log)
	if err != nil {
		return nil, err
	}
	mailer := opt.Mailer
	if mailer == nil {
		mailer = smtpMailer(cfg)
	}
	// Order moves and events queue their messages in their own transactions, on the channels that are on.
	notifyCfg := notify.Config{SMS: cfg.SMS.Provider != "", Email: mailer != nil, Base: baseURL, ShopName: templates.ShopName}
	st, err := store.Open(cfg.Database, store.WithNotify(notifyCfg))
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Shop, error) {
		_ = st.Close()
		return nil, err
	}
	seeded, err := st.SeedProducts(ctx, catalog.DemoProducts())
	if err != nil {
		return fail(err)
	}
	if seeded {
		if err := seedDemoPhotos(ctx, st); err != nil {
			return fail(err)
		}
		log.Info("empty catalog: seeded the demo products", "count", len(catalog.DemoProducts()))
	}
	unit, err := iran.ParsePriceUnit(cfg.PriceUnit)
	if err != nil {
		return fail(err)
	}
	cities := geo.Default()
	if cfg.FrotelCities != "" {
		if cities, err = geo.Load(cfg.FrotelCities); err != nil {
			return fail(fmt.Errorf("SHOP_FROTEL_CITIES: %w", err))
		}
	}

	// The sandbox is mounted on the shop's own server: the browser reaches it at the public URL, the shop's
	// clients over loopback. Only when every upstream is on it (SandboxPlan says why not).
	mountSandbox, note, err := SandboxPlan(cfg)
	if err != nil {
		return fail(err)
	}
	if note != "" {
		log.Warn(note)
	}
	if !mountSandbox && cfg.LoyaltySandbox() {
		cfg.LoyaltyEnabled = false // nothing answers at the sandbox's loyalty URL
	}
	var sb *Sandbox
	if mountSandbox {
		sb = NewSandbox(cfg, baseURL+"/sandbox", baseURL)
	}
	loopback := "http://" + LoopbackAddr(cfg.Addr) + "/sandbox"

	mx := metrics.New()
	frotelCfg := FrotelConfig(cfg, loopback, log)
	frotelCfg.Observe = mx.FrotelAttempt
	fc, err := frotel.New(frotelCfg)
	if err != nil {
		return fail(fmt.Errorf("frotel client: %w", err))
	}
	var methods []checkout.SendMethod
	for _, slug := range cfg.SendMethods {
		m, err := checkout.ParseSendMethod(slug)
		if err != nil {
			return fail(fmt.Errorf("SHOP_SEND_METHODS: %w", err))
		}
		methods = append(methods, m)
	}
	textProvider, sandboxSMS, err := smsProvider(cfg, sb, log)
	if err != nil {
		return fail(err)
	}
	sent := metrics.NewMessages()
	if err := mx.Register(sent.Collector()); err != nil {
		return fail(err)
	}
	outbox := notify.NewSender(notify.SenderConfig{Outbox: st, SMS: textProvider, Mail: mailer, Logger: log, Now: now,
		Observe: sent.Observe})
	// One-time codes need a sender: the one given, the SMS outbox when SHOP_SMS_PROVIDER names one (codes go out
	// first, by Kavenegar's lookup when a template is set, and the sandbox lists them at /sandbox/sms), or with the
	// sandbox mounted and SMS off a DevSender that keeps them for /sandbox/codes. Without any, sign-in by mobile
	// and COD by code are off (/account unrouted). With SMS on, cash on delivery waits for the mobile's code.
	codes := opt.CodeSender
	if codes == nil && cfg.SMS.Provider != "" {
		codes = outbox
	}
	devCodes, _ := codes.(*account.DevSender)
	if codes == nil && mountSandbox {
		devCodes = &account.DevSender{}
		codes = devCodes
	}
	var accountSvc *account.Service
	if codes != nil {
		if accountSvc, err = account.NewService(st, codes, httpkit.DeriveKey(secret, "shop one-time codes"), account.Settings{}, now, log); err != nil {
			return fail(err)
		}
	} else {
		log.Info("sign-in by mobile is off: no SMS sender is configured")
	}
	co, err := checkout.NewService(st, frotel.NewFulfilment(fc), cities, checkout.Settings{
		SendMethods: methods, FreeShippingAbove: cfg.FreeShipAbove, CourierFee: cfg.CourierPrice,
		CourierCities: cfg.CourierCities, QuoteTTL: cfg.QuoteCacheTTL, PublicURL: baseURL,
		ReconcileGrace: cfg.ReconcileGrace, StockHold: cfg.StockHold,
		Limits: checkout.Limits{Window: cfg.LimitWindow, ChecksPerOrder: int(cfg.LimitChecks),
			CallbacksPerOrder: int(cfg.LimitCallbacks), LinkRefreshes: int(cfg.LimitLinkRefreshes),
			VerifyWindow: cfg.VerifyWindow},
		COD: checkout.CODLimits{PerAddress: codCap(cfg.LimitCODPerAddress), UnsettledPerMobile: codCap(cfg.LimitCODPerMobile)},
	}, now, log, checkout.ObserveVerify(mx.CheckPay), verifyRetryPauses(opt.VerifyRetryPauses), checkout.CODByCode((opt.CODByCode || cfg.SMS.Provider != "") && accountSvc != nil))
	if err != nil {
		return fail(err)
	}

	// The environment's shipping values are the defaults; what the owner saved in the dashboard wins, and every
	// later save reaches the checkout at once.
	shopSettings := settings.New(st, settings.Shop{Name: templates.ShopName, Checkout: co.Settings()},
		func(sh settings.Shop) { co.UpdateSettings(sh.Checkout) })
	if err := shopSettings.Load(ctx); err != nil {
		return fail(err)
	}

	club, err := loyaltyClient(cfg, loopback, log, mx)
	if err != nil {
		return fail(err)
	}
	ly := loyalty.NewService(loyalty.ServiceConfig{Club: club, Store: st, Enabled: cfg.LoyaltyEnabled,
		ChooseGroups: cfg.LoyaltyChooseGroup, EnglishNames: cfg.LoyaltyEnglishNames, CustomerGroup: cfg.LoyaltyCustomerGroup, CardGroup: cfg.LoyaltyCardGroup,
		Timeout: cfg.LoyaltyTimeout, Logger: log})
	sched, err := scheduler(cfg, st, club, co, log, mx)
	if err != nil {
		return fail(err)
	}
	if err := sched.Add(outbox.Job()); err != nil {
		return fail(err)
	}
	accounts := admin.NewService(st, cfg.AdminIdle, now, admin.WithHashCost(opt.AdminHashCost))
	if err := addStatusSync(sched, co, st, log); err != nil {
		return fail(err)
	}
	if err := mx.Register(metrics.OrdersByState(st, log)); err != nil {
		return fail(err)
	}

	var sandboxHandler http.Handler
	if sb != nil {
		sandboxHandler = sb.Handler
		if devCodes != nil {
			sandboxHandler = withDevCodes(sb.Handler, devCodes)
		}
	}
	// Pages read the catalog from memory; whoever edits products (the admin editor) calls products.Invalidate, and
	// the age limit covers edits made by another instance or straight in the database.
	maxAge := opt.CatalogMaxAge
	switch {
	case maxAge == 0:
		maxAge = 30 * time.Second
	case maxAge < 0:
		maxAge = 0
	}
	products := catalog.NewSnapshot(st, maxAge)
	images := catalog.Images{Dir: filepath.Join(cfg.DataDir, "product-images")}
	dash, err := dashboard.New(dashboardDeps(dashboard.Deps{Checkout: co, Settings: shopSettings, Loyalty: ly,
		ProductImages: images, PriceUnit: unit, SecureCookies: cfg.SecureCookies(), Sandbox: sandboxHandler != nil,
		CSRFKey: httpkit.DeriveKey(secret, dashboard.CSRFKeyLabel), Logger: log, Now: now, Notify: notifyCfg}, accounts, st, fc, sched, products))
	if err != nil {
		return fail(err)
	}
	srv, err := web.New(web.Deps{
		Mailer:         mailer,
		Catalog:        products,
		Settings:       shopSettings,
		ProductImages:  images,
		Photos:         st,
		Checkout:       co,
		Loyalty:        ly,
		Account:        accountSvc, // a nil *Service leaves /account unrouted
		Sessions:       web.NewSessionStore(secret, cfg.SecureCookies()),
		BaseURL:        baseURL,
		PriceUnit:      unit,
		SecureCookies:  cfg.SecureCookies(),
		Sandbox:        sandboxHandler,
		Ready:          st.Ready,
		Metrics:        mx,
		MetricsToken:   cfg.MetricsToken,
		Dashboard:      dash,
		Logger:         log,
		TrustedProxies: cfg.TrustedProxies,
		PageCacheBytes: cfg.PageCacheBytes,
		Sold:           st.SoldByProduct,
		Limits: web.Limits{Callback: web.Limit(cfg.RateCallback), Track: web.Limit(cfg.RateTrack),
			Checkout: web.Limit(cfg.RateCheckout), Order: web.Limit(cfg.RateOrder), Account: web.Limit(cfg.RateAccount)},
	})
	if err != nil {
		return fail(err)
	}
	return &Shop{Handler: srv, Server: srv, BaseURL: baseURL, Store: st, Scheduler: sched, SandboxMounted: mountSandbox,
		Sandbox: sb, Products: products, Accounts: accounts, Settings: shopSettings, Checkout: co, Frotel: fc,
		Outbox: outbox, SandboxSMS: sandboxSMS, Account: accountSvc, Codes: devCodes}, nil
}

// withDevCodes serves the DevSender's codes at /sandbox/codes beside the sandbox (the handler sees paths with
// /sandbox stripped): the test hook the browser journey reads its code from, until the SMS sandbox page lists
// every message.
func withDevCodes(sandbox http.Handler, codes *account.DevSender) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/codes", codes.Handler())
	mux.Handle("/", sandbox)
	return mux
}

// PublicURL is SHOP_BASE_URL, or the listening address over http when it is unset.
func PublicURL(cfg config.Config) string {
	if cfg.BaseURL == "" {
		return "http://" + cfg.Addr
	}
	return cfg.BaseURL
}

// LoopbackAddr is where the shop reaches its own listener (the sandbox) from inside the process.
func LoopbackAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// FrotelConfig is the Frotel client's configuration: the configured mirrors, or the sandbox's three.
func FrotelConfig(cfg config.Config, loopback string, log *slog.Logger) frotel.Config {
	fc := frotel.Config{URLs: cfg.FrotelURLs, APIKey: cfg.FrotelAPIKey, Timeout: cfg.FrotelTimeout, Cooldown: cfg.FrotelCooldown, Logger: log}
	if cfg.FrotelSandbox() {
		fc.APIKey = SandboxFrotelKey
		for i := 1; i <= 3; i++ {
			fc.URLs = append(fc.URLs, fmt.Sprintf("%s/frotel/%d/ws/v1/rest", loopback, i))
		}
	}
	return fc
}

func loyaltyClient(cfg config.Config, loopback string, log *slog.Logger, mx *metrics.Metrics) (*loyalty.Client, error) {
	lc := LoyaltyConfig(cfg, loopback, log)
	lc.Observe = mx.LoyaltyCall
	if !cfg.LoyaltySandbox() && cfg.LoyaltyEnabled && loyalty.UnanchoredBareIP(lc.BaseURL, lc.PinSHA256, lc.CAFile) {
		// Without this line the seller would only ever see a checkout box that says "unavailable".
		log.Warn("loyalty: SHOP_LOYALTY_URL is https on a bare IP address and neither SHOP_LOYALTY_PIN_SHA256 nor SHOP_LOYALTY_CA_FILE is set: "+
			"its certificate will most likely fail the check and every loyalty call will be 'unavailable'; "+
			"run `shop check` to see the certificate's fingerprint, confirm it with the club and set SHOP_LOYALTY_PIN_SHA256",
			"url", lc.BaseURL)
	}
	c, err := loyalty.NewClient(lc)
	if err != nil {
		return nil, fmt.Errorf("loyalty client: %w", err)
	}
	return c, nil
}

// LoyaltyConfig is the loyalty client's configuration: the configured club, or the sandbox's.
func LoyaltyConfig(cfg config.Config, loopback string, log *slog.Logger) loyalty.ClientConfig {
	lc := loyalty.ClientConfig{BaseURL: cfg.LoyaltyURL, AppKey: cfg.LoyaltyAppKey, AppSecret: cfg.LoyaltyAppSecret,
		Timeout: cfg.LoyaltyTimeout, PinSHA256: cfg.LoyaltyPinSHA256, CAFile: cfg.LoyaltyCAFile, Logger: log}
	if cfg.LoyaltySandbox() {
		lc.BaseURL = loopback + "/loyalty/api/api/GeneralApi"
		lc.AppKey, lc.AppSecret = sandbox.LoyaltyDefaultAppKey, sandbox.LoyaltyDefaultAppSecret
	}
	return lc
}

// SessionSecret returns SHOP_SESSION_SECRET, or a key generated once and kept in the data folder, so sessions
// survive restarts without anyone having to invent a secret for a first run.
func SessionSecret(cfg config.Config, log *slog.Logger) ([]byte, error) {
	if cfg.SessionSecret != "" {
		return []byte(cfg.SessionSecret), nil
	}
	path := filepath.Join(cfg.DataDir, "session.key")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, fmt.Errorf("generate session secret: %w", err)
	}
	key := hex.EncodeToString(buf)
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("save session secret: %w", err)
	}
	log.Warn("SHOP_SESSION_SECRET is not set: generated one and saved it; set SHOP_SESSION_SECRET in production", "path", path)
	return []byte(key), nil
}

// smtpMailer is the order-link e-mail when the seller set an SMTP server, nil (off) otherwise.
func smtpMailer(cfg config.Config) web.Mailer {
	m := mail.New(mail.Config{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, User: cfg.SMTPUser, Password: cfg.SMTPPassword})
	if m == nil {
		return nil // a nil *mail.Sender in the interface would not read as off
	}
	return m
}

// smsProvider is the configured SMS provider: nil when SMS is off, the sandbox's list on "sandbox", otherwise the
// one registered under the name (internal/sms). The API key goes to the provider and nowhere else.
func smsProvider(cfg config.Config, sb *Sandbox, log *slog.Logger) (sms.Provider, *sandbox.SMS, error) {
	switch cfg.SMS.Provider {
	case "":
		return nil, nil, nil
	case "sandbox":
		if sb != nil {
			return sb.SMS, sb.SMS, nil
		}
		log.Warn("SHOP_SMS_PROVIDER=sandbox without the built-in sandbox mounted: messages are kept in memory only, no page lists them")
		s := sandbox.NewSMS()
		return s, s, nil
	}
	p, err := sms.Open(cfg.SMS.Provider, sms.Settings{URL: cfg.SMS.URL, APIKey: cfg.SMS.APIKey, Sender: cfg.SMS.Sender,
		OTPTemplate: cfg.SMS.OTPTemplate})
	if err != nil {
		return nil, nil, fmt.Errorf("SHOP_SMS_PROVIDER: %w", err)
	}
	return p, nil, nil
}

// ReloadSettings reads the seller's settings again every so often, until ctx ends: a save in the dashboard of
// another instance on the same database reaches this one within the interval (this instance's own saves apply at
// once).
func (s *Shop) ReloadSettings(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Settings.Load(ctx); err != nil && ctx.Err() == nil {
				log.Warn("settings: reload failed; the last ones stay in use", "err", err)
			}
		}
	}
}

// codCap is a cash-on-delivery cap for checkout, where 0 takes the default: the setting's 0 (off) is -1 there.
func codCap(n int64) int {
	if n == 0 {
		return -1
	}
	return int(n)
}

// verifyRetryPauses is checkout's option for the pauses given, or no option at all (checkout's own defaults).
func verifyRetryPauses(ds []time.Duration) checkout.Option {
	if ds == nil {
		return func(*checkout.Service) {}
	}
	return checkout.VerifyRetryPauses(ds...)
}

// seedDemoPhotos gives the demo products just seeded their photos.
func seedDemoPhotos(ctx context.Context, st *store.Store) error {
	photos, err := catalog.DemoPhotos()
	if err != nil {
		return err
	}
	for _, p := range catalog.DemoProducts() {
		if _, err := st.AddProductPhotos(ctx, p.Code, photos[p.Code]); err != nil {
			return err
		}
	}
	return nil
}
