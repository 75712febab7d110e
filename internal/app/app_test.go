package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"shop/internal/app"
	"shop/internal/config"
)

// TestBuildWarnsOfUnanchoredBareIP: a loyalty URL on https and a bare IP with neither pin nor CA gets a
// warning at start, since every call would fail the certificate check without saying why.
func TestBuildWarnsOfUnanchoredBareIP(t *testing.T) {
	const pin = "0000000000000000000000000000000000000000000000000000000000000000"
	// Frotel set too: with only the club real, the built-in sandbox would not run (every upstream or none).
	real := map[string]string{"SHOP_LOYALTY_APP_KEY": "k", "SHOP_LOYALTY_APP_SECRET": "s",
		"SHOP_FROTEL_URLS": "http://127.0.0.1:1/ws/v1/rest", "SHOP_FROTEL_API_KEY": "k"}
	for _, tc := range []struct {
		name string
		vars map[string]string
		warn bool
	}{
		{"https on a bare IP, nothing to trust it by", map[string]string{"SHOP_LOYALTY_URL": "https://212.80.25.71/api/api/GeneralApi"}, true},
		{"pinned", map[string]string{"SHOP_LOYALTY_URL": "https://212.80.25.71/api/api/GeneralApi", "SHOP_LOYALTY_PIN_SHA256": pin}, false},
		{"a host name", map[string]string{"SHOP_LOYALTY_URL": "https://club.example.ir/api/api/GeneralApi"}, false},
		{"club switched off", map[string]string{"SHOP_LOYALTY_URL": "https://212.80.25.71/api/api/GeneralApi", "SHOP_LOYALTY_ENABLED": "false"}, false},
		{"the sandbox", map[string]string{"SHOP_FROTEL_URLS": "", "SHOP_FROTEL_API_KEY": "", "SHOP_LOYALTY_APP_KEY": "", "SHOP_LOYALTY_APP_SECRET": ""}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]string{}
			for k, v := range real {
				vars[k] = v
			}
			for k, v := range tc.vars {
				vars[k] = v
			}
			dir := t.TempDir()
			cfg, err := config.Load(func(k string) string {
				if k == "SHOP_DATA_DIR" {
					return dir
				}
				return vars[k]
			})
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			shop, err := app.Build(context.Background(), cfg, app.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			defer shop.Close()
			if got := strings.Contains(logs.String(), "SHOP_LOYALTY_PIN_SHA256 nor SHOP_LOYALTY_CA_FILE"); got != tc.warn {
				t.Errorf("warned %v, want %v:\n%s", got, tc.warn, logs.String())
			}
		})
	}
}
