package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/checkout"
	"shop/internal/store"
)

// TestPanicBecomesAPersianErrorPage checks that a handler's panic is recovered into the shop's own 500 page,
// with a request id and without a stack trace.
func TestPanicBecomesAPersianErrorPage(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logged strings.Builder
	s, err := New(Deps{Catalog: st, Sessions: NewSessionStore([]byte("test-secret-test-secret-test-secret!"), false),
		Logger: slog.New(slog.NewTextHandler(&logged, nil)), Ready: func(context.Context) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	s.e.GET("/boom", func(echo.Context) error { panic("boom: something broke") })
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/boom", nil))
	body := w.Body.String()
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", w.Code)
	}
	if !strings.Contains(body, "خطایی پیش آمد") || !strings.Contains(body, `dir="rtl"`) {
		t.Error("the 500 page should be the shop's Persian page")
	}
	if strings.Contains(body, "boom") || strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
		t.Error("the page leaks the panic or a stack trace")
	}
	id := w.Header().Get(echo.HeaderXRequestID)
	if id == "" || !strings.Contains(body, id) {
		t.Errorf("the page should show the request id %q", id)
	}
	if !strings.Contains(logged.String(), "boom: something broke") || !strings.Contains(logged.String(), id) {
		t.Error("the panic should be logged with the request id")
	}
}

func TestStatusOfErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"echo's own", echo.NewHTTPError(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed},
		{"not found", checkout.ErrOrderNotFound, http.StatusNotFound},
		{"not found, wrapped", fmt.Errorf("web: order: %w", checkout.ErrOrderNotFound), http.StatusNotFound},
		{"invalid", checkout.ErrBadCallback, http.StatusBadRequest},
		{"conflict", checkout.ErrCannotPay, http.StatusConflict},
		{"upstream unavailable", checkout.ErrVerifyUnavailable, http.StatusServiceUnavailable},
		{"rate limited", apperr.New(apperr.RateLimited, "x", ""), http.StatusTooManyRequests},
		{"client went away", fmt.Errorf("store: %w", context.Canceled), statusClientClosed},
		{"the request's deadline passed", fmt.Errorf("store: list orders: %w", context.DeadlineExceeded), http.StatusGatewayTimeout},
		{"an upstream's own timeout is its unavailability", apperr.Wrap(apperr.Unavailable, "x", context.DeadlineExceeded), http.StatusServiceUnavailable},
		{"anything else", errors.New("disk full"), http.StatusInternalServerError},
	}
	for _, tc := range tests {
		if got := statusOf(tc.err); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestFailuresAreLoggedOnce checks that a server error is logged once, with its cause and request id, and that
// a request the client cancelled is neither a 500 nor an error in the log.
func TestFailuresAreLoggedOnce(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logged strings.Builder
	s, err := New(Deps{Catalog: st, Sessions: NewSessionStore([]byte("test-secret-test-secret-test-secret!"), false),
		Logger: slog.New(slog.NewTextHandler(&logged, nil)), Ready: func(context.Context) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	s.e.GET("/broken", func(echo.Context) error { return errors.New("disk full") })
	s.e.GET("/gone", func(echo.Context) error { return fmt.Errorf("store: %w", context.Canceled) })
	s.e.GET("/missing", func(echo.Context) error { return checkout.ErrOrderNotFound })

	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/broken", nil))
	id := w.Header().Get(echo.HeaderXRequestID)
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "disk full") {
		t.Errorf("broken: status %d", w.Code)
	}
	if n := strings.Count(logged.String(), "disk full"); n != 1 || !strings.Contains(logged.String(), id) {
		t.Errorf("the failure is logged %d times (want once, with request id %s):\n%s", n, id, logged.String())
	}

	logged.Reset()
	w = httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/gone", nil))
	if w.Code != statusClientClosed || strings.Contains(logged.String(), "level=ERROR") {
		t.Errorf("cancelled: status %d, log:\n%s", w.Code, logged.String())
	}

	logged.Reset()
	w = httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/missing", nil))
	if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "سفارشی با این نشانی پیدا نشد.") ||
		strings.Contains(logged.String(), "level=ERROR") {
		t.Errorf("missing order: status %d, log:\n%s", w.Code, logged.String())
	}
}
