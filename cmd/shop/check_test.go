package main

import (
	"bytes"
	"net"
	"strings"
	"testing"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestCheckCommand runs `shop check` as a seller would: on the default sandbox setup it starts the shop
// and its in-process sandbox, and every line is ✓ but the honest warnings; a dead mirror or invalid
// settings make it fail.
func TestCheckCommand(t *testing.T) {
	for _, tc := range []struct {
		name    string
		vars    map[string]string
		fails   bool
		line    string // a line the output must hold
		noLines []string
	}{
		{"the default sandbox setup", map[string]string{}, false, "✓ loyalty api", []string{"✗"}},
		{"a dead Frotel mirror", map[string]string{"SHOP_FROTEL_URLS": "http://{dead}/ws/v1/rest", "SHOP_FROTEL_API_KEY": "real-key-never-printed"},
			true, "✗ frotel mirror 1", []string{"real-key-never-printed"}},
		{"settings that do not validate", map[string]string{"SHOP_SESSION_SECRET": "short-secret"},
			true, "✗ settings", []string{"short-secret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]string{"SHOP_ADDR": freeAddr(t)}
			for k, v := range tc.vars {
				vars[k] = strings.ReplaceAll(v, "{dead}", freeAddr(t))
			}
			var stdout, stderr bytes.Buffer
			err := run([]string{"check"}, env(t, vars), &stdout, &stderr)
			out := stdout.String()
			if (err != nil) != tc.fails {
				t.Errorf("err %v, want failure %v\n%s", err, tc.fails, out)
			}
			if !strings.Contains(out, tc.line) {
				t.Errorf("no %q line:\n%s", tc.line, out)
			}
			for _, s := range tc.noLines {
				if strings.Contains(out+stderr.String(), s) {
					t.Errorf("output holds %q:\n%s", s, out)
				}
			}
		})
	}
}
