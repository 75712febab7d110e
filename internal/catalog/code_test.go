package catalog

import (
	"regexp"
	"strings"
	"testing"
)

// codeShape is the rule ValidCode implements by hand.
var codeShape = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

func TestValidCode(t *testing.T) {
	for _, s := range []string{"", "a", "saffron-1m", "A_b-9", strings.Repeat("x", 40), strings.Repeat("x", 41),
		"with space", "زعفران", "a/b", "a.b", "a\x00", "-", "_", "Z9", "a\n"} {
		if got, want := ValidCode(s), codeShape.MatchString(s); got != want {
			t.Errorf("ValidCode(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzValidCode(f *testing.F) {
	f.Add("saffron-1m")
	f.Add("a b")
	f.Add(strings.Repeat("k", 41))
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ValidCode(s), codeShape.MatchString(s); got != want {
			t.Fatalf("ValidCode(%q) = %v, the rule says %v", s, got, want)
		}
	})
}
