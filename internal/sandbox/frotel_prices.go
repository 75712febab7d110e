package sandbox

import (
	"strconv"

	"shop/internal/geo"
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
// elsewhere. Unknown city ids are refused, as the real service does.
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

// provinceOf is the province of a Frotel city id, from the same list the shop
// validates against; 0 for an unknown city.
func provinceOf(city int) int {
	_, p, ok := geo.Default().CityByID(city)
	if !ok {
		return 0
	}
	return p.ID
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
	case provinceOf(city) == provinceOf(f.opts.OriginCity):
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
	if provinceOf(int(city)) == 0 {
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

// coupon is one code the fake knows: a percentage off the items, or an amount in rials off them (never below 0).
type coupon struct {
	percent, amount int64
	expired         bool
}

// Coupons the fake knows. checkCoupon spells the efficacy as the WooCommerce plugin reads it: "10%" or an amount.
var coupons = map[string]coupon{
	"TAKHFIF10": {percent: 10},
	"NOWRUZ":    {amount: 500_000},
	"YALDA1404": {percent: 20, expired: true},
}

func (c coupon) efficacy() string {
	if c.percent > 0 {
		return strconv.FormatInt(c.percent, 10) + "%"
	}
	return strconv.FormatInt(c.amount, 10)
}

func (c coupon) off(sum int64) int64 {
	if c.percent > 0 {
		return percentOf(sum, c.percent)
	}
	return min(c.amount, sum)
}

// findCoupon is a usable coupon, or the error Frotel answers for it.
func findCoupon(code string) (coupon, *apiError) {
	c, ok := coupons[code]
	switch {
	case !ok:
		return coupon{}, fail(CodeBadCoupon, "کد تخفیف نامعتبر است")
	case c.expired:
		return coupon{}, fail(CodeBadCoupon, "مهلت استفاده از این کد تخفیف به پایان رسیده است")
	}
	return c, nil
}

// checkCoupon reads the code from the field code, as the official PHP helper sends it.
func (f *Frotel) checkCoupon(c *apiCall) (any, *apiError) {
	code := c.form.str("code")
	if code == "" {
		return nil, fail(CodeMissingField, "فیلد code الزامی است")
	}
	cp, aerr := findCoupon(code)
	if aerr != nil {
		return nil, aerr
	}
	return map[string]any{"efficacy": cp.efficacy(), "code": code}, nil
}
