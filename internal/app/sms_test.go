package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"shop/internal/app"
	"shop/internal/notify"
)

// TestSandboxSMS: `make run`'s SHOP_SMS_PROVIDER=sandbox sends through the built-in sandbox, whose page lists
// the messages; with the setting empty SMS is off and no code can be queued.
func TestSandboxSMS(t *testing.T) {
	build := func(t *testing.T, provider string) *app.Shop {
		dir := t.TempDir()
		env := map[string]string{"SHOP_DATA_DIR": dir, "SHOP_DATABASE": filepath.Join(dir, "shop.db"),
			"SHOP_SESSION_SECRET": strings.Repeat("s", 32), "SHOP_SMS_PROVIDER": provider}
		cfg := loadConfig(t, env)
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		shop, err := app.Build(context.Background(), cfg, app.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = shop.Close() })
		return shop
	}
	ctx := context.Background()
	shop := build(t, "sandbox")
	if err := shop.Outbox.QueueCode(ctx, "09121234567", "40517"); err != nil {
		t.Fatal(err)
	}
	if _, err := shop.Outbox.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	shop.Handler.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/sandbox/sms", nil))
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, `dir="rtl"`) || !strings.Contains(body, "۰۹۱۲۱۲۳۴۵۶۷") ||
		!strings.Contains(body, "40517") {
		t.Fatalf("/sandbox/sms: %d\n%s", w.Code, body)
	}
	if got := shop.SandboxSMS.Messages(); len(got) != 1 || !got[0].Code {
		t.Errorf("sandbox messages: %+v", got)
	}

	off := build(t, "")
	if err := off.Outbox.QueueCode(ctx, "09121234567", "40517"); err != notify.ErrSMSOff {
		t.Errorf("QueueCode with SMS off: %v, want ErrSMSOff", err)
	}
}

// TestSMSSettingsRefused: a provider other than the sandbox needs its key, and an unknown one is refused at
// start with the known names.
func TestSMSSettingsRefused(t *testing.T) {
	dir := t.TempDir()
	base := map[string]string{"SHOP_DATA_DIR": dir, "SHOP_DATABASE": filepath.Join(dir, "shop.db"), "SHOP_SESSION_SECRET": strings.Repeat("s", 32)}
	with := func(extra map[string]string) map[string]string {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for k, v := range extra {
			env[k] = v
		}
		return env
	}
	if err := loadConfig(t, with(map[string]string{"SHOP_SMS_PROVIDER": "kavenegar"})).Validate(); err == nil ||
		!strings.Contains(err.Error(), "SHOP_SMS_API_KEY") {
		t.Errorf("kavenegar without a key: %v", err)
	}
	cfg := loadConfig(t, with(map[string]string{"SHOP_SMS_PROVIDER": "smsir", "SHOP_SMS_API_KEY": "k"}))
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Build(context.Background(), cfg, app.Options{}); err == nil || !strings.Contains(err.Error(), "kavenegar") {
		t.Errorf("an unknown provider: %v", err)
	}
}
