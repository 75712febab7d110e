// Command volume fills a fresh SQLite database with a seller's real volume (3,000 products, 100,000 orders over
// a year: every state, items, payments) and measures the real shop on it: `shop serve` on a free port with the
// sandbox in a process of its own (as cmd/load runs it), 60 shoppers with different baskets, then the pages a
// seller and a shopper open, signed in as the owner for the dashboard's. It prints each page's bytes (raw and
// gzipped), its time (median and slowest of a few runs) and the shop's memory beside the budget, with a
// mark per row. The figures are printed, never asserted: the machine is shared, so the load average is printed
// beside them.
//
//	go run ./cmd/volume -shop bin/shop            (make volume)
//	go run ./cmd/volume -keep /tmp/vol            (keep the filled database to look at, or -db to reuse one)
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"shop/internal/sandbox"
)

type options struct {
	shopBin  string
	products int
	orders   int
	runs     int
	shoppers int
	keep     string
	db       string
	password string
}

func main() {
	var opt options
	flag.StringVar(&opt.shopBin, "shop", "bin/shop", "the shop binary to start (make volume builds it)")
	flag.IntVar(&opt.products, "products", 3000, "products to fill the catalog with")
	flag.IntVar(&opt.orders, "orders", 100_000, "orders to spread over the last year")
	flag.IntVar(&opt.runs, "runs", 7, "timed requests per page (after one to warm up); the export runs fewer")
	flag.IntVar(&opt.shoppers, "shoppers", 60, "shoppers with different baskets before the memory is read")
	flag.StringVar(&opt.keep, "keep", "", "fill into this folder and keep it (default: a temporary folder, removed)")
	flag.StringVar(&opt.db, "db", "", "measure this already filled database instead of filling one (with -password)")
	flag.StringVar(&opt.password, "password", "", "the owner's password of the -db database (printed by the fill)")
	flag.Parse()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))) // not every migration
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opt, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "volume:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, opt options, out io.Writer) error {
	logf := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	dir := opt.keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "shop-volume-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	path, password := opt.db, opt.password
	var codes []string
	if path == "" {
		path = filepath.Join(dir, "shop.db")
		if _, err := os.Stat(path); err == nil {
			return fmt.Errorf("%s exists: the fill wants a fresh database (or -db to measure it)", path)
		}
		logf("filling %s (load average %s)", path, loadAverage())
		t0 := time.Now()
		var err error
		password, codes, err = fill(ctx, path, volume{products: opt.products, orders: opt.orders, now: time.Now(), seed: 21}, logf)
		if err != nil {
			return fmt.Errorf("fill: %w", err)
		}
		if st, err := os.Stat(path); err == nil {
			logf("  filled in %s: %.0f MB (owner %s, password %s)", time.Since(t0).Round(100*time.Millisecond), float64(st.Size())/(1<<20), ownerEmail, password)
		}
	}
	if codes == nil {
		var err error
		if codes, err = physicalCodes(ctx, path); err != nil {
			return err
		}
	}

	sbDir, shopDir := filepath.Join(dir, "sandbox"), filepath.Join(dir, "shop")
	for _, d := range []string{sbDir, shopDir} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return err
		}
	}
	sb, up, err := startSandbox(ctx, opt.shopBin, sbDir)
	if err != nil {
		return err
	}
	defer sb.stop()
	shop, err := startShop(ctx, opt.shopBin, shopDir, path, up, sandbox.LoyaltyDefaultAppKey, sandbox.LoyaltyDefaultAppSecret)
	if err != nil {
		return err
	}
	defer shop.stop()
	logf("shop started on %s: %.1f MB resident", shop.url, shop.memMB("VmRSS"))

	// The shoppers come first, on a shop that has served nothing else: their memory is the row the issue asks for.
	t0 := time.Now()
	if err := shoppers(ctx, shop.url, codes, opt.shoppers); err != nil {
		return fmt.Errorf("shoppers: %w", err)
	}
	rssNow, rssPeak := shop.memMB("VmRSS"), shop.memMB("VmHWM")
	logf("%d shoppers (catalog, 3 different products each, basket, checkout form) in %s", opt.shoppers, time.Since(t0).Round(time.Millisecond))

	owner, err := signIn(ctx, shop.url, ownerEmail, password)
	if err != nil {
		return err
	}
	anon := newClient(shop.url)
	var rows []row
	for _, pg := range pages() {
		c := anon
		if pg.admin {
			c = owner
		}
		runs := opt.runs
		if pg.export {
			runs = 3
		}
		r, err := measure(ctx, c, pg, runs)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}

	fmt.Fprintf(out, "\n%d products, %d orders; %d cores (%s), %s; load average %s\n\n", opt.products, opt.orders,
		runtime.NumCPU(), cpuModel(), runtime.Version(), loadAverage())
	fmt.Fprintf(out, "| %-28s | %10s | %9s | %9s | %9s | %-22s | %-4s |\n", "page", "bytes", "gzip", "median", "max", "budget", "")
	fmt.Fprintf(out, "|%s|%s|%s|%s|%s|%s|%s|\n", dashes(30), dashes(12), dashes(11), dashes(11), dashes(11), dashes(24), dashes(6))
	for _, r := range rows {
		fmt.Fprintf(out, "| %-28s | %10s | %9s | %9s | %9s | %-22s | %-4s |\n", r.page.label(), kb(r.raw), kb(r.gz), msText(r.median),
			msText(r.max), r.page.budgetText(), mark(r.ok()))
	}
	rssRow := fmt.Sprintf("RSS after %d shoppers", opt.shoppers)
	fmt.Fprintf(out, "| %-28s | %10s | %9s | %9s | %9s | %-22s | %-4s |\n", rssRow, fmt.Sprintf("%.0f MB", rssPeak), "", "", "",
		"≤ 150 MB (peak)", mark(rssPeak <= 150))
	fmt.Fprintf(out, "\nbytes: the page as sent to a client without gzip; gzip: as a browser gets it. Times: the whole answer read, over\n")
	fmt.Fprintf(out, "loopback, %d runs after one to warm up (the export: 3). RSS: the shop's peak resident set (VmHWM) after the shoppers\n", opt.runs)
	fmt.Fprintf(out, "(%.0f MB resident then); after every page above, peak %.0f MB, resident %.0f MB.\n", rssNow, shop.memMB("VmHWM"), shop.memMB("VmRSS"))
	for _, r := range rows {
		if r.page.export {
			fmt.Fprintf(out, "The export: %d lines (the header and one per order), its first bytes within %s in every run.\n", r.lines, msText(r.firstByte))
		}
	}
	return nil
}

func dashes(n int) string { return strings.Repeat("-", n) }

func mark(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

func kb(n int) string {
	if n <= 0 {
		return ""
	}
	if n >= 10<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}

func msText(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return "unknown CPU"
}
