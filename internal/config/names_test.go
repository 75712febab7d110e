package config

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's settings table from Vars")

// TestREADMESettingsTable keeps the README's table of settings generated from Vars.
func TestREADMESettingsTable(t *testing.T) {
	const path = "../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	const head = "| variable | default | meaning |\n"
	start := strings.Index(readme, head)
	if start < 0 {
		t.Fatal("README has no settings table")
	}
	end := start + strings.Index(readme[start:], "\n\n") + 1
	want := MarkdownTable()
	if readme[start:end] == want {
		return
	}
	if !*update {
		t.Fatalf("README's settings table differs from config.Vars: run `go test ./internal/config -update`\nwant:\n%s", want)
	}
	if err := os.WriteFile(path, []byte(readme[:start]+want+readme[end:]), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAdminIdle(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        string
		wantErr     bool
	}{
		{"default", "", "30m0s", false},
		{"set", "2h", "2h0m0s", false},
		{"not a duration", "soon", "30m0s", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(func(k string) string {
				if k == "SHOP_ADMIN_IDLE" {
					return tc.value
				}
				return ""
			})
			if (err != nil) != tc.wantErr || c.AdminIdle.String() != tc.want {
				t.Errorf("AdminIdle = %v, err %v; want %s, error %v", c.AdminIdle, err, tc.want, tc.wantErr)
			}
		})
	}
}
