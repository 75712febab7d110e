package sandbox

import (
	"strconv"
)

// The fake's shipping tariff, in rials. Per getPrices send type: the first
// 500 g cost base, every further (started) 500 g costs step.
//
//	post(naghdi) = roundUp1000((base + (steps-1)*step) * distance% / 100)
//	post(posti)  = roundUp1000(post(naghdi) + 60,000 + price/100)   // COD: collection fee + 1% of the value
//	tax          = round(post * 9 / 100)
//	frotel_service = FrotelOptions.ServiceFee (20,000 by default)
//
// distance%: 100 inside the origin city, 120 elsewhere in its province, 150
// elsewhere (unknown city ids count as another province).
var tariffs = map[int]struct{ base, step int64 }{
	1: {450_000, 120_000}, // پیشتاز
	2: {320_000, 80_000},  // سفارشی
	3: {180_000, 40_000},  // مطبوعات
	4: {400_000, 30_000},  // پیک شهری: origin city only
}

const (
	codFixedFee = 60_000
	taxPercent  = 9
)

// cityProvince maps the Frotel city ids the fake knows to their provinces; it
// is enough for distance classes and the city/province check, not a full list.
var cityProvince = map[int]int{
	1: 1, 33: 1, 37: 1, // تهران، ورامین، اسلامشهر
	41: 2, 43: 2, // رشت، لاهیجان
	51: 3, 53: 3, // تبریز، مراغه
	61: 4, 631: 4, 6481: 4, // اهواز، آبادان، اندیمشک
	71: 5, 73: 5, // شیراز، مرودشت
	81: 6, 83: 6, // اصفهان، کاشان
	91: 7, 93: 7, // مشهد، نیشابور
	341: 8,           // قزوین
	351: 9,           // سمنان
	371: 10,          // قم
	381: 11,          // اراک
	451: 12,          // زنجان
	471: 13, 481: 13, // بابل، ساری
	491: 14,          // گرگان
	561: 15,          // اردبیل
	571: 16,          // ارومیه
	651: 17,          // همدان
	661: 18,          // سنندج
	671: 19,          // کرمانشاه
	681: 20,          // خرم‌آباد
	751: 21,          // بوشهر
	761: 22,          // کرمان
	791: 23,          // بندرعباس
	881: 24,          // شهرکرد
	891: 25,          // یزد
	981: 26,          // زاهدان
	693: 27,          // ایلام
	759: 28,          // یاسوج
	941: 29,          // بجنورد
	971: 30,          // بیرجند
	31:  31, 316: 31, // کرج، هشتگرد
}

// quote prices one send type (getPrices numbering) for one buy type.
// ok is false when the send type does not serve that city.
func (f *Frotel) quote(price, weight int64, city, send int, cod bool) (post, tax int64, ok bool) {
	t, known := tariffs[send]
	if !known {
		return 0, 0, false
	}
	if send == 4 && city != f.opts.OriginCity {
		return 0, 0, false
	}
	steps := max((weight+499)/500, 1)
	post = t.base + (steps-1)*t.step
	post = roundUp1000(post * int64(f.distancePercent(city)) / 100)
	if cod {
		post = roundUp1000(post + codFixedFee + price/100)
	}
	return post, percentOf(post, taxPercent), true
}

func (f *Frotel) distancePercent(city int) int {
	switch {
	case city == f.opts.OriginCity:
		return 100
	case cityProvince[city] != 0 && cityProvince[city] == cityProvince[f.opts.OriginCity]:
		return 120
	}
	return 150
}

func roundUp1000(x int64) int64 { return (x + 999) / 1000 * 1000 }

// percentOf rounds x*p/100 half up, for whole percentages on rial amounts.
func percentOf(x, p int64) int64 { return (x*p + 50) / 100 }

type priceEntry struct {
	Post          int64 `json:"post"`
	Tax           int64 `json:"tax"`
	FrotelService int64 `json:"frotel_service"`
}

func (f *Frotel) getPrices(c *apiCall) (any, *apiError) {
	fs := c.form.fields()
	price := fs.integer("price", true, 0)
	weight := fs.integer("weight", true, 0)
	city := fs.integer("des_city", true, 0)
	if fs.err != nil {
		return nil, fs.err
	}
	if price < 0 {
		return nil, fail(CodeInvalidValue, "مقدار فیلد price نامعتبر است")
	}
	if weight <= 0 {
		return nil, fail(CodeInvalidValue, "مقدار فیلد weight نامعتبر است")
	}
	if city <= 0 {
		return nil, fail(CodeInvalidValue, "شهر مقصد نامعتبر است")
	}
	sends, aerr := intList(c.form, "send_type", 1, 4)
	if aerr != nil {
		return nil, aerr
	}
	buys, aerr := intList(c.form, "buy_type", 1, 2)
	if aerr != nil {
		return nil, aerr
	}
	result := map[string]map[string]priceEntry{}
	for _, b := range buys {
		key, cod := "naghdi", false
		if b == 1 {
			key, cod = "posti", true
		}
		entries := map[string]priceEntry{}
		for _, s := range sends {
			post, tax, ok := f.quote(price, weight, int(city), s, cod)
			if !ok {
				continue // e.g. peyk outside the origin city: the option is simply not offered
			}
			entries[strconv.Itoa(s)] = priceEntry{Post: post, Tax: tax, FrotelService: f.opts.ServiceFee}
		}
		if len(entries) == 0 {
			return nil, fail(CodeInvalidValue, "هیچ‌یک از روش‌های ارسال برای این شهر در دسترس نیست")
		}
		result[key] = entries
	}
	return result, nil
}

// intList reads a PHP array of small integers in lo..hi, without duplicates.
func intList(form *phpForm, name string, lo, hi int) ([]int, *apiError) {
	nodes := form.node(name).list()
	if len(nodes) == 0 {
		return nil, fail(CodeMissingField, "فیلد "+name+" الزامی است")
	}
	seen := map[int]bool{}
	var out []int
	for _, n := range nodes {
		v, err := strconv.Atoi(n.value)
		if n.kids != nil || err != nil || v < lo || v > hi {
			return nil, fail(CodeInvalidValue, "مقدار فیلد "+name+" نامعتبر است")
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out, nil
}

// Coupons the fake knows, code -> percent off the items.
var coupons = map[string]int64{"TAKHFIF10": 10}

func (f *Frotel) checkCoupon(c *apiCall) (any, *apiError) {
	code := c.form.str("coupon")
	if code == "" {
		return nil, fail(CodeMissingField, "فیلد coupon الزامی است")
	}
	eff, ok := coupons[code]
	if !ok {
		return nil, fail(CodeBadCoupon, "کد تخفیف نامعتبر است")
	}
	return map[string]any{"efficacy": eff, "code": code}, nil
}
