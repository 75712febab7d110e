package sandbox

import (
	"crypto/rand"
	"fmt"
	"math"
	"math/big"
	"net"
	"regexp"
	"strings"
	"time"
)

// Status labels the fake uses; tracking and orderPay answer them verbatim.
const (
	StatusPending   = "معلق"
	StatusPreparing = "در حال آماده سازی"
	StatusShipped   = "ارسال شده"
	StatusCancelled = "انصرافی"
)

type order struct {
	factor     string
	kind       string // product, virtual, service
	buyer      buyer
	buyType    int // 1 COD, 2 online (registerOrder numbering)
	sendType   int // registerOrder numbering; 0 for virtual and service
	postPrice  int64
	freeSend   bool
	coupon     string
	items      []item
	itemsTotal int64
	shipping   int64
	total      int64
	paid       int64
	status     string
	barcode    string
	created    time.Time
	changed    time.Time
	linksError bool
	files      []*download // created at the first successful checkPay of a virtual order
}

type buyer struct {
	Name, Family, Phone, Mobile, Email string
	Gender                             int
	Address, PostalCode, IP, Message   string
	Province, City                     int
}

type item struct {
	ProCode  string
	Name     string
	Price    int64 // unit, rials
	Count    int64
	Weight   int64 // unit, grams
	Discount float64
	Tax      float64
	Porsant  float64
	FreeSend bool
}

var (
	mobileRe = regexp.MustCompile(`^09[0-9]{9}$`)
	// registerOrder send types: 1 pishtaz, 2 sefareshi, 4 matbuat, 5 peyk, 10 chabok, 20 seller's fixed price.
	registerSendTypes = []int64{1, 2, 4, 5, 10, 20}
)

func (f *Frotel) registerOrder(c *apiCall) (any, *apiError) {
	return f.register(c, "product")
}

func (f *Frotel) registerOrderVirtual(c *apiCall) (any, *apiError) {
	return f.register(c, "virtual")
}

func (f *Frotel) registerOrderService(c *apiCall) (any, *apiError) {
	return f.register(c, "service")
}

func (f *Frotel) register(c *apiCall, kind string) (any, *apiError) {
	fs := c.form.fields()
	o := &order{kind: kind, buyType: 2, status: StatusPending}
	b := &o.buyer
	b.Name = fs.text("name", true)
	b.Family = fs.text("family", true)
	b.Phone = fs.text("phone", true)
	b.Mobile = fs.text("mobile", true)
	b.Gender = int(fs.oneOf("gender", true, 0, 1))
	b.Email = fs.text("email", false)
	physical := kind != "virtual"
	if physical {
		b.Address = fs.text("address", true)
		b.PostalCode = fs.text("code_posti", true)
		b.Province = int(fs.integer("province", true, 0))
		b.City = int(fs.integer("city", true, 0))
	}
	if kind == "product" {
		o.buyType = int(fs.oneOf("buy_type", true, 1, 2))
		o.sendType = int(fs.oneOf("send_type", true, registerSendTypes...))
		o.freeSend = fs.oneOf("free_send", false, 0, 1) == 1
		if o.sendType == 20 {
			o.postPrice = fs.integer("post_price", true, 0)
		}
	}
	b.IP = fs.text("ip", kind == "virtual")
	b.Message = fs.text("pm", kind == "virtual")
	o.coupon = fs.text("coupon", false)
	if fs.err != nil {
		return nil, fs.err
	}
	if aerr := f.checkBuyer(o); aerr != nil {
		return nil, aerr
	}
	items, aerr := readBasket(c.form, kind)
	if aerr != nil {
		return nil, aerr
	}
	o.items = items
	if aerr := f.price(o); aerr != nil {
		return nil, aerr
	}

	o.factor = f.newFactor()
	o.created = f.opts.Now()
	o.changed = o.created
	if o.buyType == 1 {
		o.status = StatusPreparing // COD orders are finished once registered
	}
	f.orders[o.factor] = o

	factor := map[string]any{"id": o.factor, "view": "", "total": o.total}
	if o.buyType == 2 {
		factor["banks"] = bankList(f.banks(c.base), "icon")
	}
	resItems := make([]map[string]any, len(o.items))
	for i, it := range o.items {
		resItems[i] = map[string]any{
			"name": it.Name, "num": it.Count, "price": it.Price,
			"pro_code": it.ProCode, "weight": it.Weight, "option": "",
		}
	}
	return map[string]any{"factor": factor, "items": resItems}, nil
}

func (f *Frotel) checkBuyer(o *order) *apiError {
	b := o.buyer
	if !mobileRe.MatchString(b.Mobile) {
		return fail(CodeInvalidValue, "شماره موبایل نامعتبر است")
	}
	if b.IP != "" && net.ParseIP(b.IP) == nil {
		return fail(CodeInvalidValue, "آی‌پی خریدار نامعتبر است")
	}
	if o.kind == "virtual" {
		return nil
	}
	if !isDigits(b.PostalCode, 10) {
		return fail(CodeInvalidValue, "کد پستی باید ۱۰ رقم باشد")
	}
	if b.Province < 1 || b.Province > 31 {
		return fail(CodeInvalidValue, "استان مقصد نامعتبر است")
	}
	switch p := provinceOf(b.City); {
	case p == 0:
		return fail(CodeInvalidValue, "شهر مقصد نامعتبر است")
	case p != b.Province:
		return fail(CodeInvalidValue, "شهر مقصد در استان انتخاب‌شده نیست")
	}
	if o.sendType == 5 && b.City != f.opts.OriginCity {
		return fail(CodeInvalidValue, "پیک شهری فقط برای شهر فروشنده در دسترس است")
	}
	if o.sendType == 20 && o.postPrice < 0 {
		return fail(CodeInvalidValue, "مقدار فیلد post_price نامعتبر است")
	}
	return nil
}

