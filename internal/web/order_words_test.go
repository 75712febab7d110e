package web

import (
	"testing"
	"time"

	"shop/internal/checkout"
)

func TestJalaliText(t *testing.T) {
	for in, want := range map[string]string{
		"1405/09/18 04:01:18": "۱۸ آذر ۱۴۰۵، ساعت ۰۴:۰۱",
		"۱۴۰۵/۰۹/۰۴ ۱۳:۳۰":    "۴ آذر ۱۴۰۵، ساعت ۱۳:۳۰",
		"1405/1/2":            "۲ فروردین ۱۴۰۵",
		"1405/09/11 - 05:18":  "۱۱ آذر ۱۴۰۵، ساعت ۰۵:۱۸",
		"tomorrow":            "tomorrow",
	} {
		if got := jalaliText(in); got != want {
			t.Errorf("jalaliText(%q) = %q, want %q", in, got, want)
		}
	}
	tehran := time.FixedZone("IRST", 3*3600+1800)
	if got, want := when(time.Date(2026, 11, 25, 13, 30, 59, 0, tehran)), "۴ آذر ۱۴۰۵، ساعت ۱۳:۳۰"; got != want {
		t.Errorf("when = %q, want %q", got, want)
	}
}

func TestFileSize(t *testing.T) {
	for in, want := range map[string]string{
		"624 B":   "۶۲۴ بایت",
		"12 KB":   "۱۲ کیلوبایت",
		"1536 KB": "۱٫۵ مگابایت",
		"2048":    "۲ کیلوبایت",
		"odd":     "odd",
	} {
		if got := fileSize(in); got != want {
			t.Errorf("fileSize(%q) = %q, want %q", in, got, want)
		}
	}
}

// The download card names the product bought, not the file; sizes and dates read in Persian.
func TestDownloadViews(t *testing.T) {
	o := &checkout.Order{Items: []checkout.Item{{Name: "کتاب الکترونیکی آشپزی"}},
		Downloads: []checkout.Download{{Name: "cooking.pdf", Size: "624 B", Mime: "pdf", Count: "3", Expire: "1405/09/18 04:01:18", URL: "https://x.example/f"}}}
	d := downloadViews(o)[0]
	if d.Title != "کتاب الکترونیکی آشپزی" || d.Name != "cooking.pdf" || d.Size != "۶۲۴ بایت" || d.Mime != "PDF" ||
		d.Count != "۳ بار" || d.Expire != "۱۸ آذر ۱۴۰۵، ساعت ۰۴:۰۱" {
		t.Errorf("download view %+v", d)
	}
}
