package dashboard

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/iran"
	views "shop/web/templates/admin"
)

// Limits of the product form beyond what catalog.Product.Validate checks.
const (
	maxProductName        = 120
	maxProductDescription = 4000
	maxPriceRials         = 1_000_000_000_000 // a trillion rials: far above anything a small shop sells
	maxWeightGrams        = 1_000_000         // a tonne; Frotel's post takes far less
	maxStock              = 1_000_000_000     // a billion units: beyond any shop's shelf
)

// productForm is the product editor's fields as typed, so a refused form comes back exactly as it was sent.
type productForm struct {
	Code, Name, Description, Kind, Price, Weight, Discount, Tax, Commission, Marketer, Files, Category string
	FreeShipping                                                                                       bool
	// Stock is the quantity as typed ("" for unlimited); StockWas what the form showed when it was opened, so a
	// save that leaves it alone does not write back a number orders have changed since.
	Stock, StockWas string
	// Variants are the variants' lines (product_variants.go); VariantsWas what the form showed, likewise.
	Variants, VariantsWas string
}

// A downloadable product lists its files; a few short lines are plenty.
const (
	maxProductFiles    = 20
	maxProductFileLine = 200
)

func productFormOf(p catalog.Product, unit iran.PriceUnit) productForm {
	price := p.Price
	if unit != iran.Rial {
		price /= 10
	}
	f := productForm{Code: p.Code, Name: p.Name, Description: p.Description, Kind: string(p.Kind), Files: p.Files,
		Discount: strconv.Itoa(p.DiscountPercent), Tax: strconv.Itoa(p.TaxPercent),
		Commission: strconv.Itoa(p.CommissionPercent), Marketer: p.MarketerID, FreeShipping: p.FreeShipping, Category: p.Category}
	if p.Price > 0 {
		f.Price = strconv.FormatInt(price, 10)
	}
	if p.Weight > 0 {
		f.Weight = strconv.FormatInt(p.Weight, 10)
	}
	if p.Stock != nil {
		f.Stock = strconv.FormatInt(*p.Stock, 10)
	}
	f.StockWas = f.Stock
	f.Variants = formatVariants(p.Variants, unit)
	f.VariantsWas = f.Variants
	return f
}

func readProductForm(v url.Values) productForm {
	t := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return productForm{Code: t("code"), Name: t("name"), Description: strings.TrimSpace(strings.ReplaceAll(v.Get("description"), "\r\n", "\n")),
		Kind: t("kind"), Price: t("price"), Weight: t("weight"), Discount: t("discount"), Tax: t("tax"),
		Commission: t("commission"), Marketer: t("marketer"), FreeShipping: v.Get("free_shipping") != "", Category: t("category"),
		Files: strings.TrimSpace(strings.ReplaceAll(v.Get("files"), "\r\n", "\n")),
		Stock: t("stock"), StockWas: t("stock_was"),
		Variants: strings.TrimSpace(strings.ReplaceAll(v.Get("variants"), "\r\n", "\n")), VariantsWas: strings.TrimSpace(strings.ReplaceAll(v.Get("variants_was"), "\r\n", "\n"))}
}

// variantsEdited reports whether the seller changed the variants' lines the form showed.
func (f productForm) variantsEdited() bool { return f.Variants != f.VariantsWas }

// stockEdited reports whether the seller changed the quantity the form showed.
func (f productForm) stockEdited() bool {
	return iran.NormalizeDigits(f.Stock) != iran.NormalizeDigits(f.StockWas)
}

