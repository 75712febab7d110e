package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"shop/internal/sandbox"
)

// proc is a server process the program started: the shop, the sandbox or the bare server.
type proc struct {
	url  string
	cmd  *exec.Cmd
	dir  string
	logs *output
}

// output collects what a process prints; the process writes it while the program reads it.
type output struct {
	mu sync.Mutex
	b  strings.Builder
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// upstreams are the stand-alone sandbox's Frotel mirrors, API key and loyalty club, as its banner gives them.
type upstreams struct {
	mirrors    []string
	apiKey     string
	loyaltyURL string
}

// startSandbox runs `shop sandbox` (Frotel, the loyalty club and the bank page) in a process of its own, so that
// the shop's figures (CPU, memory) are the shop's alone, upstream excluded, as a real shop's would be.
func startSandbox(ctx context.Context, bin string) (*proc, upstreams, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, upstreams{}, err
	}
	dir, err := os.MkdirTemp("", "shop-load-sandbox-")
	if err != nil {
		return nil, upstreams{}, err
	}
	cmd := exec.CommandContext(ctx, bin, "sandbox")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "SHOP_ADDR=" + addr,
		"SHOP_BASE_URL=http://" + addr, "SHOP_DATA_DIR=" + dir, "SHOP_LOG_LEVEL=error"}
	p, err := start(cmd, "http://"+addr, dir, "/frotel/_control/stats")
	if err != nil {
		return nil, upstreams{}, err
	}
	var up upstreams
	for _, line := range strings.Split(p.logs.String(), "\n") {
		if rest, ok := strings.CutPrefix(line, "sandbox: Frotel mirrors "); ok {
			urls, key, _ := strings.Cut(rest, " (api key ")
			up.mirrors = strings.Fields(urls)
			up.apiKey = strings.Trim(strings.TrimSuffix(key, ")"), `"`)
		}
		if rest, ok := strings.CutPrefix(line, "sandbox: loyalty club "); ok {
			up.loyaltyURL = strings.TrimSpace(rest)
		}
	}
	if len(up.mirrors) == 0 || up.apiKey == "" || up.loyaltyURL == "" {
		p.stop()
		return nil, upstreams{}, fmt.Errorf("cannot read the sandbox's banner:\n%s", p.logs.String())
	}
	return p, up, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startShop runs `shop serve` on its embedded defaults (SQLite, demo catalog) in a temp folder, with the sandbox
// process as its upstreams. gc "default" starts it with GOGC=100, which turns the shop's own collector tuning
// (cmd/shop/gc.go) off: the runtime's defaults, to tell what the tuning is worth.
func startShop(ctx context.Context, bin string, up upstreams, gc string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "shop-load-")
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve")
	// Every client comes from 127.0.0.1: the per-IP limits, which would answer 429 to a campaign's crowd behind
	// one address, are off so that the run measures the shop's work.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "SHOP_ADDR=" + addr,
		"SHOP_DATA_DIR=" + dir, "SHOP_LOG_LEVEL=error", "SHOP_RATE_CALLBACK=off", "SHOP_RATE_TRACK=off",
		"SHOP_RATE_CHECKOUT=off", "SHOP_RATE_ORDER=off",
		"SHOP_FROTEL_URLS=" + strings.Join(up.mirrors, ","), "SHOP_FROTEL_API_KEY=" + up.apiKey,
		"SHOP_LOYALTY_URL=" + up.loyaltyURL, "SHOP_LOYALTY_APP_KEY=" + sandbox.LoyaltyDefaultAppKey,
		"SHOP_LOYALTY_APP_SECRET=" + sandbox.LoyaltyDefaultAppSecret}
	// The runtime's and the allocator's knobs pass through, to try them: GOGC=50 make bench.
	for _, k := range []string{"GOGC", "GOMEMLIMIT", "GODEBUG", "GOMAXPROCS", "MALLOC_ARENA_MAX"} {
		if v, ok := os.LookupEnv(k); ok && !(k == "GOGC" && gc == gcDefault) {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	if gc == gcDefault {
		cmd.Env = append(cmd.Env, "GOGC=100")
	}
	return start(cmd, "http://"+addr, dir, "/healthz")
}

// startBare re-runs this program as a bare net/http server answering "ok".
func startBare(ctx context.Context) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return start(exec.CommandContext(ctx, self, "-bare", addr), "http://"+addr, "", "/healthz")
}

