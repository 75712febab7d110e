package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the payments' rows go in by plain SQL, beside the store's own writes

	"shop/internal/admin"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/store"
)

// volume is what the fill makes: a seller's year.
type volume struct {
	products, orders int
	now              time.Time
	seed             uint64
}

// Owner is the dashboard account the fill creates, as a sandbox shop's demo owner.
const ownerEmail = "owner@shop.test"

// fill makes a fresh database at path: the migrated schema (store.Open), the catalog (store.SeedProducts), a year of
// orders with their items, payment attempts and checks (plain SQL, prepared once, five thousand orders to a
// transaction: the store's CreateOrders, a gorm write per row, took two minutes for the year), and the owner's
// account. TestFilledOrdersReadBack reads the plain SQL's orders back through the store. It returns the owner's password and the codes of the
// physical products, which the shoppers add to their baskets.
func fill(ctx context.Context, path string, v volume, log func(string, ...any)) (password string, codes []string, err error) {
	st, err := store.Open(path)
	if err != nil {
		return "", nil, err
	}
	defer st.Close()
	rng := mrand.New(mrand.NewPCG(v.seed, v.seed^0x5348))

	t0 := time.Now()
	products := makeProducts(rng, v.products, v.now)
	if _, err := st.SeedProducts(ctx, products); err != nil {
		return "", nil, err
	}
	log("  %d products in %s", len(products), time.Since(t0).Round(time.Millisecond))
	byKind := map[catalog.Kind][]catalog.Product{}
	for _, p := range products {
		byKind[p.Kind] = append(byKind[p.Kind], p)
		if p.Kind == catalog.Physical {
			codes = append(codes, p.Code)
		}
	}

	t0 = time.Now()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on")
	if err != nil {
		return "", nil, err
	}
	defer db.Close()
	const batch = 5000
	items := 0
	for done := 0; done < v.orders; done += batch {
		orders := make([]*checkout.Order, 0, batch)
		for i := done; i < min(done+batch, v.orders); i++ {
			o := makeOrder(rng, byKind, v.now, i)
			items += len(o.Items)
			orders = append(orders, o)
		}
		if err := insertOrders(ctx, db, orders); err != nil {
			return "", nil, err
		}
		if err := insertPayments(ctx, db, rng, orders); err != nil {
			return "", nil, err
		}
	}
	log("  %d orders (%d items) with their payments in %s", v.orders, items, time.Since(t0).Round(time.Millisecond))

	accounts := admin.NewService(st, 0, nil, admin.WithHashCost(4)) // a throwaway database: the cheapest cost
	password = admin.NewPassword()
	if _, err := accounts.SaveAccount(ctx, ownerEmail, password, admin.Owner); err != nil {
		return "", nil, err
	}
	return password, codes, nil
}

// The catalog's words: each category's goods, and what tells one of a kind from the next.
var (
	foodGoods = []string{"زعفران سرگل", "زعفران نگین", "زعفران پوشال", "چای سیاه لاهیجان", "چای سبز", "عسل کنار", "عسل گون",
		"پسته‌ی اکبری", "پسته‌ی احمدآقایی", "خرمای مضافتی", "خرمای پیارم", "گز اصفهان", "سوهان قم", "کشمش سبز", "توت خشک",
		"زرشک پفکی", "گلاب کاشان", "عرق بیدمشک", "برنج طارم", "ادویه‌ی کاری", "نبات زعفرانی", "شیرینی زعفرانی", "باسلق", "قیسی"}
	homeGoods = []string{"قوری چینی", "سماور برنجی", "فرش دستباف", "گلیم", "جاجیم", "کاسه‌ی سفالی", "بشقاب مینا", "گلدان سرامیکی",
		"رومیزی ترمه", "پشتی", "دفتر چرمی", "جعبه‌ی خاتم", "آینه‌ی شمعدان", "ظرف مسی", "لیوان دسته‌دار", "شمع معطر", "سینی قلمزنی",
		"کوسن", "چراغ خواب", "ساعت دیواری"}
	learningGoods = []string{"کتاب الکترونیکی آشپزی", "دوره‌ی خوشنویسی", "آموزش زبان انگلیسی", "کتاب صوتی", "دوره‌ی عکاسی",
		"آموزش برنامه‌نویسی", "دوره‌ی نقاشی", "کتاب داستان", "آموزش تار", "دوره‌ی حسابداری", "آموزش زعفران‌کاری"}
	serviceGoods = []string{"نصب سماور", "مشاوره‌ی دکوراسیون", "قالیشویی", "تعمیر فرش", "بسته‌بندی هدیه", "طراحی باغچه",
		"مشاوره‌ی تغذیه", "نظافت منزل"}
	qualities = []string{"ممتاز", "درجه یک", "اعلا", "صادراتی", "خانگی", "دست‌ساز", "سنتی", "ویژه", "اقتصادی", "هدیه"}
	sizes     = []string{"۵۰ گرمی", "۱۰۰ گرمی", "۲۵۰ گرمی", "نیم کیلویی", "یک کیلویی", "کوچک", "متوسط", "بزرگ", "دو نفره", "شش نفره"}
	images    = []string{"saffron.svg", "tea.svg", "notebook.svg", "teapot.svg", "rug.svg", "ebook.svg", "course.svg", "service-install.svg", "service-consult.svg"}
)

