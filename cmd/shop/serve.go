package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"shop/internal/mail"
	"strings"
	"time"

	"shop/internal/admin"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/config"
	"shop/internal/frotel"
	"shop/internal/geo"
	"shop/internal/iran"
	"shop/internal/jobs"
	"shop/internal/loyalty"
	"shop/internal/metrics"
	"shop/internal/sandbox"
	"shop/internal/settings"
	"shop/internal/store"
	"shop/internal/web"
	"shop/web/templates"
)

// sandboxFrotelKey is the API key the built-in Frotel sandbox expects when no real key is configured.
const sandboxFrotelKey = "sandbox-frotel-api-key"

// serve runs the shop until ctx ends, then drains requests for up to 10 seconds.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	app, err := build(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := seedDemoOwner(ctx, cfg, app.accounts, stdout); err != nil {
		return err
	}
	tuneGC(ctx, log)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           app.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	jobsCtx, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	jobsDone := make(chan struct{})
	go func() { app.scheduler.Run(jobsCtx, min(time.Minute, cfg.ReconcileInterval)); close(jobsDone) }()
	go app.reloadSettings(jobsCtx, 30*time.Second, log)
	fmt.Fprintf(stdout, "shop: serving %s (listening on %s)\n", app.baseURL+"/", ln.Addr())
	log.Info("shop started", "addr", ln.Addr().String(), "base_url", app.baseURL, "frotel_sandbox", cfg.FrotelSandbox(), "loyalty_sandbox", cfg.LoyaltySandbox())

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shop stopping: draining requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	// A running job is cancelled (its run is still recorded) and waited for, so the database closes after it.
	stopJobs()
	<-jobsDone
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("shop stopped")
	return nil
}

// app is the wired shop: its handler and what must be closed.
type app struct {
	handler   http.Handler
	baseURL   string
	store     *store.Store
	scheduler *jobs.Scheduler
	sandbox   bool              // the built-in sandbox is mounted on handler
	products  *catalog.Snapshot // Invalidate after changing products
	accounts  *admin.Service
	settings  *settings.Service // the seller's dashboard settings, reloaded for saves made on another instance
}

func (a *app) Close() {
	if err := a.store.Close(); err != nil {
		slog.Error("close database", "err", err)
	}
}

// build wires configuration, storage, upstream clients (or the built-in sandbox) and the web server.
func build(ctx context.Context, cfg config.Config, log *slog.Logger) (*app, error) {
	baseURL := publicURL(cfg)
	secret, err := sessionSecret(cfg, log)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(cfg.Database)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*app, error) {
		_ = st.Close()
		return nil, err
	}
	seeded, err := st.SeedProducts(ctx, catalog.DemoProducts())
	if err != nil {
		return fail(err)
	}
	if seeded {
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
	// clients over loopback. Only when every upstream is on it (sandboxPlan says why not).
	mountSandbox, note, err := sandboxPlan(cfg)
	if err != nil {
		return fail(err)
	}
	if note != "" {
		log.Warn(note)
	}
	if !mountSandbox && cfg.LoyaltySandbox() {
		cfg.LoyaltyEnabled = false // nothing answers at the sandbox's loyalty URL
	}
	var sb *sandboxes
	if mountSandbox {
		sb = newSandbox(cfg, baseURL+"/sandbox", baseURL)
	}
	loopback := "http://" + loopbackAddr(cfg.Addr) + "/sandbox"

	mx := metrics.New()
	frotelCfg := frotelConfig(cfg, loopback, log)
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
	co, err := checkout.NewService(st, frotel.NewFulfilment(fc), cities, checkout.Settings{
		SendMethods: methods, FreeShippingAbove: cfg.FreeShipAbove, CourierFee: cfg.CourierPrice,
		CourierCities: cfg.CourierCities, QuoteTTL: cfg.QuoteCacheTTL, PublicURL: baseURL,
		ReconcileGrace: cfg.ReconcileGrace,
		Limits: checkout.Limits{Window: cfg.LimitWindow, ChecksPerOrder: int(cfg.LimitChecks),
			CallbacksPerOrder: int(cfg.LimitCallbacks), LinkRefreshes: int(cfg.LimitLinkRefreshes),
			VerifyWindow: cfg.VerifyWindow},
	}, time.Now, log)
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

	co.OnVerify = mx.CheckPay
	club, err := loyaltyClient(cfg, loopback, log, mx)
	if err != nil {
		return fail(err)
	}
	ly := loyalty.NewService(loyalty.ServiceConfig{Club: club, Store: st, Enabled: cfg.LoyaltyEnabled,
		ChooseGroups: cfg.LoyaltyChooseGroup, CustomerGroup: cfg.LoyaltyCustomerGroup, CardGroup: cfg.LoyaltyCardGroup,
		Timeout: cfg.LoyaltyTimeout, Logger: log})
	sched, err := scheduler(cfg, st, club, co, log, mx)
	if err != nil {
		return fail(err)
	}
	accounts := admin.NewService(st, cfg.AdminIdle, time.Now)
	if err := addStatusSync(sched, co, st, log); err != nil {
		return fail(err)
	}
	if err := mx.Register(metrics.OrdersByState(st, log)); err != nil {
		return fail(err)
	}

	var sandboxHandler http.Handler
	if sb != nil {
		sandboxHandler = sb.handler
	}
	// Pages read the catalog from memory; whoever edits products (the admin editor) calls products.Invalidate, and
	// the age limit covers edits made by another instance or straight in the database.
	products := catalog.NewSnapshot(st, 30*time.Second)
	deps := web.Deps{
		Mailer:        mailer(cfg),
		Catalog:       products,
		Settings:      shopSettings,
		ProductImages: catalog.Images{Dir: filepath.Join(cfg.DataDir, "product-images")},
		Checkout:      co,
		Loyalty:       ly,
		Sessions:      web.NewSessionStore(secret, cfg.SecureCookies()),
		PriceUnit:     unit,
		SecureCookies: cfg.SecureCookies(),
		Sandbox:       sandboxHandler,
		Ready:         readiness(st),
		Metrics:       mx,
		MetricsToken:  cfg.MetricsToken,
		Admin:         adminDeps(accounts, st, fc, sched, products),
		Logger:        log,
	}
	deps.TrustedProxies = cfg.TrustedProxies
	deps.Limits = web.Limits{Callback: web.Limit(cfg.RateCallback), Track: web.Limit(cfg.RateTrack),
		Checkout: web.Limit(cfg.RateCheckout), Order: web.Limit(cfg.RateOrder)}
	srv, err := web.New(deps)
	if err != nil {
		return fail(err)
	}
	return &app{handler: srv, baseURL: baseURL, store: st, scheduler: sched, sandbox: mountSandbox, products: products,
		settings: shopSettings,
		accounts: accounts}, nil
}