// product turns the form into a product, with a Persian message for each field that is wrong. Prices are typed
// in the shop's display unit and kept in rials. Image, Photos and Active are the caller's.
func (f productForm) product(unit iran.PriceUnit) (catalog.Product, map[string]string) {
	problems := map[string]string{}
	p := catalog.Product{Code: f.Code, Name: f.Name, Description: f.Description, Kind: catalog.Kind(f.Kind),
		FreeShipping: f.FreeShipping, MarketerID: iran.NormalizeDigits(f.Marketer), Category: f.Category}
	switch {
	case f.Code == "":
		problems["code"] = "کد کالا را بنویسید."
	case !catalog.ValidCode(f.Code):
		problems["code"] = "کد کالا فقط حروف و رقم‌های انگلیسی، خط تیره و _ است، تا ۴۰ نویسه."
	}
	switch {
	case f.Name == "":
		problems["name"] = "نام کالا را بنویسید."
	case utf8.RuneCountInString(f.Name) > maxProductName:
		problems["name"] = "نام کالا حداکثر " + iran.FormatNumber(maxProductName) + " نویسه است."
	}
	if utf8.RuneCountInString(f.Description) > maxProductDescription {
		problems["description"] = "توضیح حداکثر " + iran.FormatNumber(maxProductDescription) + " نویسه است."
	}
	if !p.Kind.Valid() {
		problems["kind"] = "نوع کالا را انتخاب کنید."
	}
	if f.Category != "" && !catalog.ValidSlug(f.Category) {
		problems["category"] = "دسته‌بندی را از فهرست انتخاب کنید."
	}
	if p.Kind == catalog.Virtual {
		var lines []string
		for _, l := range strings.Split(f.Files, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				lines = append(lines, l)
			}
		}
		switch {
		case len(lines) > maxProductFiles:
			problems["files"] = "حداکثر " + iran.FormatNumber(maxProductFiles) + " فایل؛ هر فایل در یک خط."
		case slices.ContainsFunc(lines, func(l string) bool { return utf8.RuneCountInString(l) > maxProductFileLine }):
			problems["files"] = "هر خط حداکثر " + iran.FormatNumber(maxProductFileLine) + " نویسه است: نام فایل، قالب و حجم."
		default:
			p.Files = strings.Join(lines, "\n")
		}
	}

	unitName := "تومان"
	if unit == iran.Rial {
		unitName = "ریال"
	}
	switch price, ok := wholeNumber(f.Price); {
	case f.Price == "":
		problems["price"] = "قیمت را به " + unitName + " بنویسید."
	case !ok:
		problems["price"] = "قیمت را فقط با رقم و به " + unitName + " بنویسید."
	case price <= 0:
		problems["price"] = "قیمت باید بیشتر از صفر باشد."
	default:
		if unit != iran.Rial {
			price *= 10
		}
		if price > maxPriceRials {
			problems["price"] = "این قیمت بیش از اندازه است."
		}
		p.Price = price
	}

	switch w, ok := wholeNumber(f.Weight); {
	case f.Weight == "" && p.Kind == catalog.Physical:
		problems["weight"] = "وزن کالای فیزیکی را به گرم بنویسید؛ هزینه‌ی ارسال از آن حساب می‌شود."
	case f.Weight == "":
	case !ok || w < 0:
		problems["weight"] = "وزن را فقط با رقم و به گرم بنویسید."
	case w == 0 && p.Kind == catalog.Physical:
		problems["weight"] = "وزن کالای فیزیکی باید بیشتر از صفر باشد."
	case w > maxWeightGrams:
		problems["weight"] = "این وزن بیش از اندازه است."
	default:
		p.Weight = w
	}

	switch n, ok := wholeNumber(f.Stock); {
	case f.Stock == "":
		// unlimited: files, services, and whatever the seller does not count
	case !ok || n < 0:
		problems["stock"] = "موجودی را فقط با رقم بنویسید (صفر یعنی تمام شده)، یا برای نامحدود خالی بگذارید."
	case n > maxStock:
		problems["stock"] = "این موجودی بیش از اندازه است."
	default:
		p.Stock = &n
	}

	if vs, msg := parseVariants(f.Variants, unit); msg != "" {
		problems["variants"] = msg
	} else {
		p.Variants = vs
		if msg := variantProblem(p); msg != "" {
			problems["variants"] = msg
		}
	}

	percent := func(field, label, value string) int {
		if value == "" {
			return 0
		}
		n, ok := wholeNumber(strings.TrimSuffix(strings.TrimSuffix(value, "%"), "٪"))
		if !ok || n < 0 || n > 100 {
			problems[field] = label + " باید عددی از ۰ تا ۱۰۰ باشد."
			return 0
		}
		return int(n)
	}
	p.DiscountPercent = percent("discount", "درصد تخفیف", f.Discount)
	p.TaxPercent = percent("tax", "درصد مالیات", f.Tax)
	p.CommissionPercent = percent("commission", "درصد پورسانت", f.Commission)
	if p.MarketerID != "" {
		if _, ok := checkout.ParseMarketer(p.MarketerID); !ok {
			problems["marketer"] = "شناسه‌ی بازاریاب فقط رقم است (تا ۹ رقم)."
		}
	}
	if p.CommissionPercent > 0 && p.MarketerID == "" && problems["commission"] == "" {
		problems["marketer"] = "پورسانت به بازاریاب می‌رسد: شناسه‌ی بازاریاب را بنویسید یا پورسانت را صفر کنید."
	}
	return p, problems
}

// wholeNumber reads a non-negative or negative integer typed with Persian, Arabic or Latin digits and
// optional thousands separators.
func wholeNumber(s string) (int64, bool) {
	s = iran.NormalizeDigits(s)
	s = strings.NewReplacer(",", "", "٬", "", "،", "", " ", "", "\u200c", "").Replace(s)
	if s == "" || len(s) > 18 {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func (f productForm) view() views.AdminProductFields {
	return views.AdminProductFields{Code: f.Code, Name: f.Name, Description: f.Description, Kind: f.Kind,
		Price: f.Price, Weight: f.Weight, Discount: f.Discount, Tax: f.Tax, Commission: f.Commission,
		Marketer: f.Marketer, FreeShipping: f.FreeShipping, Files: f.Files, Category: f.Category, Stock: f.Stock, StockWas: f.StockWas,
		Variants: f.Variants, VariantsWas: f.VariantsWas}
}
