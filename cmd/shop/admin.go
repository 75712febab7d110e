package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"shop/internal/admin"
	"shop/internal/config"
	"shop/internal/store"
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