// readBasket reads basket[N][...]. Weight is required only for physical goods:
// the spec's table marks it required everywhere, but it means nothing for a
// file or a service, and the fake should not reject a client for omitting it.
func readBasket(form *phpForm, kind string) ([]item, *apiError) {
	nodes := form.node("basket").list()
	if len(nodes) == 0 {
		return nil, fail(CodeMissingField, "سبد خرید خالی است")
	}
	items := make([]item, 0, len(nodes))
	for i, n := range nodes {
		if n.kids == nil {
			return nil, fail(CodeInvalidValue, "مقدار فیلد basket نامعتبر است")
		}
		fs := &fields{n: n, pre: fmt.Sprintf("basket[%d]", i)}
		it := item{
			ProCode:  fs.text("pro_code", true),
			Name:     fs.text("name", true),
			Price:    fs.integer("price", true, 0),
			Count:    fs.integer("count", true, 0),
			Weight:   fs.integer("weight", kind == "product", 0),
			Porsant:  fs.percent("porsant"),
			Discount: fs.percent("discount"),
			Tax:      fs.percent("tax"),
			FreeSend: fs.oneOf("free_send", false, 0, 1) == 1,
		}
		fs.integer("bazaryab", false, 0)
		if fs.err != nil {
			return nil, fs.err
		}
		if it.Price < 0 {
			fs.invalid("price")
		}
		if it.Count < 1 {
			fs.invalid("count")
		}
		if it.Weight < 0 || (kind == "product" && it.Weight == 0) {
			fs.invalid("weight")
		}
		if kind == "virtual" && strings.HasPrefix(strings.ToLower(it.ProCode), "nofile") {
			return nil, fail(CodeNoFile, "برای محصول "+it.ProCode+" فایلی بارگذاری نشده است")
		}
		if fs.err != nil {
			return nil, fs.err
		}
		items = append(items, it)
	}
	return items, nil
}

// price fills itemsTotal, shipping and total:
//
//	line     = price*count - round(price*count*discount%) then + round(that*tax%)
//	items    = sum(line) - round(sum*coupon%) (or - the coupon's amount, down to 0)
//	shipping = post + tax + frotel_service of the order's send and buy type,
//	           0 with free_send=1 on the order or on every item
//	total    = items + shipping
func (f *Frotel) price(o *order) *apiError {
	var sum, weight int64
	allFree := true
	for _, it := range o.items {
		line := it.Price * it.Count
		line -= int64(math.Round(float64(line) * it.Discount / 100))
		line += int64(math.Round(float64(line) * it.Tax / 100))
		sum += line
		weight += it.Weight * it.Count
		allFree = allFree && it.FreeSend
	}
	if o.coupon != "" {
		cp, aerr := findCoupon(o.coupon)
		if aerr != nil {
			return aerr
		}
		sum -= cp.off(sum)
	}
	o.itemsTotal = sum
	if o.kind == "product" && !o.freeSend && !allFree {
		ship, aerr := f.shipping(o, sum, weight)
		if aerr != nil {
			return aerr
		}
		o.shipping = ship
	}
	o.total = o.itemsTotal + o.shipping
	return nil
}

// shipping maps registerOrder send types onto the getPrices tariff: 4 matbuat
// is getPrices' 3, 5 peyk its 4, 10 chabok costs pishtaz + 30%, and 20 is the
// seller's own post_price plus Frotel's service fee.
func (f *Frotel) shipping(o *order, price, weight int64) (int64, *apiError) {
	cod := o.buyType == 1
	var send int
	switch o.sendType {
	case 20:
		return o.postPrice + f.opts.ServiceFee, nil
	case 10:
		post, _, _ := f.quote(price, weight, o.buyer.City, 1, cod)
		post = roundUp1000(post * 130 / 100)
		return post + percentOf(post, taxPercent) + f.opts.ServiceFee, nil
	case 4:
		send = 3
	case 5:
		send = 4
	default:
		send = o.sendType
	}
	post, tax, ok := f.quote(price, weight, o.buyer.City, send, cod)
	if !ok {
		return 0, fail(CodeInvalidValue, "روش ارسال برای این شهر در دسترس نیست")
	}
	return post + tax + f.opts.ServiceFee, nil
}

// newFactor returns an unused 20-digit factor id: "22" and 18 random digits.
func (f *Frotel) newFactor() string {
	for {
		id := "22" + randomDigits(18)
		if _, taken := f.orders[id]; !taken {
			return id
		}
	}
}

func randomDigits(n int) string {
	var sb strings.Builder
	for range n {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			panic(err)
		}
		sb.WriteByte(byte('0' + d.Int64()))
	}
	return sb.String()
}

// lookup finds an order by factor, accepting the dashed form too.
func (f *Frotel) lookup(factor string) (*order, *apiError) {
	if factor == "" {
		return nil, fail(CodeMissingField, "فیلد factor الزامی است")
	}
	o := f.orders[strings.ReplaceAll(factor, "-", "")]
	if o == nil {
		return nil, fail(CodeFactorNotFound, "سفارشی با این شماره فاکتور یافت نشد")
	}
	return o, nil
}

// echoFactor is the factor as orderPay and tracking print it.
func (f *Frotel) echoFactor(id string) string {
	if !f.opts.DashedFactors || len(id) != 20 {
		return id
	}
	return id[:2] + "-" + id[2:8] + "-" + id[8:14] + "-" + id[14:]
}
