// Command shop runs the Frotel shop. Subcommands:
//
//	shop serve            the shop (default)
//	shop sandbox          the built-in fakes of Frotel, the loyalty club and the bank, alone
//	shop check            check the settings, the database and every upstream before opening (exit 1 on any ✗)
//	shop job NAME         run one scheduled job once (loyalty-sync, reconcile, sync-status)
//	shop admin create     create a dashboard account or reset its password (-email, -role owner|staff)
//	shop help             settings and their defaults
//
// Every setting is a SHOP_* environment variable; a flag with the same name in lower case without the prefix
// (SHOP_BASE_URL -> -base-url) overrides it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	_ "time/tzdata" // schedules and Jalali dates never depend on the host's zone files

	"shop/internal/app"
	"shop/internal/config"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "shop:", err)
		os.Exit(1)
	}
}

func run(args []string, getenv config.Getenv, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var jobName string
	if cmd == "job" && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		jobName, args = args[0], args[1:]
	}
	if cmd == "help" {
		printHelp(stdout)
		return nil
	}
	if cmd == "admin" { // its own flags (-email, -role): see admin.go
		return runAdmin(args, getenv, os.Stdin, stdout, stderr)
	}
	fs := flag.NewFlagSet("shop "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	overrides := map[string]*string{}
	for _, v := range config.Vars {
		name := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(v.Name, "SHOP_")), "_", "-")
		if v.Default == "true" || v.Default == "false" {
			// A switch: -live-shapes alone means true, -live-shapes=false still works.
			s := new(string)
			fs.Var(boolString{s}, name, v.Help+" (env "+v.Name+")")
			overrides[v.Name] = s
			continue
		}
		overrides[v.Name] = fs.String(name, "", v.Help+" (env "+v.Name+")")
	}
	fs.Usage = func() { printHelp(stderr) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	env := func(name string) string {
		if p := overrides[name]; p != nil && *p != "" {
			return *p
		}
		return getenv(name)
	}
	cfg, err := config.Load(env)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		if cmd == "check" {
			printConfigErrors(stdout, err)
			return errCheckSettings
		}
		return fmt.Errorf("configuration: %w", err)
	}
	level := cfg.LogLevel
	if cmd == "check" && level == "info" {
		level = "warn" // the check's lines are its output; the request log of its own probes is noise
	}
	log := newLogger(level, stderr)
	slog.SetDefault(log)
	for _, w := range cfg.Warnings() {
		log.Warn("configuration: " + w)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log, stdout)
	case "sandbox":
		return serveSandbox(ctx, cfg, log, stdout)
	case "check":
		return runCheck(ctx, cfg, log, stdout)
	case "job":
		if jobName == "" && fs.NArg() == 1 {
			jobName = fs.Arg(0)
		}
		if jobName == "" {
			return fmt.Errorf("usage: shop job NAME [flags] (jobs: %s)", strings.Join(app.JobNames(), ", "))
		}
		return runJob(ctx, cfg, log, jobName, stdout)
	}
	return fmt.Errorf("unknown command %q (serve, sandbox, check, job, admin, help)", cmd)
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "usage: shop [serve|sandbox|check|job NAME|admin create -email EMAIL [-role owner|staff]|help] [flags]")
	fmt.Fprintln(w, "settings (environment variable, flag, default):")
	for _, v := range config.Vars {
		flagName := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(v.Name, "SHOP_")), "_", "-")
		fmt.Fprintf(w, "  %-28s -%-22s %s\n      %s\n", v.Name, flagName, v.Default, v.Help)
	}
}

func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// boolString is a boolean setting's flag: given alone it means "true"; its value is read by config like the
// environment's.
type boolString struct{ v *string }

func (b boolString) String() string {
	if b.v == nil {
		return ""
	}
	return *b.v
}

func (b boolString) Set(s string) error { *b.v = s; return nil }

func (b boolString) IsBoolFlag() bool { return true }
