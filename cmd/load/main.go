// Command load measures the shop under concurrent shoppers: it starts the real `shop serve` on the built-in
// sandbox (a temp data folder, a free loopback port) and, in the same run, a bare net/http server answering "ok"
// and a same-bytes server (a bare net/http handler serving the shop's own answers to the catalog and product
// pages from memory), drives each with N concurrent clients for a fixed time per scenario and prints a table of
// requests per second, p50, p99, errors and the ratios to the two. The figures are printed, never asserted: this machine is
// shared, so only ratios measured in one run mean anything.
//
//	go run ./cmd/load -shop bin/shop -c 50 -d 5s
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-bare" {
		// The bare server runs in its own process, like the shop, so both are measured the same way.
		serveBare(os.Args[2])
		return
	}
	if len(os.Args) == 3 && os.Args[1] == "-replay" {
		serveReplay(os.Args[2])
		return
	}
	var opt options
	flag.StringVar(&opt.shopBin, "shop", "bin/shop", "the shop binary to start (make bench builds it)")
	flag.IntVar(&opt.conns, "c", 50, "concurrent clients")
	flag.DurationVar(&opt.dur, "d", 5*time.Second, "how long each scenario runs")
	flag.IntVar(&opt.maxIters, "n", 200000, "at most this many iterations per scenario (a bound besides -d)")
	flag.IntVar(&opt.sessions, "sessions", 1000, "shoppers with a basket before the peak RSS is read")
	flag.StringVar(&opt.only, "only", "", "run only the scenarios whose name contains this")
	flag.StringVar(&opt.gc, "gc", gcShop, "the shop's collector: "+gcShop+" (its own tuning, cmd/shop/gc.go) or "+gcDefault+" (GOGC=100: the tuning off)")
	flag.Parse()
	if opt.gc != gcShop && opt.gc != gcDefault {
		fmt.Fprintf(os.Stderr, "load: -gc is %s or %s, not %q\n", gcShop, gcDefault, opt.gc)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opt, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type options struct {
	shopBin  string
	conns    int
	dur      time.Duration
	maxIters int
	sessions int
	only     string
	gc       string
}

// The -gc choices.
const (
	gcShop    = "shop"
	gcDefault = "default"
)

func run(ctx context.Context, opt options, out io.Writer) error {
	bare, err := startBare(ctx)
	if err != nil {
		return err
	}
	defer bare.stop()
	same, err := startReplay(ctx)
	if err != nil {
		return err
	}
	defer same.stop()
	sb, up, err := startSandbox(ctx, opt.shopBin)
	if err != nil {
		return err
	}
	defer sb.stop()
	shop, err := startShop(ctx, opt.shopBin, up, opt.gc)
	if err != nil {
		return err
	}
	defer shop.stop()
	peaks := shop.watchMemory(ctx)

	fmt.Fprintf(out, "machine: %d cores (%s), %s; %d clients, %s per scenario (in slices of a second, the bare server between them)\n",
		runtime.NumCPU(), cpuModel(), runtime.Version(), opt.conns, opt.dur)
	if opt.gc == gcDefault {
		fmt.Fprintf(out, "shop's collector: GOGC=100, the runtime's default (-gc %s: cmd/shop/gc.go's tuning off)\n\n", gcDefault)
	} else {
		fmt.Fprintf(out, "shop's collector: its own tuning (GOGC=200 under a soft memory limit, cmd/shop/gc.go), unless GOGC or GOMEMLIMIT is set here\n\n")
	}
	// This machine is shared, and a neighbour's burst can halve the figures for a few seconds. So each scenario runs
	// in one-second slices with the bare server measured between them (half a second each, one more after the
	// last): the shop and its yardstick see the same weather, and the ratio is of the two totals.
	rounds := max(1, int(opt.dur/time.Second))
	slice := opt
	slice.dur = opt.dur / time.Duration(rounds)
	bareSlice := opt
	bareSlice.dur = max(slice.dur/2, 200*time.Millisecond)
	var bares []result
	var results []result
	for _, sc := range shopScenarios() {
		if opt.only != "" && !contains(sc.name, opt.only) {
			continue
		}
		// A page scenario has a same-bytes twin, measured in the same slices as the bare server.
		var twin *scenario
		if sc.page != "" {
			t, err := sameBytes(ctx, shop, same, sc)
			if err != nil {
				return fmt.Errorf("%s: capture for the same-bytes server: %w", sc.name, err)
			}
			twin = &t
		}
		var r, b, sb result
		yardsticks := func() {
			b = b.merge(drive(ctx, bare, bareScenario(), bareSlice))
			if twin != nil {
				sb = sb.merge(drive(ctx, same, *twin, bareSlice))
			}
		}
		for range rounds {
			yardsticks()
			r = r.merge(drive(ctx, shop, sc, slice))
		}
		yardsticks()
		r.rss = shop.mem("VmHWM")
		r.yard = b.rps()
		if twin != nil {
			r.same = sb.rps()
			if sb.firstErr != nil && r.firstErr == nil {
				r.firstErr = fmt.Errorf("same-bytes server: %w", sb.firstErr)
			}
		}
		results = append(results, r)
		bares = append(bares, b)
	}

	fmt.Fprintf(out, "%-36s %8s %9s %9s %6s %10s %6s %10s %7s %9s %10s\n", "scenario", "req/s", "p50", "p99", "errors", "bare req/s",
		"× bare", "same req/s", "× same", "CPU/iter", "shop peak")
	for _, r := range results {
		sameRPS, sameRatio := "—", "—"
		if r.same > 0 {
			sameRPS, sameRatio = fmt.Sprintf("%.0f", r.same), fmt.Sprintf("%.2f", r.rps()/r.same)
		}
		fmt.Fprintf(out, "%-36s %8.0f %9s %9s %6d %10.0f %6.2f %10s %7s %9s %10s\n", r.name, r.rps(), ms(r.p(50)), ms(r.p(99)), r.errors,
			r.yard, r.rps()/r.yard, sameRPS, sameRatio, short(r.cpuPerIter()), r.rss)
	}
	var bareRPS, bareCPU, bareP99 []float64
	for _, b := range bares {
		bareRPS = append(bareRPS, b.rps())
		bareCPU = append(bareCPU, float64(b.cpuPerIter()))
		bareP99 = append(bareP99, float64(b.p(99)))
	}
	fmt.Fprintf(out, "%-36s %8.0f %9s %9s %6s %10s %6s %10s %7s %9s\n", "bare net/http (median)", median(bareRPS), "", ms(time.Duration(median(bareP99))),
		"", "", "1.00", "", "", short(time.Duration(median(bareCPU))))
	fmt.Fprintf(out, "  bare net/http beside each scenario, req/s: %s\n", joinRates(bareRPS))
	for _, r := range results {
		if r.firstErr != nil {
			fmt.Fprintf(out, "  %s: first error: %v\n", r.name, r.firstErr)
		}
	}

	fmt.Fprintln(out, "\nfirst visit: a client that sends no cookie and keeps none; returning: a shopper with one line in the basket,")
	fmt.Fprintln(out, "sending the session cookie. × bare: the shop's rate over a bare net/http server answering \"ok\". × same: over a")
	fmt.Fprintln(out, "bare net/http handler serving, from memory, the shop's own answer to that page for that kind of client (status,")
	fmt.Fprintln(out, "every header, the gzipped body: captured once), measured in the same slices: what the shop costs beyond the")
	fmt.Fprintln(out, "bytes it sends.")
	fmt.Fprintln(out, "\nCPU/iter: the server's own CPU time (user and system, from /proc) per iteration: per request for the")
	fmt.Fprintln(out, "pages, per whole order for the flows. The sandbox (Frotel, loyalty club, bank) runs in a process of its own,")
	fmt.Fprintln(out, "so the shop's figures leave the upstreams out; it shares the machine's cores with the shop and the clients.")
	n, err := activeSessions(ctx, shop.url, opt.sessions, opt.conns)
	if err != nil {
		fmt.Fprintf(out, "\nsessions: %v\n", err)
	}
	fmt.Fprintf(out, "\nshop peak RSS (VmHWM) after %d active sessions: %s; now %s\n", n, shop.mem("VmHWM"), shop.mem("VmRSS"))
	anon, file := peaks()
	fmt.Fprintf(out, "  of which, at their peaks (read every 100 ms): anonymous (heap, stacks) %.1f MB; file-backed %.1f MB\n", anon, file)
	fmt.Fprintln(out, "  (the file-backed part is the shop's own binary mapped in: shared, and given back under memory pressure)")
	return nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

func joinRates(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.0f", x)
	}
	return strings.Join(parts, " ")
}

// short prints a CPU time in µs below a millisecond, in ms above.
func short(d time.Duration) string {
	if d < time.Millisecond {
		return fmt.Sprintf("%dµs", d.Microseconds())
	}
	return ms(d)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