// makeProducts is n products across the four categories: mostly goods to ship, some files and services, a few
// dozen of them saffron («زعفران»), each with a description of a few sentences and a price between 50,000 and
// 50,000,000 rials.
func makeProducts(rng *mrand.Rand, n int, now time.Time) []catalog.Product {
	out := make([]catalog.Product, 0, n)
	for i := range n {
		var goods []string
		p := catalog.Product{Code: fmt.Sprintf("vol-%04d", i+1), Image: images[i%len(images)], Active: true}
		switch r := rng.IntN(100); {
		case r < 45:
			goods, p.Kind, p.Category = foodGoods, catalog.Physical, "food"
		case r < 80:
			goods, p.Kind, p.Category = homeGoods, catalog.Physical, "home"
		case r < 93:
			goods, p.Kind, p.Category = learningGoods, catalog.Virtual, "learning"
			p.Files = "فایل اصلی، PDF، ۱۲ مگابایت"
		default:
			goods, p.Kind, p.Category = serviceGoods, catalog.Service, "services"
		}
		name := goods[rng.IntN(len(goods))]
		p.Name = name + " " + qualities[rng.IntN(len(qualities))] + " " + sizes[rng.IntN(len(sizes))] + fmt.Sprintf(" مدل %d", i+1)
		p.Description = name + " با کیفیت " + qualities[rng.IntN(len(qualities))] + "، انتخاب‌شده برای فروشگاه. " +
			"بسته‌بندی مطمئن و ارسال به سراسر کشور. پیش از خرید توضیحات را بخوانید؛ در صورت پرسش با ما تماس بگیرید."
		p.Price = int64(5_000+rng.IntN(5_000_000)) * 10
		if p.Kind == catalog.Physical {
			p.Weight = int64(100 + rng.IntN(4900))
		}
		if rng.IntN(5) == 0 {
			p.DiscountPercent = 5 + rng.IntN(20)
		}
		p.TaxPercent = 9 * rng.IntN(2)
		p.CreatedAt = now.Add(-time.Duration(rng.IntN(365*24)) * time.Hour)
		out = append(out, p)
	}
	return out
}

