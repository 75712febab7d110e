package iran

import (
	"math"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// cldrPersian is the formatter FormatNumber replaced: CLDR's "fa" pattern through x/text. It stays here as the
// reference the hand-written one must match byte for byte.
var cldrPersian = message.NewPrinter(language.MustParse("fa"))

func TestFormatNumberMatchesCLDR(t *testing.T) {
	for _, n := range []int64{0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 9999, 10000, 99999, 100000, 999999, 1000000,
		123456789, -123456789, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
		if got, want := FormatNumber(n), cldrPersian.Sprintf("%d", n); got != want {
			t.Errorf("FormatNumber(%d) = %q, CLDR prints %q", n, got, want)
		}
	}
}

func FuzzFormatNumber(f *testing.F) {
	for _, n := range []int64{0, -7, 1250000, math.MaxInt64, math.MinInt64} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		if got, want := FormatNumber(n), cldrPersian.Sprintf("%d", n); got != want {
			t.Fatalf("FormatNumber(%d) = %q, CLDR prints %q", n, got, want)
		}
	})
}

func BenchmarkFormatPrice(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = FormatPrice(12500000, Toman)
	}
}
