package faults

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"shop/internal/sandbox"
)

// Timings the shop runs with in the suite: short, so a kill and one reconciliation fit in seconds, and in the
// order the shop requires: the grace outlasts a call tried on all three mirrors (config refuses less).
const (
	frotelTimeout = 800 * time.Millisecond
	grace         = 3 * time.Second
	slow          = 2 * time.Second // a slow mirror: past frotelTimeout
	hold          = 8 * time.Second // a stalled call the suite kills the shop during
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// shopBinary is $SHOP_BIN (make test-faults passes bin/shop), or cmd/shop built once into a temporary folder.
func shopBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if p := os.Getenv("SHOP_BIN"); p != "" {
			binPath, buildErr = filepath.Abs(p)
			return
		}
		dir, err := os.MkdirTemp("", "shop-faults-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "shop")
		_, file, _, _ := runtime.Caller(0)
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/shop")
		cmd.Dir = filepath.Join(filepath.Dir(file), "..", "..")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// proc is one running shop or sandbox process and its output.
type proc struct {
	cmd *exec.Cmd
	out *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func start(t *testing.T, args []string, env []string) *proc {
	t.Helper()
	cmd := exec.Command(shopBinary(t), args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	p := &proc{cmd: cmd, out: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return p
}

// kill ends the process with SIGKILL: no deferred function, no drain, no last write.
func (p *proc) kill() {
	if p == nil || p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
}

// stop asks the process to stop, and kills it if it has not within a few seconds.
func (p *proc) stop() {
	if p == nil || p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// waitHTTP polls url until it answers 200.
func waitHTTP(t *testing.T, u string, p *proc) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never answered; output:\n%s", u, p.out.String())
}

// world is one sandbox process and one shop (restartable on the same database) wired to it.
type world struct {
	t          *testing.T
	sandbox    *proc
	sandboxURL string
	mirrors    []string
	apiKey     string
	loyaltyURL string
	shop       *proc
	shopURL    string
	dataDir    string
	extraEnv   []string // settings the shop gets after the suite's own (later values win)
}

// newWorld starts a sandbox and a shop on a fresh database; each option may change the world (say, point the
// shop at another loyalty club) after the sandbox started and before the shop does.
func newWorld(t *testing.T, opts ...func(*world)) *world {
	t.Helper()
	w := &world{t: t, dataDir: t.TempDir()}
	addr := freeAddr(t)
	w.sandboxURL = "http://" + addr
	w.sandbox = start(t, []string{"sandbox"}, []string{"SHOP_ADDR=" + addr, "SHOP_BASE_URL=" + w.sandboxURL,
		"SHOP_DATA_DIR=" + t.TempDir(), "SHOP_LOG_LEVEL=warn"})
	t.Cleanup(w.sandbox.stop)
	waitHTTP(t, w.sandboxURL+"/frotel/_control/stats", w.sandbox)
	w.readBanner()
	for _, o := range opts {
		o(w)
	}
	w.shopURL = "http://" + freeAddr(t)
	w.startShop()
	t.Cleanup(func() {
		w.shop.stop()
		if t.Failed() {
			t.Logf("shop output:\n%s\nsandbox output:\n%s", w.shop.out.String(), w.sandbox.out.String())
		}
	})
	return w
}

// readBanner takes the mirror URLs, API key and loyalty URL from what `shop sandbox` prints at start.
func (w *world) readBanner() {
	sc := bufio.NewScanner(strings.NewReader(w.sandbox.out.String()))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "sandbox: Frotel mirrors "); ok {
			urls, key, _ := strings.Cut(rest, " (api key ")
			w.mirrors = strings.Fields(urls)
			w.apiKey = strings.Trim(strings.TrimSuffix(key, ")"), `"`)
		}
		if rest, ok := strings.CutPrefix(line, "sandbox: loyalty club "); ok {
			w.loyaltyURL = strings.TrimSpace(rest)
		}
	}
	if len(w.mirrors) != 3 || w.apiKey == "" || w.loyaltyURL == "" {
		w.t.Fatalf("cannot read the sandbox's banner:\n%s", w.sandbox.out.String())
	}
}

// startShop starts `shop serve` on the world's address and database and waits until it is healthy.
func (w *world) startShop() {
	w.t.Helper()
	env := []string{
		"SHOP_ADDR=" + strings.TrimPrefix(w.shopURL, "http://"), "SHOP_DATA_DIR=" + w.dataDir, "SHOP_LOG_LEVEL=info",
		"SHOP_SESSION_SECRET=fault-suite-session-secret-0123456789abcdef",
		"SHOP_FROTEL_URLS=" + strings.Join(w.mirrors, ","), "SHOP_FROTEL_API_KEY=" + w.apiKey,
		"SHOP_FROTEL_TIMEOUT=" + frotelTimeout.String(), "SHOP_FROTEL_COOLDOWN=30s",
		"SHOP_LOYALTY_URL=" + w.loyaltyURL, "SHOP_LOYALTY_APP_KEY=" + sandbox.LoyaltyDefaultAppKey,
		"SHOP_LOYALTY_APP_SECRET=" + sandbox.LoyaltyDefaultAppSecret, "SHOP_LOYALTY_TIMEOUT=1s",
		"SHOP_RECONCILE_INTERVAL=1s", "SHOP_RECONCILE_GRACE=" + grace.String(),
	}
	env = append(env, w.extraEnv...)
	w.shop = start(w.t, []string{"serve"}, env)
	waitHTTP(w.t, w.shopURL+"/healthz", w.shop)
}

// restart kills the shop with SIGKILL, waits out the grace period (so the reconciliation run at start examines
// everything the kill left), and starts it again on the same database. It returns when the restarted shop
// serves; the time it started is when reconciliation runs begin to count.
func (w *world) restart() time.Time {
	w.t.Helper()
	w.shop.kill()
	time.Sleep(grace + 200*time.Millisecond)
	at := time.Now()
	w.startShop()
	return at
}

// fault sets a fault on the sandbox over its control endpoint; q is its query (mirror=1&delay=2s...).
func (w *world) fault(q string) {
	w.t.Helper()
	resp, err := http.Post(w.sandboxURL+"/frotel/_control/fault?"+q, "", nil)
	if err != nil {
		w.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		w.t.Fatalf("fault %s: status %d %s", q, resp.StatusCode, body)
	}
}

func (w *world) clearFaults() {
	w.t.Helper()
	resp, err := http.Post(w.sandboxURL+"/frotel/_control/clear", "", nil)
	if err != nil {
		w.t.Fatal(err)
	}
	resp.Body.Close()
}

// stats is what Frotel received so far.
func (w *world) stats() sandbox.Stats {
	w.t.Helper()
	resp, err := http.Get(w.sandboxURL + "/frotel/_control/stats")
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	var st sandbox.Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		w.t.Fatal(err)
	}
	return st
}

// waitFor polls cond every 20 ms until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out after %v waiting for %s", d, what)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// absolute makes a shop path (or an absolute URL) absolute.
func (w *world) absolute(p string) string {
	if u, err := url.Parse(p); err == nil && u.IsAbs() {
		return p
	}
	return w.shopURL + p
}
