package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"shop/internal/app"
	"shop/internal/config"
)

func loadConfig(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestSandboxMountedOnlyWhenEverythingIsOnIt builds the shop as `serve` does and asks for the sandbox's bank page
// and API: only the all-sandbox demo serves them; a mixed setup does not, and says why in the log.
func TestSandboxMountedOnlyWhenEverythingIsOnIt(t *testing.T) {
	const realFrotel, realLoyalty = "http://webservice1.link/ws/v1/rest", "https://212.80.25.71/api/api/GeneralApi"
	tests := []struct {
		name    string
		env     map[string]string
		mounted bool
		note    string // in the log when not mounted
		refused bool
	}{
		{"all on the sandbox (the demo)", nil, true, "", false},
		{"real Frotel, loyalty left on the sandbox", map[string]string{"SHOP_FROTEL_URLS": realFrotel, "SHOP_FROTEL_API_KEY": "k"},
			false, "built-in sandbox not mounted", false},
		{"real Frotel, loyalty off", map[string]string{"SHOP_FROTEL_URLS": realFrotel, "SHOP_FROTEL_API_KEY": "k", "SHOP_LOYALTY_ENABLED": "false"},
			false, "", false},
		{"real everything", map[string]string{"SHOP_FROTEL_URLS": realFrotel, "SHOP_FROTEL_API_KEY": "k",
			"SHOP_LOYALTY_URL": realLoyalty, "SHOP_LOYALTY_APP_KEY": "a", "SHOP_LOYALTY_APP_SECRET": "s"}, false, "", false},
		{"real loyalty, Frotel left on the sandbox", map[string]string{"SHOP_LOYALTY_URL": realLoyalty,
			"SHOP_LOYALTY_APP_KEY": "a", "SHOP_LOYALTY_APP_SECRET": "s"}, false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"SHOP_DATA_DIR": t.TempDir(), "SHOP_SESSION_SECRET": strings.Repeat("s", 32)}
			for k, v := range tt.env {
				env[k] = v
			}
			env["SHOP_DATABASE"] = filepath.Join(env["SHOP_DATA_DIR"], "shop.db")
			var logs bytes.Buffer
			shop, err := app.Build(context.Background(), loadConfig(t, env), app.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if tt.refused {
				if err == nil || !strings.Contains(err.Error(), "shop sandbox") {
					t.Fatalf("err = %v, want a refusal that points at `shop sandbox`", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer shop.Close()
			for _, path := range []string{"/sandbox/bank/gateway?token=x", "/sandbox/frotel/1/ws/v1/rest/order/tracking.json"} {
				w := httptest.NewRecorder()
				shop.Handler.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				if served := w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "تراکنش یافت نشد"); served != tt.mounted {
					t.Errorf("%s: status %d, mounted %v, want %v", path, w.Code, served, tt.mounted)
				}
			}
			if tt.note != "" && !strings.Contains(logs.String(), tt.note) {
				t.Errorf("log does not say why the sandbox is off:\n%s", logs.String())
			}
		})
	}
}
