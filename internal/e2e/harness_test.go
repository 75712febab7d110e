package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"shop/internal/sandbox"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// shopBinary builds cmd/shop once per test run, exactly as `make build` does.
func shopBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "shop-e2e-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "shop")
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/shop")
		cmd.Dir = root
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

// shop is one running `shop serve` process on a free port with its own data folder.
type shop struct {
	URL string
	Log *strings.Builder
	out *lockedWriter
}

// Output is what the shop has printed so far; safe to read while it runs (Log is not).
func (s *shop) Output() string {
	s.out.mu.Lock()
	defer s.out.mu.Unlock()
	return s.out.b.String()
}

// startShop runs `shop serve` with the embedded defaults plus env, and waits for /healthz.
func startShop(t *testing.T, env ...string) *shop {
	t.Helper()
	bin := shopBinary(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dataDir := t.TempDir()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"SHOP_ADDR=" + addr, "SHOP_DATA_DIR=" + dataDir, "SHOP_LOG_LEVEL=warn",
		sandbox.LiveShapesEnv + "=" + strconv.FormatBool(sandbox.TestLiveShapes())}, env...)
	log := &strings.Builder{}
	out := &lockedWriter{b: log}
	cmd.Stdout = out
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("shop output:\n%s", log.String())
		}
	})
	s := &shop{URL: "http://" + addr, Log: log, out: out}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("shop did not become healthy; output:\n%s", log.String())
	return nil
}

type lockedWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// browser starts headless Debian Chromium with the flags this workplace needs. A missing browser fails the test
// with the command that installs it: the browser tests never skip silently.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: the browser tests need Debian's chromium. " +
			"Install it with `sudo apt-get update && sudo apt-get install -y chromium` (make test does this when run as root).")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// testid is the CSS selector of an element by its data-testid.
func testid(id string) chromedp.CSS { return chromedp.CSS(`[data-testid="` + id + `"]`) }

// text reads an element's text, trimmed.
func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(testid(id), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("read %s: %v", id, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// do runs steps and fails the test on error, naming the step.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// screenshot saves the whole page as artifacts/e2e/NAME.png (git-ignored) for people to look at. The viewport is
// stretched to the page's height for the capture (a full-page capture of a right-to-left page comes out shifted).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	size, err := chromedp.Run(ctx, chromedp.Evaluate[[]int64](`[window.innerWidth, window.innerHeight, document.documentElement.scrollHeight]`))
	if err != nil || len(size) != 3 {
		t.Fatalf("screenshot %s: page size: %v", name, err)
	}
	height := max(size[1], min(size[2], 6000))
	do(t, ctx, "stretch the viewport", chromedp.EmulateViewport(size[0], height))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	do(t, ctx, "restore the viewport", chromedp.EmulateViewport(size[0], size[1]))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "artifacts", "e2e")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