var (
	firstNames = []string{"سارا", "علی", "مریم", "محمد", "زهرا", "حسین", "فاطمه", "رضا", "نرگس", "امیر", "لیلا", "مهدی", "الهام", "کاوه", "شیما", "بهرام"}
	lastNames  = []string{"محمدی", "رضایی", "کاظمی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "نوری", "یزدانی"}
	cities     = []struct {
		province, city int
		pName, cName   string
	}{{1, 1, "تهران", "تهران"}, {4, 52, "اصفهان", "اصفهان"}, {11, 201, "خراسان رضوی", "مشهد"}, {17, 303, "فارس", "شیراز"},
		{3, 31, "آذربایجان شرقی", "تبریز"}, {25, 401, "گیلان", "رشت"}}
)

// stateMix is the year's orders by state and payment, in thousandths: most are long delivered; some are on their
// way, paid or registered; a few failed, were cancelled or returned, wait for the seller or for a person.
var stateMix = []struct {
	state   checkout.State
	payment checkout.PaymentWay
	per1000 int
}{
	{checkout.StateDelivered, checkout.Online, 330}, {checkout.StateDelivered, checkout.CashOnDelivery, 220},
	{checkout.StateShipped, checkout.Online, 50}, {checkout.StateShipped, checkout.CashOnDelivery, 30},
	{checkout.StatePaid, checkout.Online, 90}, {checkout.StateRegistered, checkout.CashOnDelivery, 80},
	{checkout.StateAwaitingPayment, checkout.Online, 40}, {checkout.StatePaymentFailed, checkout.Online, 30},
	{checkout.StateCancelled, checkout.Online, 20}, {checkout.StateCancelled, checkout.CashOnDelivery, 30},
	{checkout.StateReturned, checkout.CashOnDelivery, 25}, {checkout.StateReturned, checkout.Online, 10},
	{checkout.StateAwaitingSeller, checkout.CashOnDelivery, 15}, {checkout.StateRegisterFailed, checkout.Online, 5},
	{checkout.StateNeedsReconciliation, checkout.Online, 3}, {checkout.StateRegistering, checkout.Online, 2},
}

// makeOrder is the i-th order of the year: one to four lines of one kind, a buyer in one of six cities, created
// at a random moment of the last 365 days (the newest today), in a state of stateMix.
func makeOrder(rng *mrand.Rand, byKind map[catalog.Kind][]catalog.Product, now time.Time, i int) *checkout.Order {
	kind := catalog.Physical
	switch r := rng.IntN(100); {
	case r >= 95:
		kind = catalog.Service
	case r >= 85:
		kind = catalog.Virtual
	}
	pick := rng.IntN(1000)
	mix := stateMix[0]
	for _, m := range stateMix {
		if pick < m.per1000 {
			mix = m
			break
		}
		pick -= m.per1000
	}
	if kind != catalog.Physical {
		mix.payment = checkout.Online // files and services are paid before, never on delivery
		if mix.state == checkout.StateAwaitingSeller || mix.state == checkout.StateRegistered {
			mix.state = checkout.StatePaid
		}
	}
	created := now.Add(-time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))).Truncate(time.Microsecond)
	c := cities[rng.IntN(len(cities))]
	token := randomToken()
	o := &checkout.Order{Token: token, Group: token, Kind: kind, State: mix.state, Payment: mix.payment,
		Buyer: checkout.Buyer{FirstName: firstNames[rng.IntN(len(firstNames))], LastName: lastNames[rng.IntN(len(lastNames))],
			Mobile: fmt.Sprintf("09%09d", rng.IntN(1_000_000_000)), Gender: checkout.Female, Email: fmt.Sprintf("buyer%d@example.com", i),
			Address:    c.cName + "، خیابان " + lastNames[rng.IntN(len(lastNames))] + fmt.Sprintf("، پلاک %d", 1+rng.IntN(200)),
			PostalCode: fmt.Sprintf("%010d", 1_000_000_000+rng.IntN(8_999_999_999)), ProvinceID: c.province, ProvinceName: c.pName,
			CityID: c.city, CityName: c.cName, IP: "203.0.113.7"},
		CreatedAt: created, UpdatedAt: created}
	if kind == catalog.Physical {
		o.Send = checkout.Pishtaz
		if rng.IntN(3) == 0 {
			o.Send = checkout.Sefareshi
		}
		o.Shipping = int64(300_000 + rng.IntN(400_000))
	}
	pool := byKind[kind]
	for range 1 + rng.IntN(4) {
		p := pool[rng.IntN(len(pool))]
		n := 1 + rng.IntN(3)
		o.Items = append(o.Items, checkout.Item{Code: p.Code, Name: p.Name, UnitPrice: p.Price, Count: n, UnitWeight: p.Weight,
			DiscountPercent: p.DiscountPercent, TaxPercent: p.TaxPercent, Total: p.Price * int64(n)})
		o.GoodsTotal += p.Price * int64(n)
	}
	o.Total = o.GoodsTotal + o.Shipping
	switch mix.state {
	case checkout.StateRegistering, checkout.StateRegisterFailed, checkout.StateAwaitingSeller:
	default:
		o.FactorID = fmt.Sprintf("22%018d", i+1)
		o.FactorTotal = o.Total
	}
	if mix.state == checkout.StateShipped || mix.state == checkout.StateDelivered || mix.state == checkout.StateReturned {
		o.Barcode = fmt.Sprintf("1%023d", i+1)
		o.TrackingStatus = "تحویل شده"
	}
	if mix.payment == checkout.Online && o.FactorID != "" {
		o.Banks = []checkout.Bank{{ID: "1", Name: "بانک ملت"}, {ID: "2", Name: "بانک سامان"}}
	}
	return o
}

