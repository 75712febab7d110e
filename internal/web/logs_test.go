package web_test

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"

	"shop/internal/sandbox"
)

// TestEveryLogLineOfARequestCarriesItsID: the lines checkout and the web layer write while Frotel cannot quote all
// carry the id the shopper's answer names, though neither passes it along itself (logctx).
func TestEveryLogLineOfARequestCarriesItsID(t *testing.T) {
	var logged syncBuffer
	s := newFullShop(t, shopOptions{log: slog.New(slog.NewTextHandler(&logged, nil)),
		env: map[string]string{"SHOP_FROTEL_TIMEOUT": "1s"}})
	c := shopperWithBasket(t, s, "saffron-1m")
	for i := 1; i <= 3; i++ {
		s.Frotel.SetFault(i, sandbox.Fault{Status500: true})
	}
	logged.Reset()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/checkout/quote", strings.NewReader(buyer(nil).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	id := resp.Header.Get(echo.HeaderXRequestID)
	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	var quoteLine bool
	for _, l := range lines {
		if strings.Contains(l, "msg=\"web: shipping quote failed\"") {
			quoteLine = true
		}
		if !strings.Contains(l, "request_id="+id) || strings.Count(l, "request_id=") != 1 {
			t.Errorf("a line of the request without its id %s (once):\n%s", id, l)
		}
	}
	if !quoteLine || len(lines) < 2 {
		t.Errorf("want the failed quote and the request's own line:\n%s", logged.String())
	}
}

// syncBuffer is a strings.Builder safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}
