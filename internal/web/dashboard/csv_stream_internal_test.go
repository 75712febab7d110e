package dashboard

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/checkout"
)

// pausingOrders hands out n orders and, after `before` of them, waits until the test lets it go on: an export that
// held its rows back until the end could not show its first line while the store is paused.
type pausingOrders struct {
	admin.OrderStore // only EachOrder is called
	n, before        int
	paused, resume   chan struct{}
}

func (p *pausingOrders) EachOrder(ctx context.Context, f admin.OrderFilter, fn func(*checkout.Order) error) error {
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for i := range p.n {
		if i == p.before {
			close(p.paused)
			select {
			case <-p.resume:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		o := &checkout.Order{ID: int64(p.n - i), State: checkout.StatePaid, Kind: "physical", Payment: checkout.Online,
			Total: 1_000_000, CreatedAt: at.Add(-time.Duration(i) * time.Minute), Buyer: checkout.Buyer{FirstName: "سارا", LastName: "محمدی"}}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// TestOrderCSVStreams: the export's header and first rows reach the client while the store is still reading (here
// paused after the first thousand), and every row arrives in the end, once.
func TestOrderCSVStreams(t *testing.T) {
	store := &pausingOrders{n: 5000, before: 2 * csvFlushEvery, paused: make(chan struct{}), resume: make(chan struct{})}
	d := &Dashboard{deps: Deps{Orders: store, Now: time.Now}, log: slog.New(slog.DiscardHandler)}
	e := echo.New()
	e.GET("/admin/orders.csv", d.adminOrderCSV)
	srv := httptest.NewServer(e)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a bound on failure, not a wait
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/admin/orders.csv", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("no answer while the store is paused: %v", err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	header, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(header, "\ufefffactor,reference,state,") {
		t.Fatalf("first line %q, %v", header, err)
	}
	lines := 1
	for lines <= csvFlushEvery { // the first flushed rows, read while the store has not gone on
		if _, err := r.ReadString('\n'); err != nil {
			t.Fatalf("after %d lines: %v", lines, err)
		}
		lines++
	}
	// Those lines came while the store cannot finish: it waits for resume, closed only now.
	select {
	case <-store.paused:
	case <-ctx.Done():
		t.Fatal("the store never reached its pause")
	}
	close(store.resume)
	rest, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	lines += strings.Count(string(rest), "\n")
	if lines != store.n+1 {
		t.Errorf("%d lines, want the header and %d orders", lines, store.n)
	}
}
