package dashboard

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"shop/internal/catalog"
	"shop/internal/iran"
)

// A product's variants are edited as lines of text, one variant a line, so the form works without JavaScript and a
// seller can paste a list:
//
//	code | options | stock | price difference
//	tee-L-blue | سایز: L، رنگ: آبی | 5 | 30000
//
// Options are "name: value" pairs separated by «،» or ","; every line names the same options in the same order.
// An empty stock is unlimited; the price difference is in the shop's display unit, negative for a cheaper one,
// empty for none.

// formatVariants writes a product's variants as the form shows them.
func formatVariants(vs []catalog.Variant, unit iran.PriceUnit) string {
	lines := make([]string, len(vs))
	for i, v := range vs {
		opts := make([]string, len(v.Options))
		for j, o := range v.Options {
			opts[j] = o.Name + ": " + o.Value
		}
		stock := ""
		if v.Stock != nil {
			stock = strconv.FormatInt(*v.Stock, 10)
		}
		delta := ""
		if v.PriceDelta != 0 {
			d := v.PriceDelta
			if unit != iran.Rial {
				d /= 10
			}
			delta = strconv.FormatInt(d, 10)
		}
		lines[i] = v.Code + " | " + strings.Join(opts, "، ") + " | " + stock + " | " + delta
	}
	return strings.Join(lines, "\n")
}

// parseVariants reads the variants' lines; the message says, in Persian, what is wrong with the first bad line.
// catalog.Product.Validate checks the rest (one set of options, distinct codes and combinations, positive prices).
func parseVariants(text string, unit iran.PriceUnit) ([]catalog.Variant, string) {
	out := []catalog.Variant{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		at := "خط " + iran.FormatNumber(int64(n+1)) + " گونه‌ها: "
		if len(out) == catalog.MaxVariants {
			return nil, "حداکثر " + iran.FormatNumber(catalog.MaxVariants) + " گونه برای یک کالا."
		}
		parts := strings.Split(line, "|")
		for len(parts) < 4 {
			parts = append(parts, "")
		}
		if len(parts) > 4 {
			return nil, at + "هر خط چهار بخش دارد که با | جدا می‌شوند: کد | گزینه‌ها | موجودی | اختلاف قیمت."
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		v := catalog.Variant{Code: parts[0]}
		if !catalog.ValidCode(v.Code) {
			return nil, at + "کد گونه فقط حروف و رقم‌های انگلیسی، خط تیره و _ است، تا ۴۰ نویسه."
		}
		for _, pair := range strings.FieldsFunc(parts[1], func(r rune) bool { return r == '،' || r == ',' }) {
			name, value, ok := strings.Cut(pair, ":")
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			if !ok || name == "" || value == "" {
				return nil, at + "هر گزینه نام و مقدار دارد، مانند «سایز: L»."
			}
			if utf8.RuneCountInString(name) > catalog.MaxOptionLength || utf8.RuneCountInString(value) > catalog.MaxOptionLength {
				return nil, at + "نام و مقدار هر گزینه حداکثر " + iran.FormatNumber(catalog.MaxOptionLength) + " نویسه است."
			}
			v.Options = append(v.Options, catalog.OptionValue{Name: name, Value: value})
		}
		if len(v.Options) == 0 {
			return nil, at + "گزینه‌های گونه را بنویسید، مانند «سایز: L، رنگ: آبی»."
		}
		if parts[2] != "" {
			n, ok := wholeNumber(parts[2])
			if !ok || n < 0 || n > maxStock {
				return nil, at + "موجودی را فقط با رقم بنویسید، یا برای نامحدود خالی بگذارید."
			}
			v.Stock = &n
		}
		if d := strings.ReplaceAll(parts[3], "−", "-"); d != "" {
			n, ok := wholeNumber(d)
			if !ok || n > maxPriceRials || n < -maxPriceRials {
				return nil, at + "اختلاف قیمت را فقط با رقم بنویسید؛ برای ارزان‌تر، با علامت منفی."
			}
			if unit != iran.Rial {
				n *= 10
			}
			v.PriceDelta = n
		}
		out = append(out, v)
	}
	return out, ""
}

// variantProblem is the Persian message for variants that read well line by line but not together.
func variantProblem(p catalog.Product) string {
	names := strings.Join(p.OptionNames(), "، ")
	codes := map[string]bool{p.Code: true}
	combos := map[string]bool{}
	for _, v := range p.Variants {
		got := make([]string, len(v.Options))
		for i, o := range v.Options {
			got[i] = o.Name
		}
		switch {
		case strings.Join(got, "، ") != names:
			return "همه‌ی گونه‌ها همان گزینه‌ها را به همان ترتیب دارند (" + names + ")؛ گونه‌ی " + v.Code + " چنین نیست."
		case codes[v.Code]:
			return "کد " + v.Code + " تکراری است (یا کد خود کالاست)؛ هر گونه کد خودش را دارد."
		case combos[v.Label()]:
			return "ترکیب «" + v.Label() + "» دو بار آمده است."
		case p.Price > 0 && p.Price+v.PriceDelta <= 0:
			return "قیمت گونه‌ی " + v.Code + " با اختلاف قیمتش باید بیشتر از صفر بماند."
		}
		codes[v.Code], combos[v.Label()] = true, true
	}
	return ""
}
