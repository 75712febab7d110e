package web

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// The shop writes every date one way: the Jalali day with the month's name and the minute, in Tehran time
// ("۱۸ آذر ۱۴۰۵، ساعت ۰۴:۰۱"). Our own times are formatted here; Frotel's strings are read and rewritten the same
// way, and kept as they came (in Persian digits) only when they cannot be read.

var jalaliMonths = [...]string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"}

// when is one of our own instants as the shopper reads it.
func when(t time.Time) string {
	return jalaliText(iran.NormalizeDigits(iran.FormatJalaliDateTime(t)))
}

var jalaliStamp = regexp.MustCompile(`^\s*(1[34]\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:(?:[ T]+|\s*[-،,]\s*)(\d{1,2}):(\d{2})(?::\d{2})?)?\s*$`)

// jalaliText rewrites a Jalali "YYYY/MM/DD[ HH:MM[:SS]]" as the shop writes dates, without seconds.
func jalaliText(s string) string {
	m := jalaliStamp.FindStringSubmatch(iran.NormalizeDigits(s))
	if m == nil {
		return iran.PersianDigits(s)
	}
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return iran.PersianDigits(s)
	}
	out := strconv.Itoa(day) + " " + jalaliMonths[month-1] + " " + m[1]
	if m[4] != "" {
		hour, _ := strconv.Atoi(m[4])
		out += "، ساعت " + twoDigits(hour) + ":" + m[5]
	}
	return iran.PersianDigits(out)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

var sizeText = regexp.MustCompile(`^\s*([\d.]+)\s*([KMG]?i?B|bytes?)?\s*$`)

// fileSize reads a file size as Frotel gives it ("624 B", "12 KB", or bare bytes) and writes it in Persian units.
func fileSize(s string) string {
	m := sizeText.FindStringSubmatch(iran.NormalizeDigits(s))
	if m == nil {
		return iran.PersianDigits(s)
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return iran.PersianDigits(s)
	}
	switch strings.ToUpper(strings.TrimSuffix(strings.TrimSuffix(m[2], "s"), "iB")) {
	case "K", "KB":
		n *= 1 << 10
	case "M", "MB":
		n *= 1 << 20
	case "G", "GB":
		n *= 1 << 30
	}
	units := []string{"بایت", "کیلوبایت", "مگابایت", "گیگابایت"}
	i := 0
	for n >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	num := strconv.FormatFloat(n, 'f', 0, 64)
	if i > 0 && n < 10 {
		num = strings.TrimSuffix(strconv.FormatFloat(n, 'f', 1, 64), ".0")
	}
	return iran.PersianDigits(strings.Replace(num, ".", "٫", 1)) + " " + units[i]
}

// downloadViews names each file after the product bought: Frotel lists the files in the order's item order, so
// with as many files as items they pair up; a single item names every file; otherwise the file's own name is used.
func downloadViews(o *checkout.Order) []templates.DownloadView {
	var out []templates.DownloadView
	for i, d := range o.Downloads {
		title := d.Name
		switch {
		case len(o.Items) == len(o.Downloads):
			title = o.Items[i].Name
		case len(o.Items) == 1:
			title = o.Items[0].Name
		}
		count := d.Count
		if _, err := strconv.Atoi(iran.NormalizeDigits(count)); err == nil {
			count = iran.PersianDigits(count) + " بار"
		}
		out = append(out, templates.DownloadView{Title: title, Name: d.Name, Size: fileSize(d.Size),
			Mime: strings.ToUpper(d.Mime), Count: count, Expire: jalaliText(d.Expire), URL: httpkit.HTTPURL(d.URL)})
	}
	return out
}
