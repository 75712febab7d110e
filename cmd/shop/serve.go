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

	"shop/internal/catalog"
	"shop/internal/config"
	"shop/internal/iran"
	"shop/internal/sandbox"
	"shop/internal/store"
	"shop/internal/web"
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
	handler http.Handler
	baseURL string
	store   *store.Store
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
	seeded, err := st.SeedProducts(ctx, catalog.DemoProducts())
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	if seeded {
		log.Info("empty catalog: seeded the demo products", "count", len(catalog.DemoProducts()))
	}
	unit, err := iran.ParsePriceUnit(cfg.PriceUnit)
	if err != nil {
		_ = st.Close()
		return nil, err
	}

	var sandboxHandler http.Handler
	if cfg.FrotelSandbox() || cfg.LoyaltySandbox() {
		sb := newSandbox(cfg, baseURL+"/sandbox")
		sandboxHandler = sb.handler
	}

	srv, err := web.New(web.Deps{
		Catalog:       st,
		Sessions:      web.NewSessionStore(secret, cfg.SecureCookies()),
		PriceUnit:     unit,
		SecureCookies: cfg.SecureCookies(),
		Sandbox:       sandboxHandler,
		Health:        func(context.Context) error { return st.Ping() },
		Logger:        log,
	})
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	return &app{handler: srv, baseURL: baseURL, store: st}, nil
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

func jobNames() []string { return []string{"loyalty-sync"} }

func runJob(ctx context.Context, cfg config.Config, log *slog.Logger, name string, stdout io.Writer) error {
	return fmt.Errorf("job %q: not wired yet", name)
}
