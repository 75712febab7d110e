package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// proc is a process the program started: the shop or the sandbox.
type proc struct {
	url  string
	cmd  *exec.Cmd
	logs *output
}

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
	mirrors            []string
	apiKey, loyaltyURL string
}

// startSandbox runs `shop sandbox` in a process of its own (as cmd/load does), so the shop's memory is the shop's
// alone, as a real shop's would be.
func startSandbox(ctx context.Context, bin, dir string) (*proc, upstreams, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, upstreams{}, err
	}
	cmd := exec.CommandContext(ctx, bin, "sandbox")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "SHOP_ADDR=" + addr,
		"SHOP_BASE_URL=http://" + addr, "SHOP_DATA_DIR=" + dir, "SHOP_LOG_LEVEL=error"}
	p, err := start(cmd, "http://"+addr, "/frotel/_control/stats")
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

// startShop runs `shop serve` on the filled database, with the sandbox process as its upstreams and the per-IP
// limits off (every shopper here comes from 127.0.0.1).
func startShop(ctx context.Context, bin, dir, database string, up upstreams, loyaltyKey, loyaltySecret string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "SHOP_ADDR=" + addr,
		"SHOP_DATA_DIR=" + dir, "SHOP_DATABASE=" + database, "SHOP_LOG_LEVEL=error", "SHOP_RATE_CALLBACK=off",
		"SHOP_RATE_TRACK=off", "SHOP_RATE_CHECKOUT=off", "SHOP_RATE_ORDER=off",
		"SHOP_FROTEL_URLS=" + strings.Join(up.mirrors, ","), "SHOP_FROTEL_API_KEY=" + up.apiKey,
		"SHOP_LOYALTY_URL=" + up.loyaltyURL, "SHOP_LOYALTY_APP_KEY=" + loyaltyKey, "SHOP_LOYALTY_APP_SECRET=" + loyaltySecret}
	for _, k := range []string{"GOGC", "GOMEMLIMIT", "GODEBUG", "GOMAXPROCS", "MALLOC_ARENA_MAX"} {
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	return start(cmd, "http://"+addr, "/healthz")
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// start runs cmd and waits until health answers 200 (a migrated database of a year's orders opens in a second
// or two; the bound is generous for a busy machine).
func start(cmd *exec.Cmd, url, health string) (*proc, error) {
	p := &proc{url: url, cmd: cmd, logs: &output{}}
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	deadline := time.Now().Add(60 * time.Second)
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
}

// memMB reads one memory figure of the process from /proc (VmRSS now, VmHWM the peak), in MB.
func (p *proc) memMB(field string) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(v), &kb)
			return float64(kb) / 1024
		}
	}
	return 0
}