// start runs cmd and waits until health answers 200.
func start(cmd *exec.Cmd, url, dir, health string) (*proc, error) {
	p := &proc{url: url, cmd: cmd, dir: dir, logs: &output{}}
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + health)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("%s did not become healthy:\n%s", cmd.Path, p.logs.String())
}

func (p *proc) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
	if p.dir != "" {
		_ = os.RemoveAll(p.dir)
	}
}

// cpu is the CPU time (user and system) the process has used so far, in the kernel's ticks of 10 ms.
func (p *proc) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name (which is in parentheses and may hold spaces): utime and stime are the
	// 12th and 13th of them.
	_, rest, _ := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// watchMemory reads the process's anonymous and file-backed resident sets every 100 ms until ctx ends or the
// process does; the returned function gives their peaks so far, in MB.
func (p *proc) watchMemory(ctx context.Context) func() (anon, file float64) {
	var mu sync.Mutex
	var maxAnon, maxFile int
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			a, f, ok := p.rssParts()
			if !ok {
				return
			}
			mu.Lock()
			maxAnon, maxFile = max(maxAnon, a), max(maxFile, f)
			mu.Unlock()
		}
	}()
	return func() (float64, float64) {
		mu.Lock()
		defer mu.Unlock()
		return float64(maxAnon) / 1024, float64(maxFile) / 1024
	}
}

// rssParts reads RssAnon and RssFile (kB) from /proc.
func (p *proc) rssParts() (anon, file int, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, found := strings.CutPrefix(line, "RssAnon:"); found {
			fmt.Sscan(strings.TrimSpace(v), &anon)
		}
		if v, found := strings.CutPrefix(line, "RssFile:"); found {
			fmt.Sscan(strings.TrimSpace(v), &file)
		}
	}
	return anon, file, true
}

// mem reads one memory figure of the process from /proc (VmHWM is the peak resident set).
func (p *proc) mem(field string) string {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(v), &kb)
			return fmt.Sprintf("%.1f MB", float64(kb)/1024)
		}
	}
	return "unknown"
}

func serveBare(addr string) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) })
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
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

// replayed is one answer of the shop, kept by the same-bytes server: what the shop sent to a GET of Path by a
// client with a cookie (Cookie) or without one.
type replayed struct {
	Path   string
	Cookie bool
	Status int
	Header http.Header
	Body   []byte
}

func replayKey(path string, cookie bool) string { return fmt.Sprintf("%t %s", cookie, path) }

// startReplay re-runs this program as the same-bytes server: a bare net/http handler that answers each page the
// load registered (PUT /_replay) with the shop's own status, headers and gzipped body, from memory.
func startReplay(ctx context.Context) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return start(exec.CommandContext(ctx, self, "-replay", addr), "http://"+addr, "", "/healthz")
}

// register gives the same-bytes server the shop's answer r.
func (p *proc) register(ctx context.Context, r replayed) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, p.url+"/_replay", bytes.NewReader(b))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("same-bytes server: register %s: status %d", r.Path, resp.StatusCode)
	}
	return nil
}

func serveReplay(addr string) {
	srv := &http.Server{Addr: addr, Handler: replayHandler(), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// replayHandler is the same-bytes server's handler.
func replayHandler() http.Handler {
	var mu sync.RWMutex
	pages := map[string]replayed{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/_replay" && r.Method == http.MethodPut:
			var p replayed
			if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			mu.Lock()
			pages[replayKey(p.Path, p.Cookie)] = p
			mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
			return
		case r.URL.Path == "/healthz":
			_, _ = w.Write([]byte("ok"))
			return
		}
		mu.RLock()
		p, ok := pages[replayKey(r.URL.RequestURI(), r.Header.Get("Cookie") != "")]
		mu.RUnlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, v := range p.Header { // the shop's headers as they were, Date and Content-Length included
			w.Header()[k] = v
		}
		w.WriteHeader(p.Status)
		_, _ = w.Write(p.Body)
	})
}
