package sandbox_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"shop/internal/sandbox"
)

// TestSandboxSMSPage lists what was sent, newest first, in Persian and right to left.
func TestSandboxSMSPage(t *testing.T) {
	s := sandbox.NewSMS()
	ctx := context.Background()
	if err := s.Send(ctx, "09121234567", "سفارش شما ثبت شد"); err != nil {
		t.Fatal(err)
	}
	if err := s.SendCode(ctx, "09350000000", "12345"); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/sms", nil))
	body := w.Body.String()
	first, second := strings.Index(body, "12345"), strings.Index(body, "سفارش شما ثبت شد")
	if w.Code != http.StatusOK || !strings.Contains(body, `lang="fa" dir="rtl"`) || first < 0 || second < 0 || first > second {
		t.Fatalf("page (newest first?):\n%s", body)
	}
	if strings.Count(body, `data-testid="sandbox-sms"`) != 2 || !strings.Contains(body, "۰۹۱۲۱۲۳۴۵۶۷") {
		t.Errorf("rows:\n%s", body)
	}
	empty := httptest.NewRecorder()
	sandbox.NewSMS().Handler().ServeHTTP(empty, httptest.NewRequest(http.MethodGet, "/sms", nil))
	if !strings.Contains(empty.Body.String(), "sandbox-sms-empty") {
		t.Error("an empty list does not say so")
	}
}
