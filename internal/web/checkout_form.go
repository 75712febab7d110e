package web

import (
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/geo"
	"shop/internal/iran"
)

// checkoutDetails is a parsed checkout form: the buyer in the shop's words and the chosen shipping option.
type checkoutDetails struct {
	Buyer   checkout.Buyer
	Send    checkout.SendMethod
	Payment checkout.PaymentWay
	// OptionChosen is true when send and pay name a valid pair (whether it was quoted is checked when placing).
	OptionChosen bool
	// Coupon is the Frotel coupon code as typed (normalised); Frotel's checkCoupon decides whether it is usable.
	Coupon string
}

// fieldErrors maps a form field name to a Persian sentence shown beside it.
type fieldErrors map[string]string

// formValues echoes what the shopper typed so the form can be shown again with their input kept.
type formValues map[string]string

// The checkout form's field names, in form order. They are the shop's own names; only the Frotel adapter knows
// what Frotel calls them.
const (
	fieldFirstName = "first_name"
	fieldLastName  = "last_name"
	fieldMobile    = "mobile"
	fieldPhone     = "phone"
	fieldGender    = "gender"
	fieldEmail     = "email"
	fieldAddress   = "address"
	fieldPostal    = "postal_code"
	fieldProvince  = "province"
	fieldCity      = "city"
	fieldNote      = "note"
	fieldSend      = "send"
	fieldPay       = "pay"
	fieldCoupon    = "coupon"
)

var checkoutFields = []string{fieldFirstName, fieldLastName, fieldMobile, fieldPhone, fieldGender, fieldEmail,
	fieldAddress, fieldPostal, fieldProvince, fieldCity, fieldNote, fieldSend, fieldPay, fieldCoupon}

// defaultVirtualNote is the message to the seller sent for a file order when the shopper wrote none: Frotel's
// registerOrderVirtual requires pm.
const defaultVirtualNote = "خریدار پیامی برای فروشنده ننوشته است."

// parseCheckoutForm reads and checks the checkout form for a basket with the given kinds. Physical goods and
// services need an address; virtual goods need a message to the seller (Frotel requires one; a default is sent when the shopper writes
// none). Digits
// may be Persian or Arabic-Indic. The city must belong to the province.
func parseCheckoutForm(form url.Values, kinds []catalog.Kind, cities *geo.Directory) (checkoutDetails, formValues, fieldErrors) {
	vals := formValues{}
	for _, f := range checkoutFields {
		vals[f] = strings.TrimSpace(form.Get(f))
	}
	errs := fieldErrors{}
	var d checkoutDetails
	d.Buyer.FirstName = personName(vals, errs, fieldFirstName, "نام")
	d.Buyer.LastName = personName(vals, errs, fieldLastName, "نام خانوادگی")

	// Numbers are read in any digits but shown again as the shopper typed them (Persian digits stay Persian).
	if m, err := iran.NormalizeMobile(vals[fieldMobile]); err != nil {
		errs[fieldMobile] = "شماره‌ی موبایل را درست وارد کنید؛ مثل ۰۹۱۲۱۲۳۴۵۶۷."
	} else {
		d.Buyer.Mobile = m
	}
	if vals[fieldPhone] == "" {
		d.Buyer.Phone = d.Buyer.Mobile // Frotel requires a phone; the mobile is one
	} else if p, err := iran.ValidPhone(vals[fieldPhone]); err != nil {
		errs[fieldPhone] = "شماره‌ی تلفن را با پیش‌شماره وارد کنید؛ مثل ۰۲۱۸۸۷۷۶۶۵۵."
	} else {
		d.Buyer.Phone = p
	}
	// Gender is optional: the shop has no use for it and most shoppers skip it. Frotel's registration requires a
	// code (0 woman, 1 man); when the shopper gives none, the Frotel adapter sends 1, the value the official
	// plugins hard-code, and the order stores it as not given.
	switch g := checkout.Gender(vals[fieldGender]); g {
	case checkout.Female, checkout.Male:
		d.Buyer.Gender = g
	case checkout.GenderNotGiven:
	default:
		errs[fieldGender] = "جنسیت را از فهرست انتخاب کنید یا خالی بگذارید."
	}
	if e := vals[fieldEmail]; e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || len(e) > 120 {
			errs[fieldEmail] = "ایمیل درست نیست؛ مثل name@example.com. (ایمیل اختیاری است.)"
		} else {
			d.Buyer.Email = e
		}
	}
	if slices.Contains(kinds, catalog.Physical) || slices.Contains(kinds, catalog.Service) {
		parseAddress(vals, errs, cities, &d.Buyer)
	}
	note := vals[fieldNote]
	switch {
	case utf8.RuneCountInString(note) > 500:
		errs[fieldNote] = "پیام بیش از ۵۰۰ نویسه است."
	case plainTextProblem(note) != "":
		errs[fieldNote] = "پیام " + plainTextProblem(note)
	case slices.Contains(kinds, catalog.Virtual) && note == "":
		// Frotel requires pm for files; the shopper need not invent one.
		d.Buyer.Message = defaultVirtualNote
	default:
		d.Buyer.Message = note
	}
	if code := checkout.NormalizeCoupon(vals[fieldCoupon]); utf8.RuneCountInString(code) > 64 {
		errs[fieldCoupon] = "کد تخفیف بیش از ۶۴ نویسه است؛ آن را همان‌طور که گرفته‌اید وارد کنید یا پاک کنید."
	} else {
		d.Coupon, vals[fieldCoupon] = code, code
	}
	if vals[fieldSend] != "" || vals[fieldPay] != "" {
		send, err1 := checkout.ParseSendMethod(vals[fieldSend])
		pay, err2 := checkout.ParsePaymentWay(vals[fieldPay])
		if err1 == nil && err2 == nil {
			d.Send, d.Payment, d.OptionChosen = send, pay, true
		}
	}
	return d, vals, errs
}

