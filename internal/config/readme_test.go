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
		t.Errorf("README settings table is stale; it should read:\n%s", strings.Join(want, "\n"))
	}
}
