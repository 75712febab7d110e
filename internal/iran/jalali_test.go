package iran

import (
	"testing"
	"time"
)

func TestFormatJalali(t *testing.T) {
	tests := []struct {
		name                 string
		at                   time.Time
		date, dateTime, long string
	}{
		{
			// 1405/09/04 starts on 2026-11-25; 10:00 UTC is 13:30 in Tehran.
			name: "autumn 1405", at: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC),
			date: "۱۴۰۵/۰۹/۰۴", dateTime: "۱۴۰۵/۰۹/۰۴ ۱۳:۳۰", long: "۴ آذر ۱۴۰۵",
		},
		{
			// 21:00 UTC is already the next day in Tehran.
			name: "after Tehran midnight", at: time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC),
			date: "۱۴۰۵/۰۹/۰۵", dateTime: "۱۴۰۵/۰۹/۰۵ ۰۰:۳۰", long: "۵ آذر ۱۴۰۵",
		},
		{
			name: "nowruz 1405", at: time.Date(2026, 3, 21, 8, 0, 0, 0, time.UTC),
			date: "۱۴۰۵/۰۱/۰۱", dateTime: "۱۴۰۵/۰۱/۰۱ ۱۱:۳۰", long: "۱ فروردین ۱۴۰۵",
		},
		{
			name: "last day of 1404", at: time.Date(2026, 3, 20, 8, 0, 0, 0, time.UTC),
			date: "۱۴۰۴/۱۲/۲۹", dateTime: "۱۴۰۴/۱۲/۲۹ ۱۱:۳۰", long: "۲۹ اسفند ۱۴۰۴",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatJalaliDate(tt.at); got != tt.date {
				t.Errorf("FormatJalaliDate = %q, want %q", got, tt.date)
			}
			if got := FormatJalaliDateTime(tt.at); got != tt.dateTime {
				t.Errorf("FormatJalaliDateTime = %q, want %q", got, tt.dateTime)
			}
			if got := FormatJalaliLong(tt.at); got != tt.long {
				t.Errorf("FormatJalaliLong = %q, want %q", got, tt.long)
			}
		})
	}
}
