package templates

import "testing"

func TestWeight(t *testing.T) {
	for grams, want := range map[int64]string{60: "۶۰ گرم", 999: "۹۹۹ گرم", 1000: "۱ کیلوگرم", 1250: "۱٫۲۵ کیلوگرم", 4800: "۴٫۸ کیلوگرم", 1005: "۱٫۰۰۵ کیلوگرم"} {
		if got := weight(grams); got != want {
			t.Errorf("weight(%d) = %q, want %q", grams, got, want)
		}
	}
}