// publicURL is SHOP_BASE_URL, or the listening address over http when it is unset.
func publicURL(cfg config.Config) string {
	if cfg.BaseURL == "" {
		return "http://" + cfg.Addr
	}
	return cfg.BaseURL
}

// loopbackAddr is where the shop reaches its own listener (the sandbox) from inside the process.
func loopbackAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// frotelConfig is the Frotel client's configuration: the configured mirrors, or the sandbox's three.
func frotelConfig(cfg config.Config, loopback string, log *slog.Logger) frotel.Config {
	fc := frotel.Config{URLs: cfg.FrotelURLs, APIKey: cfg.FrotelAPIKey, Timeout: cfg.FrotelTimeout, Cooldown: cfg.FrotelCooldown, Logger: log}
	if cfg.FrotelSandbox() {
		fc.APIKey = sandboxFrotelKey
		for i := 1; i <= 3; i++ {
			fc.URLs = append(fc.URLs, fmt.Sprintf("%s/frotel/%d/ws/v1/rest", loopback, i))
		}
	}
	return fc
}

func loyaltyClient(cfg config.Config, loopback string, log *slog.Logger, mx *metrics.Metrics) (*loyalty.Client, error) {
	lc := loyaltyConfig(cfg, loopback, log)
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

// loyaltyConfig is the loyalty client's configuration: the configured club, or the sandbox's.
func loyaltyConfig(cfg config.Config, loopback string, log *slog.Logger) loyalty.ClientConfig {
	lc := loyalty.ClientConfig{BaseURL: cfg.LoyaltyURL, AppKey: cfg.LoyaltyAppKey, AppSecret: cfg.LoyaltyAppSecret,
		Timeout: cfg.LoyaltyTimeout, PinSHA256: cfg.LoyaltyPinSHA256, CAFile: cfg.LoyaltyCAFile, Logger: log}
	if cfg.LoyaltySandbox() {
		lc.BaseURL = loopback + "/loyalty/api/api/GeneralApi"
		lc.AppKey, lc.AppSecret = sandbox.LoyaltyDefaultAppKey, sandbox.LoyaltyDefaultAppSecret
	}
	return lc
}

// scheduler registers the scheduled jobs; `serve` runs it, `shop job NAME` runs one job once.
func scheduler(cfg config.Config, st *store.Store, club *loyalty.Client, co *checkout.Service, log *slog.Logger, mx *metrics.Metrics) (*jobs.Scheduler, error) {
	window, err := jobs.ParseWindow(cfg.LoyaltySyncWindow)
	if err != nil {
		return nil, fmt.Errorf("SHOP_LOYALTY_SYNC_WINDOW: %w", err)
	}
	s := jobs.New(st, jobs.Options{Logger: log, Observe: mx.JobRun})
	if cfg.LoyaltyEnabled {
		sync := &loyalty.SyncJob{Club: club, Store: st, History: st, Terminals: cfg.LoyaltyTerminals, Logger: log}
		if err := s.Add(sync.Job(window)); err != nil {
			return nil, err
		}
	}
	if err := s.Add(reconcileJob(co, cfg.ReconcileInterval)); err != nil {
		return nil, err
	}
	return s, nil
}

// reconcileJob settles orders and payments a crash or a lost answer left in between; it runs at start and then
// every interval.
func reconcileJob(co *checkout.Service, every time.Duration) jobs.Job {
	return jobs.Job{Name: "reconcile", Every: every, Timeout: 10 * time.Minute, Func: func(ctx context.Context) (jobs.Result, error) {
		rep, err := co.Reconcile(ctx)
		return jobs.Result{RowsSeen: rep.Examined, RowsNew: rep.Registered + rep.ForPerson + rep.Verified,
			Note: fmt.Sprintf("registered %d, for a person %d, checked again %d, paid %d, still pending %d",
				rep.Registered, rep.ForPerson, rep.Verified, rep.Paid, rep.StillPending)}, err
	}}
}

// sandboxes are the built-in fakes, mounted together under one prefix.
type sandboxes struct {
	frotel  *sandbox.Frotel
	loyalty *sandbox.Loyalty
	handler http.Handler
}

// newSandbox builds the fakes; with shopURL set, its bank page returns only to that shop's callbacks.
func newSandbox(cfg config.Config, publicURL, shopURL string) *sandboxes {
	sb := &sandboxes{
		frotel: sandbox.NewFrotel(sandbox.FrotelOptions{APIKey: sandboxFrotelKey, PublicURL: publicURL, ShopURL: shopURL,
			EmptyBanks: cfg.SandboxBanks == "none", LiveShapes: cfg.LiveShapes}),
		loyalty: sandbox.NewLoyalty(sandbox.LoyaltyOptions{Terminals: cfg.LoyaltyTerminals}),
	}
	mux := http.NewServeMux()
	mux.Handle("/loyalty/", sb.loyalty.Handler())
	mux.Handle("/", sb.frotel.Handler())
	sb.handler = mux
	return sb
}

// serveSandbox serves the fakes alone, for trying a real shop build or another client against them.
func serveSandbox(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	base := cfg.BaseURL
	if base == "" {
		base = "http://" + cfg.Addr
	}
	sb := newSandbox(cfg, base, "") // a developer's tool for any shop: callbacks may point anywhere
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	// The fault switches and counters are reachable only here, on the stand-alone sandbox, for test processes.
	mux := http.NewServeMux()
	mux.Handle("/frotel/_control/", sb.frotel.ControlHandler())
	mux.Handle("/", sb.handler)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Shutdown(context.Background()) }()
	fmt.Fprintf(stdout, "sandbox: Frotel mirrors %s (api key %q)\nsandbox: loyalty club %s\nsandbox: fault switches %s\n",
		strings.Join(sb.frotel.MirrorURLs(), " "), sandboxFrotelKey, sb.loyalty.BaseURL(base), base+"/frotel/_control/")
	log.Info("sandbox started", "addr", ln.Addr().String())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("sandbox: %w", err)
	}
	return nil
}

