package web

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/geo"
)

// Persian sentences the form shows, copied here so a changed wording is a conscious change.
const (
	msgName      = "نام را وارد کنید."
	msgFamily    = "نام خانوادگی را وارد کنید."
	msgMobile    = "شماره‌ی موبایل را درست وارد کنید؛ مثل ۰۹۱۲۱۲۳۴۵۶۷."
	msgPhone     = "شماره‌ی تلفن را با پیش‌شماره وارد کنید؛ مثل ۰۲۱۸۸۷۷۶۶۵۵."
	msgGender    = "جنسیت را از فهرست انتخاب کنید یا خالی بگذارید."
	msgEmail     = "ایمیل درست نیست؛ مثل name@example.com. (ایمیل اختیاری است.)"
	msgAddress   = "نشانی را کامل بنویسید: شهر، خیابان، کوچه، پلاک و واحد."
	msgPostal    = "کد پستی ۱۰ رقمی را بدون خط تیره وارد کنید."
	msgProvince  = "استان را انتخاب کنید."
	msgCity      = "شهر را انتخاب کنید."
	msgCityOther = "این شهر در استان انتخاب‌شده نیست؛ شهر را دوباره انتخاب کنید."
)

var (
	physicalOnly = []catalog.Kind{catalog.Physical}
	virtualOnly  = []catalog.Kind{catalog.Virtual}
	serviceOnly  = []catalog.Kind{catalog.Service}
	allKinds     = []catalog.Kind{catalog.Physical, catalog.Virtual, catalog.Service}
)

// validForm is a complete checkout form for a physical basket sent to Tehran.
func validForm(change map[string]string) url.Values {
	v := url.Values{
		"first_name": {"سارا"}, "last_name": {"محمدی"}, "mobile": {"09121234567"}, "phone": {"02188776655"},
		"gender": {"female"}, "email": {"sara@example.com"}, "address": {"تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲، واحد ۳"},
		"postal_code": {"1434567891"}, "province": {"1"}, "city": {"1"}, "note": {"سپاس"},
	}
	for k, x := range change {
		v.Set(k, x)
	}
	return v
}

func TestParseCheckoutFormValidPhysical(t *testing.T) {
	t.Parallel()
	d, vals, errs := parseCheckoutForm(validForm(map[string]string{"send": "pishtaz", "pay": "online"}), physicalOnly, geo.Default())
	if len(errs) != 0 {
		t.Fatalf("errors on a valid form: %v", errs)
	}
	b := d.Buyer
	if b.FirstName != "سارا" || b.LastName != "محمدی" || b.Mobile != "09121234567" || b.Phone != "02188776655" ||
		b.Gender != checkout.Female || b.Email != "sara@example.com" || b.PostalCode != "1434567891" ||
		b.ProvinceID != 1 || b.CityID != 1 || b.ProvinceName == "" || b.CityName == "" || b.Message != "سپاس" ||
		!strings.Contains(b.Address, "ولیعصر") {
		t.Errorf("buyer = %+v", b)
	}
	if !d.OptionChosen || d.Send != checkout.Pishtaz || d.Payment != checkout.Online {
		t.Errorf("option = %v/%v chosen=%v", d.Send, d.Payment, d.OptionChosen)
	}
	if vals["first_name"] != "سارا" || vals["mobile"] != "09121234567" {
		t.Errorf("values = %v", vals)
	}
}

func TestParseCheckoutFormPersianDigits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, mobile, postal, province, city string
	}{
		{"persian", "۰۹۱۲۱۲۳۴۵۶۷", "۱۴۳۴۵۶۷۸۹۱", "۵", "۷۱"},
		{"arabic-indic", "٠٩١٢١٢٣٤٥٦٧", "١٤٣٤٥٦٧٨٩١", "٥", "٧١"},
		{"country prefix and spaces", "+98 912 123 4567", "1434567891", "5", "71"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			form := validForm(map[string]string{"mobile": tc.mobile, "postal_code": tc.postal, "province": tc.province, "city": tc.city, "phone": ""})
			d, vals, errs := parseCheckoutForm(form, physicalOnly, geo.Default())
			if len(errs) != 0 {
				t.Fatalf("errors: %v", errs)
			}
			if d.Buyer.Mobile != "09121234567" || d.Buyer.PostalCode != "1434567891" || d.Buyer.ProvinceID != 5 || d.Buyer.CityID != 71 {
				t.Errorf("buyer = %+v", d.Buyer)
			}
			// The form is shown again as typed: Persian digits stay Persian (issue 23), the buyer is normalised.
			if vals["mobile"] != tc.mobile || vals["postal_code"] != tc.postal {
				t.Errorf("values = %v", vals)
			}
		})
	}
}

func TestParseCheckoutFormFieldErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		kinds  []catalog.Kind
		change map[string]string
		field  string
		msg    string
	}{
		{"name missing", physicalOnly, map[string]string{"first_name": ""}, "first_name", msgName},
		{"name one letter", physicalOnly, map[string]string{"first_name": "س"}, "first_name", "نام دست‌کم ۲ حرف است."},
		{"name with digits", physicalOnly, map[string]string{"first_name": "سارا۲"}, "first_name", "نام فقط حرف می‌پذیرد."},
		{"family missing", physicalOnly, map[string]string{"last_name": "  "}, "last_name", msgFamily},
		{"family too long (60 letters)", physicalOnly, map[string]string{"last_name": strings.Repeat("م", 60)}, "last_name", "نام خانوادگی حداکثر ۴۰ حرف است؛ کوتاه‌ترش کنید."},
		{"mobile missing", physicalOnly, map[string]string{"mobile": ""}, "mobile", msgMobile},
		{"mobile landline", physicalOnly, map[string]string{"mobile": "02188776655"}, "mobile", msgMobile},
		{"mobile short", physicalOnly, map[string]string{"mobile": "0912123456"}, "mobile", msgMobile},
		{"phone bad", physicalOnly, map[string]string{"phone": "12345"}, "phone", msgPhone},
		{"gender unknown", physicalOnly, map[string]string{"gender": "1"}, "gender", msgGender},
		{"email bad", physicalOnly, map[string]string{"email": "sara@"}, "email", msgEmail},
		{"email with display name", physicalOnly, map[string]string{"email": "Sara <sara@example.com>"}, "email", msgEmail},
		{"address missing", physicalOnly, map[string]string{"address": ""}, "address", msgAddress},
		{"address too short", physicalOnly, map[string]string{"address": "تهران"}, "address", msgAddress},
		{"address too long", physicalOnly, map[string]string{"address": strings.Repeat("الف ", 80)}, "address", "نشانی بیش از ۳۰۰ نویسه است؛ کوتاه‌ترش کنید."},
		{"postal code missing", physicalOnly, map[string]string{"postal_code": ""}, "postal_code", msgPostal},
		{"postal code nine digits", physicalOnly, map[string]string{"postal_code": "143456789"}, "postal_code", msgPostal},
		{"postal code with 0 in the first five", physicalOnly, map[string]string{"postal_code": "1034567891"}, "postal_code", msgPostal},
		{"province missing", physicalOnly, map[string]string{"province": ""}, "province", msgProvince},
		{"province unknown", physicalOnly, map[string]string{"province": "32"}, "province", msgProvince},
		{"city missing", physicalOnly, map[string]string{"city": ""}, "city", msgCity},
		{"city not in province", physicalOnly, map[string]string{"province": "1", "city": "71"}, "city", msgCityOther},
		{"city unknown", physicalOnly, map[string]string{"city": "999999"}, "city", msgCityOther},
		{"service needs an address", serviceOnly, map[string]string{"address": ""}, "address", msgAddress},
		{"service needs a postal code", serviceOnly, map[string]string{"postal_code": ""}, "postal_code", msgPostal},
		{"service needs a city", serviceOnly, map[string]string{"city": ""}, "city", msgCity},
		{"mixed basket needs an address", allKinds, map[string]string{"address": ""}, "address", msgAddress},
		{"note too long", physicalOnly, map[string]string{"note": strings.Repeat("س", 501)}, "note", "پیام بیش از ۵۰۰ نویسه است."},
		{"an emoji in the address", physicalOnly, map[string]string{"address": "تهران، خیابان ولیعصر، پلاک ۱۲ 🏠"}, "address", "نشانی شکلک (ایموجی) یا نماد نمی‌پذیرد؛ فقط حرف، عدد و نشانه‌های نوشتن."},
		{"a raw tab in the address", physicalOnly, map[string]string{"address": "تهران، خیابان ولیعصر،\tپلاک ۱۲"}, "address", "نشانی نویسه‌ی نامعتبر دارد؛ آن را دوباره بنویسید."},
		{"a NUL byte in the note", physicalOnly, map[string]string{"note": "سپاس\x00"}, "note", "پیام نویسه‌ی نامعتبر دارد؛ آن را دوباره بنویسید."},
		{"invalid UTF-8 in the note", physicalOnly, map[string]string{"note": "سپاس\xff"}, "note", "پیام نویسه‌های نامعتبر دارد؛ آن را دوباره بنویسید."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, _, errs := parseCheckoutForm(validForm(tc.change), tc.kinds, geo.Default())
			if got := errs[tc.field]; got != tc.msg {
				t.Errorf("errs[%s] = %q, want %q", tc.field, got, tc.msg)
			}
			if len(errs) != 1 {
				t.Errorf("want only the %s error, got %v", tc.field, errs)
			}
		})
	}
}

