package config

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestREADMEListsEverySetting keeps the README's settings table and Vars in step: a setting nobody can find is
// as good as missing, and a documented one the shop ignores misleads.
func TestREADMEListsEverySetting(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\| `(SHOP_[A-Z0-9_]+)` \\|").FindAllStringSubmatch(string(b), -1) {
		documented = append(documented, m[1])
	}
	for _, v := range Vars {
		if !slices.Contains(documented, v.Name) {
			t.Errorf("%s is missing from the README's settings table", v.Name)
		}
	}
	for _, name := range documented {
		if !slices.ContainsFunc(Vars, func(v Var) bool { return v.Name == name }) {
			t.Errorf("the README documents %s, which config.Vars does not have", name)
		}
	}
}