// sessionSecret returns SHOP_SESSION_SECRET, or a key generated once and kept in the data folder, so sessions
// survive restarts without anyone having to invent a secret for a first run.
func sessionSecret(cfg config.Config, log *slog.Logger) ([]byte, error) {
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

func jobNames() []string { return []string{"loyalty-sync", "reconcile", checkout.SyncJobName} }

// runJob runs one scheduled job once, now, whatever its window, and records the run like the scheduler does.
func runJob(ctx context.Context, cfg config.Config, log *slog.Logger, name string, stdout io.Writer) error {
	app, err := build(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer app.Close()
	if app.sandbox {
		// The sandbox lives inside the shop's server: serve it on the loopback address for this run.
		ln, err := net.Listen("tcp", loopbackAddr(cfg.Addr))
		if err != nil {
			return fmt.Errorf("job %s: the built-in sandbox needs %s free (stop `shop serve` or set SHOP_ADDR): %w", name, cfg.Addr, err)
		}
		srv := &http.Server{Handler: app.handler, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		defer srv.Close()
	}
	run, err := app.scheduler.RunOnce(ctx, name)
	if err != nil {
		return fmt.Errorf("job %s: %w", name, err)
	}
	fmt.Fprintf(stdout, "job %s: rows seen %d, new %d, gap %v, %s (%s)\n", name, run.RowsSeen, run.RowsNew, run.Gap, run.Note,
		run.FinishedAt.Sub(run.StartedAt).Round(time.Millisecond))
	if run.Error != "" {
		return fmt.Errorf("job %s failed: %s", name, run.Error)
	}
	return nil
}

// mailer is the order-link e-mail when the seller set an SMTP server, nil (off) otherwise.
func mailer(cfg config.Config) web.Mailer {
	m := mail.New(mail.Config{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, User: cfg.SMTPUser, Password: cfg.SMTPPassword})
	if m == nil {
		return nil // a nil *mail.Sender in the interface would not read as off
	}
	return m
}

// reloadSettings reads the seller's settings again every so often: a save in the dashboard of another instance on
// the same database reaches this one within the interval (this instance's own saves apply at once).
func (a *app) reloadSettings(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.settings.Load(ctx); err != nil && ctx.Err() == nil {
				log.Warn("settings: reload failed; the last ones stay in use", "err", err)
			}
		}
	}
}
