package iran

import (
	"testing"
	"time"
)

func TestParseJalaliDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // Gregorian date in Tehran, or "" for an error
	}{
		{"1405/09/01", "2026-11-22"},
		{"۱۴۰۵/۰۹/۰۱", "2026-11-22"},
		{"1405-9-1", "2026-11-22"},
		{" 1404/01/01 ", "2025-03-21"},
		{"1405/06/31", "2026-09-22"},
		{"1405/07/31", ""},
		{"1405/13/01", ""},
		{"1405/09", ""},
		{"yesterday", ""},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseJalaliDate(tc.in)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("ParseJalaliDate(%q) = %v, want an error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g := got.In(Tehran); g.Format(time.DateOnly) != tc.want || g.Hour() != 0 || g.Minute() != 0 {
				t.Errorf("ParseJalaliDate(%q) = %v, want Tehran midnight of %s", tc.in, g, tc.want)
			}
			if back := FormatJalaliDate(got); NormalizeDigits(back) == "" {
				t.Errorf("no round trip: %q", back)
			}
		})
	}
}

func TestJalaliMonthAndDayStart(t *testing.T) {
	at := time.Date(2026, 12, 2, 1, 30, 0, 0, time.UTC) // 1405/09/11 05:00 in Tehran
	if got := JalaliMonthStart(at); FormatJalaliDateTime(got) != "۱۴۰۵/۰۹/۰۱ ۰۰:۰۰" {
		t.Errorf("JalaliMonthStart = %s", FormatJalaliDateTime(got))
	}
	if got := DayStart(at); FormatJalaliDateTime(got) != "۱۴۰۵/۰۹/۱۱ ۰۰:۰۰" {
		t.Errorf("DayStart = %s", FormatJalaliDateTime(got))
	}
	if got := FormatJalaliDayMonth(at); got != "۱۱/۹" {
		t.Errorf("FormatJalaliDayMonth = %s", got)
	}
}
