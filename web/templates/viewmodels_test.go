package templates

import "testing"

func TestWeight(t *testing.T) {
	for grams, want := range map[int64]string{60: "۶۰ گرم", 999: "۹۹۹ گرم", 1000: "۱ کیلوگرم", 1250: "۱٫۲۵ کیلوگرم", 4800: "۴٫۸ کیلوگرم", 1005: "۱٫۰۰۵ کیلوگرم"} {
		if got := weight(grams); got != want {
			t.Errorf("weight(%d) = %q, want %q", grams, got, want)
		}
	}
}

func TestFactorID(t *testing.T) {
	for id, want := range map[string]string{
		"22000000000000123456":   "۲۲-۰۰۰۰۰۰-۰۰۰۰۰۰-۱۲۳۴۵۶",
		"22-00000-000000-000000": "۲۲-۰۰۰۰۰-۰۰۰۰۰۰-۰۰۰۰۰۰", // already grouped: kept
		"14116":                  "۱۴۱۱۶",                  // short ids are not grouped
		"":                       "",
	} {
		if got := factorID(id); got != want {
			t.Errorf("factorID(%q) = %q, want %q", id, got, want)
		}
	}
}