func TestParseCheckoutFormVirtualNeedsNoAddress(t *testing.T) {
	t.Parallel()
	form := url.Values{"first_name": {"سارا"}, "last_name": {"محمدی"}, "mobile": {"09121234567"}, "gender": {"male"}, "note": {"سپاس"},
		"province": {"1"}, "city": {"71"}} // a city that is not in the province is not even looked at
	d, _, errs := parseCheckoutForm(form, virtualOnly, geo.Default())
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if d.Buyer.Address != "" || d.Buyer.PostalCode != "" || d.Buyer.CityID != 0 || d.Buyer.ProvinceID != 0 {
		t.Errorf("a virtual basket took an address: %+v", d.Buyer)
	}
	if d.Buyer.Gender != checkout.Male || d.Buyer.Message != "سپاس" {
		t.Errorf("buyer = %+v", d.Buyer)
	}
	if d.OptionChosen {
		t.Error("no send/pay was sent, yet an option is chosen")
	}
}

// Nothing the shop can fill in itself is asked of the shopper: gender may be left out, and a file order without a
// message to the seller sends a default (Frotel requires pm).
func TestParseCheckoutFormShortForm(t *testing.T) {
	t.Parallel()
	for _, kinds := range [][]catalog.Kind{virtualOnly, allKinds} {
		form := url.Values{"first_name": {"سارا"}, "last_name": {"محمدی"}, "mobile": {"09121234567"},
			"address": {"تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲"}, "postal_code": {"1434567891"}, "province": {"1"}, "city": {"1"}}
		d, _, errs := parseCheckoutForm(form, kinds, geo.Default())
		if len(errs) != 0 {
			t.Fatalf("kinds %v: errors %v", kinds, errs)
		}
		if d.Buyer.Gender != checkout.GenderNotGiven || d.Buyer.Message != defaultVirtualNote {
			t.Errorf("kinds %v: gender %q, message %q", kinds, d.Buyer.Gender, d.Buyer.Message)
		}
	}
}

func TestParseCheckoutFormPhone(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, phone, want string }{
		{"empty uses the mobile", "", "09121234567"},
		{"landline kept", "021-88776655", "02188776655"},
		{"persian digits", "۰۲۱۸۸۷۷۶۶۵۵", "02188776655"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, _, errs := parseCheckoutForm(validForm(map[string]string{"phone": tc.phone}), physicalOnly, geo.Default())
			if len(errs) != 0 {
				t.Fatalf("errors: %v", errs)
			}
			if d.Buyer.Phone != tc.want {
				t.Errorf("phone = %q, want %q", d.Buyer.Phone, tc.want)
			}
		})
	}
}

func TestParseCheckoutFormOption(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, send, buy string
		chosen          bool
		wantSend        checkout.SendMethod
		wantPay         checkout.PaymentWay
	}{
		{"pishtaz online", "pishtaz", "online", true, checkout.Pishtaz, checkout.Online},
		{"sefareshi cod", "sefareshi", "cod", true, checkout.Sefareshi, checkout.CashOnDelivery},
		{"the seller's courier cod", "courier", "cod", true, checkout.Courier, checkout.CashOnDelivery},
		{"matbuat", "matbuat", "online", true, checkout.Matbuat, checkout.Online},
		{"a Frotel code is not a name", "1", "online", false, "", ""},
		{"unknown payment way", "pishtaz", "2", false, "", ""},
		{"payment way missing", "pishtaz", "", false, "", ""},
		{"send method missing", "", "online", false, "", ""},
		{"upper case", "PISHTAZ", "online", false, "", ""},
		{"neither", "", "", false, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, _, errs := parseCheckoutForm(validForm(map[string]string{"send": tc.send, "pay": tc.buy}), physicalOnly, geo.Default())
			if len(errs) != 0 {
				t.Fatalf("the option is not a field error, got %v", errs)
			}
			if d.OptionChosen != tc.chosen || d.Send != tc.wantSend || d.Payment != tc.wantPay {
				t.Errorf("option = %v/%v chosen=%v, want %v/%v chosen=%v", d.Send, d.Payment, d.OptionChosen, tc.wantSend, tc.wantPay, tc.chosen)
			}
		})
	}
}

