package iran

import (
	"fmt"
	"time"
	_ "time/tzdata" // Tehran's zone must not depend on the host's zone files.

	ptime "github.com/yaa110/go-persian-calendar"
)

// Tehran is the Asia/Tehran time zone, loaded from the zone database embedded
// in the binary. Iran has observed no daylight saving time since 2022.
var Tehran = mustLoadTehran()

func mustLoadTehran() *time.Location {
	loc, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		// Unreachable with time/tzdata linked in.
		panic("iran: load Asia/Tehran: " + err.Error())
	}
	return loc
}

func jalali(t time.Time) ptime.Time {
	return ptime.New(t.In(Tehran))
}

// FormatJalaliDate writes the Jalali date of t in Tehran time, e.g.
// "۱۴۰۵/۰۹/۰۴".
func FormatJalaliDate(t time.Time) string {
	j := jalali(t)
	return PersianDigits(fmt.Sprintf("%04d/%02d/%02d", j.Year(), int(j.Month()), j.Day()))
}

// FormatJalaliDateTime writes the Jalali date and 24-hour time of t in Tehran
// time, e.g. "۱۴۰۵/۰۹/۰۴ ۱۳:۳۰".
func FormatJalaliDateTime(t time.Time) string {
	j := jalali(t)
	return PersianDigits(fmt.Sprintf("%04d/%02d/%02d %02d:%02d",
		j.Year(), int(j.Month()), j.Day(), j.Hour(), j.Minute()))
}

// FormatJalaliLong writes the Jalali date of t in Tehran time with the
// month's name, e.g. "۴ آذر ۱۴۰۵".
func FormatJalaliLong(t time.Time) string {
	j := jalali(t)
	return PersianDigits(fmt.Sprintf("%d %s %d", j.Day(), j.Month().String(), j.Year()))
}
