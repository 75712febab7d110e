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
	go app.scheduler.Run(jobsCtx, time.Minute)
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
	accounts  *admin.Service
}

func (a *app) Close() {
	if err := a.store.Close(); err != nil {
		slog.Error("close database", "err", err)
	}
}

// build wires configuration, storage, upstream clients (or the built-in sandbox) and the web server.
func build(ctx context.Context, cfg config.Config, log *slog.Logger) (*app, error) {
	baseURL := cfg.BaseURL
	if baseURL == "" {
		baseURL = "http://" + cfg.Addr
	}
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
	// clients over loopback.
	var sb *sandboxes
	if cfg.FrotelSandbox() || cfg.LoyaltySandbox() {
		sb = newSandbox(cfg, baseURL+"/sandbox")
	}
	loopback := "http://" + loopbackAddr(cfg.Addr) + "/sandbox"

	frotelCfg := frotel.Config{URLs: cfg.FrotelURLs, APIKey: cfg.FrotelAPIKey, Timeout: cfg.FrotelTimeout, Cooldown: cfg.FrotelCooldown, Logger: log}
	if cfg.FrotelSandbox() {
		frotelCfg.APIKey = sandboxFrotelKey
		for i := 1; i <= 3; i++ {
			frotelCfg.URLs = append(frotelCfg.URLs, fmt.Sprintf("%s/frotel/%d/ws/v1/rest", loopback, i))
		}
	}
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

	club, err := loyaltyClient(cfg, loopback, log)
	if err != nil {
		return fail(err)
	}
	ly := loyalty.NewService(loyalty.ServiceConfig{Club: club, Store: st, Enabled: cfg.LoyaltyEnabled,
		ChooseGroups: cfg.LoyaltyChooseGroup, Timeout: cfg.LoyaltyTimeout, Logger: log})
	sched, err := scheduler(cfg, st, club, log)
	if err != nil {
		return fail(err)
	}
	accounts := admin.NewService(st, cfg.AdminIdle, time.Now)
	if err := addStatusSync(sched, co, st, log); err != nil {
		return fail(err)
	}

	var sandboxHandler http.Handler
	if sb != nil {
		sandboxHandler = sb.handler
	}
	srv, err := web.New(web.Deps{
		Catalog:       st,
		Settings:      shopSettings,
		ProductImages: catalog.Images{Dir: filepath.Join(cfg.DataDir, "product-images")},
		Checkout:      co,
		Loyalty:       ly,
		Sessions:      web.NewSessionStore(secret, cfg.SecureCookies()),
		PriceUnit:     unit,
		SecureCookies: cfg.SecureCookies(),
		Sandbox:       sandboxHandler,
		Admin:         adminDeps(accounts, st, fc, sched),
		Health:        func(context.Context) error { return st.Ping() },
		Logger:        log,
	})
	if err != nil {
		return fail(err)
	}
	return &app{handler: srv, baseURL: baseURL, store: st, scheduler: sched, accounts: accounts}, nil
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

func loyaltyClient(cfg config.Config, loopback string, log *slog.Logger) (*loyalty.Client, error) {
	lc := loyalty.ClientConfig{BaseURL: cfg.LoyaltyURL, AppKey: cfg.LoyaltyAppKey, AppSecret: cfg.LoyaltyAppSecret,
		Timeout: cfg.LoyaltyTimeout, PinSHA256: cfg.LoyaltyPinSHA256, CAFile: cfg.LoyaltyCAFile, Logger: log}
	if cfg.LoyaltySandbox() {
		lc.BaseURL = loopback + "/loyalty/api/api/GeneralApi"
		lc.AppKey, lc.AppSecret = sandbox.LoyaltyDefaultAppKey, sandbox.LoyaltyDefaultAppSecret
	}
	c, err := loyalty.NewClient(lc)
	if err != nil {
		return nil, fmt.Errorf("loyalty client: %w", err)
	}
	return c, nil
}

// scheduler registers the scheduled jobs; `serve` runs it, `shop job NAME` runs one job once.
func scheduler(cfg config.Config, st *store.Store, club *loyalty.Client, log *slog.Logger) (*jobs.Scheduler, error) {
	window, err := jobs.ParseWindow(cfg.LoyaltySyncWindow)
	if err != nil {
		return nil, fmt.Errorf("SHOP_LOYALTY_SYNC_WINDOW: %w", err)
	}
	s := jobs.New(st, jobs.Options{Logger: log})
	if cfg.LoyaltyEnabled {
		sync := &loyalty.SyncJob{Club: club, Store: st, History: st, Terminals: cfg.LoyaltyTerminals, Logger: log}
		if err := s.Add(sync.Job(window)); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// sandboxes are the built-in fakes, mounted together under one prefix.
type sandboxes struct {
	frotel  *sandbox.Frotel
	loyalty *sandbox.Loyalty
	handler http.Handler
}

func newSandbox(cfg config.Config, publicURL string) *sandboxes {
	sb := &sandboxes{
		frotel:  sandbox.NewFrotel(sandbox.FrotelOptions{APIKey: sandboxFrotelKey, PublicURL: publicURL, EmptyBanks: cfg.SandboxBanks == "none"}),
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
	sb := newSandbox(cfg, base)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{Handler: sb.handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Shutdown(context.Background()) }()
	fmt.Fprintf(stdout, "sandbox: Frotel mirrors %s (api key %q)\nsandbox: loyalty club %s\n",
		strings.Join(sb.frotel.MirrorURLs(), " "), sandboxFrotelKey, sb.loyalty.BaseURL(base))
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

func jobNames() []string { return []string{"loyalty-sync", checkout.SyncJobName} }

// runJob runs one scheduled job once, now, whatever its window, and records the run like the scheduler does.
func runJob(ctx context.Context, cfg config.Config, log *slog.Logger, name string, stdout io.Writer) error {
	app, err := build(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer app.Close()
	if cfg.LoyaltySandbox() || cfg.FrotelSandbox() {
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
