// Package check holds what `shop check` verifies before a shop opens (and whenever something looks wrong):
// the database, the session secret, the public URL, every Frotel mirror, the loyalty club and its
// certificate, the sandbox and the admin. Each check yields one line with ✓, ⚠ or ✗ and a sentence in
// English and in Persian; secrets are never printed. cmd/shop only gathers the settings and prints.
package check

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"shop/internal/frotel"
	"shop/internal/loyalty"
)

// Level is how a check came out. Only Fail makes `shop check` exit non-zero.
type Level int

const (
	OK   Level = iota
	Warn       // works, but not as a live shop should run
	Fail
)

// Symbol is the mark printed at the start of the line.
func (l Level) Symbol() string {
	switch l {
	case OK:
		return "✓"
	case Warn:
		return "⚠"
	}
	return "✗"
}

// Result is one line of the report.
type Result struct {
	Level Level
	Name  string // short and stable: "database", "frotel mirror 2", "loyalty certificate"
	En    string
	Fa    string
}

// Database is what the check needs of the store: Ready is nil when the database answers and every migration
// this build knows is applied.
type Database interface {
	Ready(ctx context.Context) error
}

// Owners tells whether an owner (admin) account exists; nil (a shop that could not open its database) is a
// warning, since the database line already fails.
type Owners interface {
	OwnerExists(ctx context.Context) (bool, error)
}

// Session describes where the session secret comes from.
type Session struct {
	FromEnv bool   // SHOP_SESSION_SECRET is set
	Length  int    // of the secret in use; 0 when there is none
	Path    string // the generated key's file, when not from the environment
}

// Settings is everything the checks look at, resolved the way `serve` resolves it (sandbox URLs and
// keys included).
type Settings struct {
	BaseURL        string // the shop's public URL as serve uses it (http://SHOP_ADDR when SHOP_BASE_URL is unset)
	BaseURLSet     bool   // SHOP_BASE_URL is set
	OnSandbox      bool   // Frotel and the loyalty club both run on the built-in sandbox
	SandboxMounted bool   // the sandbox is served under BaseURL/sandbox

	Session Session
	DB      Database // nil when the shop could not open it
	Owners  Owners   // the store

	Frotel     frotel.Config // URLs, APIKey and Timeout are used; each mirror is checked alone
	SampleCity int           // Frotel city id of the sample parcel [1, Tehran]

	LoyaltyEnabled bool
	Loyalty        loyalty.ClientConfig

	Timeout time.Duration // of one probe [10s]
	Logger  *slog.Logger  // for the clients' own logs [discarded]
	// HTTPClient fetches BaseURL/healthz; nil: a client with Timeout and the system's CAs.
	HTTPClient *http.Client
}

// Run performs every check and returns the lines in a fixed order. Independent probes run at once, so a
// blackholed mirror costs one timeout, not one per mirror.
func Run(ctx context.Context, s Settings) []Result {
	if s.Timeout <= 0 {
		s.Timeout = 10 * time.Second
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.SampleCity == 0 {
		s.SampleCity = 1
	}
	groups := [][]Result{
		{checkDatabase(s), checkSession(s), checkBaseScheme(s)},
		nil, // base URL reachable
		nil, // Frotel mirrors
		nil, // loyalty club
		{checkSandbox(s)},
		{checkOwners(ctx, s)},
	}
	var wg sync.WaitGroup
	wg.Go(func() { groups[1] = []Result{checkBaseReachable(ctx, s)} })
	wg.Go(func() { groups[2] = checkFrotel(ctx, s) })
	wg.Go(func() { groups[3] = checkLoyalty(ctx, s) })
	wg.Wait()
	var out []Result
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// Print writes one line per result: mark, name, English, Persian.
func Print(w io.Writer, results []Result) {
	for _, r := range results {
		fmt.Fprintf(w, "%s %-20s %s — %s\n", r.Level.Symbol(), r.Name, r.En, r.Fa)
	}
}

// Failed counts the results at Fail.
func Failed(results []Result) int {
	n := 0
	for _, r := range results {
		if r.Level == Fail {
			n++
		}
	}
	return n
}

func ok(name, en, fa string) Result   { return Result{OK, name, en, fa} }
func warn(name, en, fa string) Result { return Result{Warn, name, en, fa} }
func fail(name, en, fa string) Result { return Result{Fail, name, en, fa} }

// ms prints a duration the way a seller reads it: 80 µs, 0.4 ms, 12 ms, 1.2 s.
func ms(d time.Duration) string {
	switch {
	case d < time.Millisecond/10:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// rials prints an amount with thousands separators: 510,500.
func rials(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
