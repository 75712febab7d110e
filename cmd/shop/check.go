package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"shop/internal/app"
	"shop/internal/check"
	"shop/internal/config"
)

// runCheck builds the shop exactly as `serve` does, serves it on SHOP_ADDR for the length of the checks
// (so SHOP_BASE_URL and the in-process sandbox have something to answer them), runs internal/check and
// prints one line per check. Any ✗ makes it return an error, and the process exit non-zero.
func runCheck(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	quiet := slog.New(slog.DiscardHandler)
	loopback := "http://" + app.LoopbackAddr(cfg.Addr) + "/sandbox"
	s := check.Settings{
		BaseURL:        app.PublicURL(cfg),
		BaseURLSet:     cfg.BaseURL != "",
		OnSandbox:      cfg.FrotelSandbox() && cfg.LoyaltySandbox(),
		SandboxMounted: cfg.FrotelSandbox() || cfg.LoyaltySandbox(),
		Frotel:         app.FrotelConfig(cfg, loopback, quiet),
		LoyaltyEnabled: cfg.LoyaltyEnabled,
		Loyalty:        app.LoyaltyConfig(cfg, loopback, quiet),
		Timeout:        cfg.FrotelTimeout,
	}
	var pre []check.Result
	shop, err := app.Build(ctx, cfg, app.Options{Logger: log})
	if err != nil {
		pre = append(pre, check.Result{Level: check.Fail, Name: "shop starts", En: err.Error(),
			Fa: "فروشگاه با این تنظیمات راه نمی‌افتد؛ خطا را برطرف کنید."})
	} else {
		defer closeShop(shop, log)
		s.DB, s.Owners = shop.Store, shop.Store
		if secret, err := app.SessionSecret(cfg, quiet); err == nil {
			s.Session = check.Session{FromEnv: cfg.SessionSecret != "", Length: len(secret), Path: filepath.Join(cfg.DataDir, "session.key")}
		}
		ln, err := net.Listen("tcp", cfg.Addr)
		if err != nil {
			// Most likely `shop serve` is running: then the checks talk to it, which is what a seller
			// running `shop check` beside a live shop wants.
			pre = append(pre, check.Result{Level: check.Warn, Name: "listener", En: cfg.Addr + " is in use (a running shop?): the checks talk to whatever answers there",
				Fa: "نشانی " + cfg.Addr + " در حال استفاده است؛ بررسی‌ها با فروشگاهِ در حال اجرا انجام می‌شود."})
		} else {
			srv := &http.Server{Handler: shop.Handler, ReadHeaderTimeout: 10 * time.Second}
			go func() { _ = srv.Serve(ln) }()
			defer srv.Close()
		}
	}
	results := append(pre, check.Run(ctx, s)...)
	check.Print(stdout, results)
	if n := check.Failed(results); n > 0 {
		return fmt.Errorf("check: %d of %d checks failed", n, len(results))
	}
	return nil
}

// printConfigErrors reports an invalid configuration as ✗ lines, one per problem, so `shop check` speaks
// the same way when the settings themselves are wrong.
func printConfigErrors(w io.Writer, err error) {
	var lines []check.Result
	for _, msg := range strings.Split(err.Error(), "\n") {
		lines = append(lines, check.Result{Level: check.Fail, Name: "settings", En: msg, Fa: "تنظیمات نادرست است؛ پیش از بررسی‌ها آن را درست کنید."})
	}
	check.Print(w, lines)
}

var errCheckSettings = errors.New("check: the settings are invalid")