func parseAddress(vals formValues, errs fieldErrors, cities *geo.Directory, b *checkout.Buyer) {
	addr := vals[fieldAddress]
	switch n := utf8.RuneCountInString(addr); {
	case n < 10:
		errs[fieldAddress] = "نشانی را کامل بنویسید: شهر، خیابان، کوچه، پلاک و واحد."
	case n > 300:
		errs[fieldAddress] = "نشانی بیش از ۳۰۰ نویسه است؛ کوتاه‌ترش کنید."
	case plainTextProblem(addr) != "":
		errs[fieldAddress] = "نشانی " + plainTextProblem(addr)
	default:
		b.Address = addr
	}
	if pc, err := iran.ValidPostalCode(vals[fieldPostal]); err != nil {
		errs[fieldPostal] = "کد پستی ۱۰ رقمی را بدون خط تیره وارد کنید."
	} else {
		b.PostalCode = pc
	}
	provinceID, perr := strconv.Atoi(iran.NormalizeDigits(vals[fieldProvince]))
	cityID, cerr := strconv.Atoi(iran.NormalizeDigits(vals[fieldCity]))
	p, pok := cities.Province(provinceID)
	switch {
	case perr != nil || !pok:
		errs[fieldProvince] = "استان را انتخاب کنید."
	case cerr != nil:
		errs[fieldCity] = "شهر را انتخاب کنید."
	default:
		c, err := cities.City(provinceID, cityID)
		if err != nil {
			errs[fieldCity] = "این شهر در استان انتخاب‌شده نیست؛ شهر را دوباره انتخاب کنید."
			return
		}
		b.ProvinceID, b.ProvinceName = p.ID, p.Name
		b.CityID, b.CityName = c.ID, c.Name
	}
}

// maxNameLetters is the longest first or last name; the fields say so (maxlength) too.
const maxNameLetters = 40

// plainTextProblem says what is wrong with free text bound for Frotel's parcel label and the seller's screen: a
// control character (a raw tab, a NUL byte), text that is not UTF-8, or an emoji or other pictograph, none of
// which a label printer or Frotel's fields take. "" when it is fine.
func plainTextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "نویسه‌های نامعتبر دارد؛ آن را دوباره بنویسید."
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
		case unicode.IsControl(r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r):
			return "نویسه‌ی نامعتبر دارد؛ آن را دوباره بنویسید."
		case unicode.Is(unicode.So, r) || r == '\ufe0f' || (r >= 0x1f000 && r <= 0x1faff):
			return "شکلک (ایموجی) یا نماد نمی‌پذیرد؛ فقط حرف، عدد و نشانه‌های نوشتن."
		}
	}
	return ""
}

func personName(vals formValues, errs fieldErrors, field, label string) string {
	v := strings.Join(strings.Fields(vals[field]), " ")
	switch n := utf8.RuneCountInString(v); {
	case n == 0:
		errs[field] = label + " را وارد کنید."
		return ""
	case n < 2:
		errs[field] = label + " دست‌کم ۲ حرف است."
		return ""
	case n > maxNameLetters:
		errs[field] = label + " حداکثر ۴۰ حرف است؛ کوتاه‌ترش کنید."
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
