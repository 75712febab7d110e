package checkout

import (
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"shop/internal/catalog"
	"shop/internal/frotel"
	"shop/internal/geo"
	"shop/internal/iran"
)

// Details is a parsed checkout form. Field names on the wire are Frotel's: name, family, mobile, phone, gender,
// email, address, code_posti, province, city, pm; the chosen option is send_type + buy_type (registerOrder codes).
type Details struct {
	Buyer   Buyer
	Send    frotel.SendMethod
	Payment frotel.PaymentWay
	// OptionChosen is true when send_type and buy_type name a valid pair (whether quoted is checked when placing).
	OptionChosen bool
}

// FieldErrors maps a form field name to a Persian sentence for the shopper.
type FieldErrors map[string]string

// Values echoes what the shopper typed so the form can be shown again with their input kept.
type Values map[string]string

// Field names, in form order.
var detailFields = []string{"name", "family", "mobile", "phone", "gender", "email", "address", "code_posti", "province", "city", "pm", "send_type", "buy_type"}

// ParseDetails reads and checks the checkout form for a basket with the given kinds. Physical goods and services
// need an address; virtual goods need a message to the seller (the spec requires pm for them). Digits may be
// Persian or Arabic-Indic. The city must belong to the province.
func ParseDetails(form url.Values, kinds []catalog.Kind, cities *geo.Directory) (Details, Values, FieldErrors) {
	vals := Values{}
	for _, f := range detailFields {
		vals[f] = strings.TrimSpace(form.Get(f))
	}
	errs := FieldErrors{}
	var d Details
	has := func(k catalog.Kind) bool {
		for _, x := range kinds {
			if x == k {
				return true
			}
		}
		return false
	}
	d.Buyer.FirstName = personName(vals, errs, "name", "نام")
	d.Buyer.LastName = personName(vals, errs, "family", "نام خانوادگی")

	if m, err := iran.NormalizeMobile(vals["mobile"]); err != nil {
		errs["mobile"] = "شماره‌ی موبایل را درست وارد کنید؛ مثل ۰۹۱۲۱۲۳۴۵۶۷."
	} else {
		d.Buyer.Mobile = m
		vals["mobile"] = m
	}
	if vals["phone"] == "" {
		d.Buyer.Phone = d.Buyer.Mobile // Frotel requires a phone; the mobile is one
	} else if p, err := iran.ValidPhone(vals["phone"]); err != nil {
		errs["phone"] = "شماره‌ی تلفن را با پیش‌شماره وارد کنید؛ مثل ۰۲۱۸۸۷۷۶۶۵۵."
	} else {
		d.Buyer.Phone = p
		vals["phone"] = p
	}
	switch vals["gender"] {
	case "0":
		d.Buyer.Gender = frotel.Female
	case "1":
		d.Buyer.Gender = frotel.Male
	default:
		errs["gender"] = "جنسیت را انتخاب کنید."
	}
	if e := vals["email"]; e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || len(e) > 120 {
			errs["email"] = "ایمیل درست نیست؛ مثل name@example.com. (ایمیل اختیاری است.)"
		} else {
			d.Buyer.Email = e
		}
	}
	if has(catalog.Physical) || has(catalog.Service) {
		addr := vals["address"]
		switch n := utf8.RuneCountInString(addr); {
		case n < 10:
			errs["address"] = "نشانی را کامل بنویسید: شهر، خیابان، کوچه، پلاک و واحد."
		case n > 300:
			errs["address"] = "نشانی بیش از ۳۰۰ نویسه است؛ کوتاه‌ترش کنید."
		default:
			d.Buyer.Address = addr
		}
		if pc, err := iran.ValidPostalCode(vals["code_posti"]); err != nil {
			errs["code_posti"] = "کد پستی ۱۰ رقمی را بدون خط تیره وارد کنید."
		} else {
			d.Buyer.PostalCode = pc
			vals["code_posti"] = pc
		}
		provinceID, perr := strconv.Atoi(iran.NormalizeDigits(vals["province"]))
		cityID, cerr := strconv.Atoi(iran.NormalizeDigits(vals["city"]))
		p, pok := cities.Province(provinceID)
		switch {
		case perr != nil || !pok:
			errs["province"] = "استان را انتخاب کنید."
		case cerr != nil:
			errs["city"] = "شهر را انتخاب کنید."
		default:
			c, err := cities.City(provinceID, cityID)
			if err != nil {
				errs["city"] = "این شهر در استان انتخاب‌شده نیست؛ شهر را دوباره انتخاب کنید."
			} else {
				d.Buyer.ProvinceID, d.Buyer.ProvinceName = p.ID, p.Name
				d.Buyer.CityID, d.Buyer.CityName = c.ID, c.Name
			}
		}
	}
	pm := vals["pm"]
	switch {
	case utf8.RuneCountInString(pm) > 500:
		errs["pm"] = "پیام بیش از ۵۰۰ نویسه است."
	case has(catalog.Virtual) && pm == "":
		errs["pm"] = "برای خرید فایل، فروتل پیامی برای فروشنده می‌خواهد؛ مثلاً «لطفاً فایل را به این ایمیل هم بفرستید» یا فقط «سپاس»."
	default:
		d.Buyer.Message = pm
	}
	if vals["send_type"] != "" || vals["buy_type"] != "" {
		sc, err1 := strconv.Atoi(vals["send_type"])
		bc, err2 := strconv.Atoi(vals["buy_type"])
		send, ok1 := frotel.SendMethodFromRegisterCode(sc)
		pay, ok2 := frotel.PaymentWayFromCode(bc)
		if err1 == nil && err2 == nil && ok1 && ok2 {
			d.Send, d.Payment, d.OptionChosen = send, pay, true
		}
	}
	return d, vals, errs
}

func personName(vals Values, errs FieldErrors, field, label string) string {
	v := strings.Join(strings.Fields(vals[field]), " ")
	n := utf8.RuneCountInString(v)
	if n < 2 || n > 40 {
		errs[field] = label + " را وارد کنید (۲ تا ۴۰ حرف)."
		return ""
	}
	for _, r := range v {
		if !(unicode.IsLetter(r) || r == ' ' || r == '\u200c' || r == '-' || r == '\'' || unicode.Is(unicode.Mn, r)) {
			errs[field] = label + " فقط حرف می‌پذیرد."
			return ""
		}
	}
	vals[field] = v
	return v
}
