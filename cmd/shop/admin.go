package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"shop/internal/catalog"
	"strings"
	"time"

	"golang.org/x/term"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/config"
	"shop/internal/frotel"
	"shop/internal/jobs"
	"shop/internal/store"
	"shop/internal/web/dashboard"
)

// demoOwnerEmail is the owner account a new sandbox shop gets, so `make run` leads straight into the dashboard.
const demoOwnerEmail = "owner@shop.test"

// runAdmin is `shop admin create -email EMAIL [-role owner|staff]`: it creates the account or, when the e-mail
// has one, resets its password and role. The password comes from SHOP_ADMIN_PASSWORD, or is read from the
// terminal without echo (twice), or as one line from a pipe.
func runAdmin(args []string, getenv config.Getenv, stdin *os.File, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: shop admin create -email EMAIL [-role owner|staff]")
	}
	fs := flag.NewFlagSet("shop admin create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "the account's e-mail address")
	roleName := fs.String("role", "", "owner or staff (default: owner for a new account, unchanged for an existing one)")
	overrides := map[string]*string{}
	for _, v := range config.Vars {
		name := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(v.Name, "SHOP_")), "_", "-")
		overrides[v.Name] = fs.String(name, "", v.Help+" (env "+v.Name+")")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("usage: shop admin create -email EMAIL [-role owner|staff]")
	}
	addr, err := admin.NormalizeEmail(*email)
	if err != nil {
		return err
	}
	var role admin.Role
	if *roleName != "" {
		if role, err = admin.ParseRole(*roleName); err != nil {
			return err
		}
	}
	cfg, err := config.Load(func(name string) string {
		if p := overrides[name]; p != nil && *p != "" {
			return *p
		}
		return getenv(name)
	})
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	password := getenv("SHOP_ADMIN_PASSWORD")
	if password == "" {
		if password, err = readPassword(stdin, stderr); err != nil {
			return err
		}
	}
	st, err := store.Open(cfg.Database)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if role == "" { // a password reset keeps the role; a new account is an owner
		role = admin.Owner
		if a, err := st.AccountByEmail(ctx, addr); err == nil {
			role = a.Role
		} else if !errors.Is(err, admin.ErrNoAccount) {
			return err
		}
	}
	created, err := admin.NewService(st, cfg.AdminIdle, time.Now).SaveAccount(ctx, addr, password, role)
	if err != nil {
		return err
	}
	what := "password reset for"
	if created {
		what = "created"
	}
	fmt.Fprintf(stdout, "admin: %s %s (%s)\n", what, addr, role)
	return nil
}

// readPassword asks twice on a terminal, echo off; from a pipe it reads one line.
func readPassword(in *os.File, prompt io.Writer) (string, error) {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) {
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("admin: no password: set SHOP_ADMIN_PASSWORD or type it on a terminal")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	fmt.Fprint(prompt, "password: ")
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(prompt)
	if err != nil {
		return "", fmt.Errorf("admin: read password: %w", err)
	}
	fmt.Fprint(prompt, "again: ")
	second, err := term.ReadPassword(fd)
	fmt.Fprintln(prompt)
	if err != nil {
		return "", fmt.Errorf("admin: read password: %w", err)
	}
	if string(first) != string(second) {
		return "", errors.New("admin: the two passwords differ")
	}
	return string(first), nil
}

// seedDemoOwner gives a new sandbox shop an owner and prints its password once: it is never shown again and
// only its hash is kept. A shop with real upstreams gets no demo account; its owner runs `shop admin create`.
func seedDemoOwner(ctx context.Context, cfg config.Config, accounts *admin.Service, stdout io.Writer) error {
	if !cfg.FrotelSandbox() {
		return nil
	}
	password, created, err := accounts.EnsureOwner(ctx, demoOwnerEmail)
	if err != nil || !created {
		return err
	}
	fmt.Fprintf(stdout, "shop: demo admin created for this sandbox database (shown once): email %s password %s\n", demoOwnerEmail, password)
	return nil
}

// dashboardDeps completes d (the services the shop's pages share with the dashboard) with the dashboard's own:
// the accounts, the store, the Frotel client's mirror stats and the scheduler's runs.
func dashboardDeps(d dashboard.Deps, accounts *admin.Service, st *store.Store, fc *frotel.Client, sched *jobs.Scheduler, products *catalog.Snapshot) dashboard.Deps {
	d.Accounts, d.Orders, d.Products = accounts, st, st
	d.RunJob, d.JobHistory = sched.RunOnce, st.ListRuns
	// The shop's pages read the catalog from memory: an edit in the dashboard shows at once.
	d.ProductsChanged = products.Invalidate
	d.Mirrors = func() []admin.MirrorHealth {
		now := time.Now()
		var out []admin.MirrorHealth
		for _, m := range fc.MirrorStats() {
			h := admin.MirrorHealth{URL: m.URL, Requests: m.Requests, Errors: m.Errors, LastError: m.LastError,
				LastErrAt: m.LastErrorAt, Down: now.Before(m.DownUntil)}
			if m.Requests > 0 {
				h.AvgLatency = m.TotalLatency / time.Duration(m.Requests)
			}
			out = append(out, h)
		}
		return out
	}
	d.JobRuns = func(ctx context.Context) ([]jobs.Run, error) {
		var runs []jobs.Run
		for _, name := range sched.Names() {
			r, ok, err := st.LastRun(ctx, name)
			if err != nil {
				return nil, err
			}
			if !ok {
				r = jobs.Run{Name: name} // never ran: the overview says so
			}
			runs = append(runs, r)
		}
		return runs, nil
	}
	return d
}

// statusSyncWindow and statusSyncEvery make the status sync run every four hours from morning to late evening,
// Tehran time: when the post moves parcels and staff read the dashboard.
const (
	statusSyncWindow = "07:00-23:30"
	statusSyncEvery  = 4 * time.Hour
)

func addStatusSync(sched *jobs.Scheduler, co *checkout.Service, st *store.Store, log *slog.Logger) error {
	window, err := jobs.ParseWindow(statusSyncWindow)
	if err != nil {
		return err
	}
	sync := &checkout.SyncJob{Service: co, Orders: st, Logger: log}
	return sched.Add(sync.Job(window, statusSyncEvery))
}
