package config

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestReadmeListsEverySetting keeps the README's settings table in step with Vars: one row per setting, in order,
// written exactly as `shop help` describes it.
func TestReadmeListsEverySetting(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "| `SHOP_") {
			rows = append(rows, line)
		}
	}
	var want []string
	for _, v := range Vars {
		want = append(want, fmt.Sprintf("| `%s` | %s | %s |", v.Name, v.Default, v.Help))
	}
	if got := strings.Join(rows, "\n"); got != strings.Join(want, "\n") {
		if os.Getenv("UPDATE_README") == "1" { // UPDATE_README=1 go test ./internal/config rewrites the table
			text := strings.Replace(string(b), got, strings.Join(want, "\n"), 1)
			if err := os.WriteFile("../../README.md", []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README settings table is stale (UPDATE_README=1 rewrites it); it should read:\n%s", strings.Join(want, "\n"))
	}
}
