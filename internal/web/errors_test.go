package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

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
