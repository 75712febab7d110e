package iran

import (
	"errors"
	"strconv"
	"strings"
	"time"

	ptime "github.com/yaa110/go-persian-calendar"
)

// ErrInvalidJalaliDate is returned for text that is not a Jalali date like 1405/09/01.
var ErrInvalidJalaliDate = errors.New("iran: not a Jalali date (YYYY/MM/DD)")

// ParseJalaliDate reads a Jalali date written YYYY/MM/DD (or with dashes, Persian or Arabic digits) and returns
// the midnight that begins that day in Tehran. Days a month does not have (1405/07/31) are refused.
func ParseJalaliDate(s string) (time.Time, error) {
	s = strings.ReplaceAll(strings.TrimSpace(NormalizeDigits(s)), "-", "/")
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return time.Time{}, ErrInvalidJalaliDate
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) == 0 || len(p) > 4 {
			return time.Time{}, ErrInvalidJalaliDate
		}
		n[i] = v
	}
	y, m, d := n[0], n[1], n[2]
	if y < 1300 || y > 1500 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, ErrInvalidJalaliDate
	}
	j := ptime.Date(y, ptime.Month(m), d, 0, 0, 0, 0, Tehran)
	// The calendar rolls an impossible day into the next month; refuse it instead.
	if j.Year() != y || int(j.Month()) != m || j.Day() != d {
		return time.Time{}, ErrInvalidJalaliDate
	}
	return j.Time(), nil
}

// JalaliMonthStart is the Tehran midnight that began t's Jalali month.
func JalaliMonthStart(t time.Time) time.Time {
	j := jalali(t)
	return ptime.Date(j.Year(), j.Month(), 1, 0, 0, 0, 0, Tehran).Time()
}

// DayStart is the Tehran midnight that began t's day.
func DayStart(t time.Time) time.Time {
	t = t.In(Tehran)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Tehran)
}

// FormatJalaliDayMonth writes t's Jalali day and month, e.g. "۴/۹", for chart labels.
func FormatJalaliDayMonth(t time.Time) string {
	j := jalali(t)
	return PersianDigits(strconv.Itoa(j.Day()) + "/" + strconv.Itoa(int(j.Month())))
}

// JalaliMonthName is the Persian name of t's Jalali month, e.g. "آذر".
func JalaliMonthName(t time.Time) string { return jalali(t).Month().String() }