// The orders table's codes for send method, payment way and gender (internal/store/order_columns.go keeps them and
// TestStoredColumnsKeepTheirShape pins them); TestFilledOrdersReadBack fails if these drift.
var (
	sendCode    = map[checkout.SendMethod]int{"": 0, checkout.Pishtaz: 1, checkout.Sefareshi: 2}
	paymentCode = map[checkout.PaymentWay]int{"": 0, checkout.CashOnDelivery: 1, checkout.Online: 2}
	genderCode  = map[checkout.Gender]int{"": 0, checkout.Female: 1, checkout.Male: 2}
)

// insertOrders writes the orders and their items in one transaction and fills each order's ID.
func insertOrders(ctx context.Context, db *sql.DB, orders []*checkout.Order) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	order, err := tx.PrepareContext(ctx, "INSERT INTO orders (token, group_token, kind, state, first_name, last_name, mobile, "+
		"phone, gender, email, address, postal_code, province_id, province_name, city_id, city_name, message, ip, send, payment, "+
		"free_ship, goods_total, shipping, total, factor_id, factor_total, banks, remainder, retrying, tracking_code, downloads, "+
		"links_error, problem, tracking_status, barcode, created_at, updated_at) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, 'null', '', '', ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	item, err := tx.PrepareContext(ctx, "INSERT INTO order_items (order_id, position, code, name, unit_price, count, unit_weight, "+
		"discount_percent, tax_percent, free_shipping, commission_percent, marketer_id, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)")
	if err != nil {
		return err
	}
	for _, o := range orders {
		b := o.Buyer
		banks := "null"
		if len(o.Banks) > 0 {
			stored := make([]map[string]string, len(o.Banks)) // the column's own keys (store's storedBank)
			for i, bk := range o.Banks {
				stored[i] = map[string]string{"ID": bk.ID, "Name": bk.Name, "Logo": bk.Logo}
			}
			js, err := json.Marshal(stored)
			if err != nil {
				return err
			}
			banks = string(js)
		}
		res, err := order.ExecContext(ctx, o.Token, o.Group, string(o.Kind), string(o.State), b.FirstName, b.LastName, b.Mobile,
			b.Phone, genderCode[b.Gender], b.Email, b.Address, b.PostalCode, b.ProvinceID, b.ProvinceName, b.CityID, b.CityName,
			b.Message, b.IP, sendCode[o.Send], paymentCode[o.Payment], o.FreeShip, o.GoodsTotal, o.Shipping, o.Total, o.FactorID,
			o.FactorTotal, banks, o.TrackingCode, o.TrackingStatus, o.Barcode, o.CreatedAt.UTC(), o.UpdatedAt.UTC())
		if err != nil {
			return err
		}
		if o.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for i, it := range o.Items {
			if _, err := item.ExecContext(ctx, o.ID, i, it.Code, it.Name, it.UnitPrice, it.Count, it.UnitWeight,
				it.DiscountPercent, it.TaxPercent, it.Total); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// insertPayments writes what the bank and checkPay left behind for the online orders: an attempt for each order
// that got as far as the bank, and a finished check (verified for the paid ones) for each that came back.
func insertPayments(ctx context.Context, db *sql.DB, rng *mrand.Rand, orders []*checkout.Order) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	attempt, err := tx.PrepareContext(ctx, "INSERT INTO payment_attempts (order_id, via, bank_id, error, created_at) VALUES (?, 'bank', '1', '', ?)")
	if err != nil {
		return err
	}
	check, err := tx.PrepareContext(ctx, "INSERT INTO payment_verifications (order_id, payment_id, ref, status, verified, message, "+
		"tracking_code, error, checked_at, created_at, updated_at) VALUES (?, ?, ?, 'done', ?, ?, ?, '', ?, ?, ?)")
	if err != nil {
		return err
	}
	for _, o := range orders {
		if o.Payment != checkout.Online || o.FactorID == "" {
			continue
		}
		at := o.CreatedAt.Add(time.Duration(1+rng.IntN(20)) * time.Minute).UTC()
		if _, err := attempt.ExecContext(ctx, o.ID, at); err != nil {
			return err
		}
		if o.State == checkout.StateAwaitingPayment {
			continue // the shopper never came back from the bank
		}
		verified := o.State != checkout.StatePaymentFailed
		msg := "پرداخت ناموفق"
		if verified {
			msg = "پرداخت موفق"
		}
		back := at.Add(2 * time.Minute)
		if _, err := check.ExecContext(ctx, o.ID, fmt.Sprint("pay-", o.ID), fmt.Sprint("ref-", o.ID), verified, msg,
			fmt.Sprint(100000+o.ID), back, back, back); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}