func TestParseCheckoutFormKeepsInput(t *testing.T) {
	t.Parallel()
	form := validForm(map[string]string{"first_name": "  سارا   جان ", "mobile": "0912", "postal_code": " ۱۴۳۴ "})
	_, vals, errs := parseCheckoutForm(form, physicalOnly, geo.Default())
	if errs["mobile"] == "" || errs["postal_code"] == "" {
		t.Fatalf("errs = %v", errs)
	}
	// Bad input comes back as typed (trimmed) so the shopper can correct it; names are tidied.
	if vals["mobile"] != "0912" || vals["postal_code"] != "۱۴۳۴" || vals["first_name"] != "سارا جان" {
		t.Errorf("values = %v", vals)
	}
}

var (
	mobileRe = regexp.MustCompile(`^09[0-9]{9}$`)
	postalRe = regexp.MustCompile(`^[0-9]{10}$`)
	formKeys = []string{"first_name", "last_name", "mobile", "phone", "gender", "email", "address", "postal_code", "province", "city", "note", "send", "pay"}
)

// FuzzParseCheckoutForm feeds random form values (and a random mix of kinds: p, v and s in the first argument).
func FuzzParseCheckoutForm(f *testing.F) {
	f.Add("p", "سارا", "محمدی", "09121234567", "", "female", "", "تهران، خیابان ولیعصر، پلاک ۱۲", "1434567891", "1", "1", "", "pishtaz", "online")
	f.Add("pvs", "Ali", "Rezaei", "۰۹۱۲۱۲۳۴۵۶۷", "021-88776655", "male", "a@b.co", "خیابان انقلاب، کوچه‌ی دوم، پلاک ۳", "۱۴۳۴۵۶۷۸۹۱", "۵", "۷۱", "سپاس", "courier", "cod")
	dir := geo.Default()
	f.Fuzz(func(t *testing.T, kindSet, name, family, mobile, phone, gender, email, address, postal, province, city, pm, send, buy string) {
		var kinds []catalog.Kind
		for _, k := range catalog.Kinds {
			if strings.ContainsRune(kindSet, rune(k[0])) {
				kinds = append(kinds, k)
			}
		}
		form := url.Values{}
		for i, v := range []string{name, family, mobile, phone, gender, email, address, postal, province, city, pm, send, buy} {
			form.Set(formKeys[i], v)
		}
		d, vals, errs := parseCheckoutForm(form, kinds, dir)
		for _, k := range formKeys {
			if _, ok := vals[k]; !ok {
				t.Errorf("values lack %s", k)
			}
		}
		for k, msg := range errs {
			if !slices.Contains(formKeys, k) || msg == "" || !utf8.ValidString(msg) {
				t.Errorf("error on unknown field %q or empty message %q", k, msg)
			}
		}
		if d.OptionChosen && (d.Send.Label() == "نامشخص" || d.Payment.Label() == "نامشخص") {
			t.Errorf("option chosen but %v/%v", d.Send, d.Payment)
		}
		if len(errs) != 0 {
			return
		}
		b := d.Buyer
		if !mobileRe.MatchString(b.Mobile) {
			t.Errorf("mobile %q from %q", b.Mobile, mobile)
		}
		if b.Phone == "" {
			t.Error("no phone")
		}
		if b.Gender != checkout.Female && b.Gender != checkout.Male && b.Gender != checkout.GenderNotGiven {
			t.Errorf("gender %v", b.Gender)
		}
		if n := utf8.RuneCountInString(b.FirstName); n < 2 || n > 40 {
			t.Errorf("first name %q", b.FirstName)
		}
		needsAddress := slices.Contains(kinds, catalog.Physical) || slices.Contains(kinds, catalog.Service)
		if needsAddress {
			if !postalRe.MatchString(b.PostalCode) {
				t.Errorf("postal code %q from %q", b.PostalCode, postal)
			}
			if _, err := dir.City(b.ProvinceID, b.CityID); err != nil {
				t.Errorf("city %d not in province %d: %v", b.CityID, b.ProvinceID, err)
			}
			if n := utf8.RuneCountInString(b.Address); n < 10 || n > 300 {
				t.Errorf("address of %d runes", n)
			}
		} else if b.Address != "" || b.PostalCode != "" || b.CityID != 0 {
			t.Errorf("address taken for kinds %v: %+v", kinds, b)
		}
		if slices.Contains(kinds, catalog.Virtual) && b.Message == "" {
			t.Error("virtual basket without a note")
		}
	})
}
