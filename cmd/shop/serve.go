package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"shop/internal/app"
	"shop/internal/config"
)

// serve runs the shop until ctx ends, then drains requests for up to 10 seconds.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	shop, err := app.Build(ctx, cfg, app.Options{Logger: log})
	if err != nil {
		return err
	}
	defer closeShop(shop, log)
	if err := seedDemoOwner(ctx, cfg, shop.Accounts, stdout); err != nil {
		return err
	}
	tuneGC(ctx, log)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           shop.Handler,
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
	go func() { shop.Scheduler.Run(jobsCtx, min(time.Minute, cfg.ReconcileInterval)); close(jobsDone) }()
	go shop.ReloadSettings(jobsCtx, 30*time.Second, log)
	// The outbox is sent every few seconds, and at once for a one-time code; never inside a shopper's request.
	outboxDone := make(chan struct{})
	go func() { shop.Outbox.Run(jobsCtx); close(outboxDone) }()
	fmt.Fprintf(stdout, "shop: serving %s (listening on %s)\n", shop.BaseURL+"/", ln.Addr())
	log.Info("shop started", "addr", ln.Addr().String(), "base_url", shop.BaseURL, "frotel_sandbox", cfg.FrotelSandbox(), "loyalty_sandbox", cfg.LoyaltySandbox())

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
	<-outboxDone
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("shop stopped")
	return nil
}

func closeShop(shop *app.Shop, log *slog.Logger) {
	if err := shop.Close(); err != nil {
		log.Error("close database", "err", err)
	}
}

// serveSandbox serves the fakes alone, for trying a real shop build or another client against them.
func serveSandbox(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	base := app.PublicURL(cfg)
	sb := app.NewSandbox(cfg, base, "") // a developer's tool for any shop: callbacks may point anywhere
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	// The fault switches and counters are reachable only here, on the stand-alone sandbox, for test processes.
	mux := http.NewServeMux()
	mux.Handle("/frotel/_control/", sb.Frotel.ControlHandler())
	mux.Handle("/", sb.Handler)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Shutdown(context.Background()) }()
	fmt.Fprintf(stdout, "sandbox: Frotel mirrors %s (api key %q)\nsandbox: loyalty club %s\nsandbox: fault switches %s\n",
		strings.Join(sb.Frotel.MirrorURLs(), " "), app.SandboxFrotelKey, sb.Loyalty.BaseURL(base), base+"/frotel/_control/")
	log.Info("sandbox started", "addr", ln.Addr().String())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("sandbox: %w", err)
	}
	return nil
}

// runJob runs one scheduled job once, now, whatever its window, and records the run like the scheduler does.
func runJob(ctx context.Context, cfg config.Config, log *slog.Logger, name string, stdout io.Writer) error {
	shop, err := app.Build(ctx, cfg, app.Options{Logger: log})
	if err != nil {
		return err
	}
	defer closeShop(shop, log)
	if shop.SandboxMounted {
		// The sandbox lives inside the shop's server: serve it on the loopback address for this run.
		ln, err := net.Listen("tcp", app.LoopbackAddr(cfg.Addr))
		if err != nil {
			return fmt.Errorf("job %s: the built-in sandbox needs %s free (stop `shop serve` or set SHOP_ADDR): %w", name, cfg.Addr, err)
		}
		srv := &http.Server{Handler: shop.Handler, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		defer srv.Close()
	}
	run, err := shop.Scheduler.RunOnce(ctx, name)
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
