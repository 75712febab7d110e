package dashboard_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"golang.org/x/net/html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/sandbox"
	"shop/internal/web/webtest"
)

// jalaliAt is a Tehran time on a Jalali day, for orders the tests place in the past.
func jalaliAt(t *testing.T, day string, hour int) time.Time {
	t.Helper()
	d, err := iran.ParseJalaliDate(day)
	if err != nil {
		t.Fatal(err)
	}
	return d.Add(time.Duration(hour) * time.Hour)
}

type seeded struct {
	sara, ali, evil, maryam *checkout.Order
}

// seedOrders stores four distinct orders and 27 look-alike older ones (31 in all, two pages).
func seedOrders(t *testing.T, s *fullShop) seeded {
	t.Helper()
	n := 0
	mk := func(first, last, mobile, factor string, state checkout.State, kind catalog.Kind, pay checkout.PaymentWay, created time.Time) *checkout.Order {
		n++
		token := fmt.Sprintf("%030s%02d", "", n)
		token = strings.NewReplacer(" ", "a", "0", "b", "1", "c", "2", "d", "3", "e", "4", "f", "5", "g", "6", "h", "7", "i", "8", "j", "9", "k").Replace(token)
		return &checkout.Order{Token: token, Group: token, Kind: kind, State: state, Payment: pay, Send: checkout.Pishtaz,
			FactorID: factor, Total: 1_234_560, Buyer: checkout.Buyer{FirstName: first, LastName: last, Mobile: mobile,
				Address: "تهران، خیابان آزادی", PostalCode: "1434567891", ProvinceName: "تهران", CityName: "تهران"},
			CreatedAt: created, UpdatedAt: created}
	}
	v := seeded{
		sara:   mk("سارا", "محمدی", "09121234567", "22000000000000000011", checkout.StatePaid, catalog.Physical, checkout.Online, jalaliAt(t, "1405/09/01", 10)),
		ali:    mk("علی", "رضایی", "09351112233", "22000000000000000012", checkout.StateRegistered, catalog.Physical, checkout.CashOnDelivery, jalaliAt(t, "1405/09/05", 23)),
		evil:   mk("=HYPERLINK(\"http://evil.example\")", "-2+3", "09190000000", "", checkout.StateNeedsReconciliation, catalog.Virtual, checkout.Online, jalaliAt(t, "1405/09/10", 9)),
		maryam: mk("مریم", "کاظمی", "09130000001", "", checkout.StateRegisterFailed, catalog.Service, checkout.Online, jalaliAt(t, "1405/08/20", 9)),
	}
	v.evil.Buyer.Address = "@SUM(1+1)"
	orders := []*checkout.Order{v.sara, v.ali, v.evil, v.maryam}
	for i := range 27 {
		orders = append(orders, mk("پرکننده", fmt.Sprint(i), "09120000000", fmt.Sprintf("220000000000000009%02d", i),
			checkout.StatePaid, catalog.Physical, checkout.Online, jalaliAt(t, "1405/07/01", 8).Add(time.Duration(i)*time.Minute)))
	}
	if err := s.Store.CreateOrders(context.Background(), orders); err != nil {
		t.Fatal(err)
	}
	return v
}

// listed is the references of the list's rows, in order.
func listed(p webtest.Page) []string {
	var refs []string
	for _, n := range p.FindAll("order-link") {
		refs = append(refs, strings.TrimSpace(webtest.TextOf(n)))
	}
	return refs
}

func TestAdminOrderFiltersAndSearch(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	o := seedOrders(t, s)
	c := signedIn(t, s)
	ref := func(x *checkout.Order) string { return x.Reference() }
	since := "&from=1405/08/01"
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"newest first", "?from=1405/08/01", []string{ref(o.evil), ref(o.ali), ref(o.sara), ref(o.maryam)}},
		{"factor", "?q=22000000000000000012", []string{ref(o.ali)}},
		{"part of a factor", "?q=0000000000011" + since, []string{ref(o.sara)}},
		{"mobile", "?q=09121234567", []string{ref(o.sara)}},
		{"mobile in Persian digits", "?q=" + url.QueryEscape("۰۹۱۲۱۲۳۴۵۶۷"), []string{ref(o.sara)}},
		{"mobile with +98", "?q=" + url.QueryEscape("+989351112233"), []string{ref(o.ali)}},
		{"first name", "?q=" + url.QueryEscape("سارا"), []string{ref(o.sara)}},
		{"full name", "?q=" + url.QueryEscape("علی رضایی"), []string{ref(o.ali)}},
		{"reference", "?q=" + ref(o.maryam), []string{ref(o.maryam)}},
		{"reference in lower case", "?q=" + strings.ToLower(ref(o.ali)), []string{ref(o.ali)}},
		{"a percent sign is not a wildcard", "?q=%25", nil},
		{"state", "?state=paid" + since, []string{ref(o.sara)}},
		{"needs a person", "?state=attention", []string{ref(o.evil), ref(o.maryam)}},
		{"kind", "?kind=virtual", []string{ref(o.evil)}},
		{"payment", "?payment=cod", []string{ref(o.ali)}},
		{"date range, both days included", "?from=1405/09/01&to=1405/09/05", []string{ref(o.ali), ref(o.sara)}},
		{"date range in Persian digits", "?from=" + url.QueryEscape("۱۴۰۵/۰۹/۰۶") + "&to=" + url.QueryEscape("۱۴۰۵/۰۹/۳۰"), []string{ref(o.evil)}},
		{"filters combine", "?payment=online&state=paid&from=1405/09/01", []string{ref(o.sara)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := c.Get("/admin/orders" + tc.query)
			if p.Status != http.StatusOK {
				t.Fatalf("status %d\n%s", p.Status, p.Body)
			}
			if got := listed(p); !slices.Equal(got, tc.want) {
				t.Errorf("rows %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("pages", func(t *testing.T) {
		p := c.Get("/admin/orders")
		if got := len(listed(p)); got != 25 || !p.Has("next-page") {
			t.Fatalf("page 1: %d rows, next link %v", got, p.Has("next-page"))
		}
		if n, _ := p.Text("order-count"); !strings.Contains(n, iran.FormatNumber(31)) {
			t.Errorf("count %q, want 31", n)
		}
		if p.Has("prev-page") || p.Has("first-page") {
			t.Error("the first page links to a page before it")
		}
		next := c.Get(p.Attr("next-page", "href"))
		if got := len(listed(next)); got != 6 || next.Has("next-page") {
			t.Fatalf("page 2: %d rows", got)
		}
		if seen := append(listed(p), listed(next)...); len(slices.Compact(slices.Sorted(slices.Values(seen)))) != 31 {
			t.Errorf("the two pages do not list 31 different orders: %v", seen)
		}
		back := c.Get(next.Attr("prev-page", "href"))
		if !slices.Equal(listed(back), listed(p)) || !next.Has("first-page") {
			t.Errorf("back from page 2: %v, want page 1's %v", listed(back), listed(p))
		}
		// The filter stays with the links: page 2 of the paid orders is still paid orders.
		paid := c.Get("/admin/orders?state=paid")
		if href := paid.Attr("next-page", "href"); !strings.Contains(href, "state=paid") || !strings.Contains(href, "after=") {
			t.Errorf("next link %q", href)
		}
	})

	t.Run("a row", func(t *testing.T) {
		p := c.Get("/admin/orders?q=" + ref(o.sara))
		total, _ := p.Text("row-total")
		if total != "۱۲۳٬۴۵۶ تومان" {
			t.Errorf("total %q, want Persian digits in toman", total)
		}
		if p.Attr("state-badge", "data-state") != "paid" || p.Has("row-attention") {
			t.Errorf("state badge %q", p.Attr("state-badge", "data-state"))
		}
		if attn := c.Get("/admin/orders?q=" + ref(o.evil)); !attn.Has("row-attention") {
			t.Error("an order waiting for reconciliation is not marked")
		}
		if n, _ := p.Text("filter-attention"); !strings.Contains(n, iran.FormatNumber(2)) {
			t.Errorf("the one-click filter shows %q, want the 2 orders needing a person", n)
		}
	})

	t.Run("bad filters are explained in Persian", func(t *testing.T) {
		p := c.Get("/admin/orders?from=1405/13/40&state=nonsense")
		msg, _ := p.Text("error-from")
		if p.Status != http.StatusOK || !persianLetters.MatchString(msg) || !p.Has("error-state") {
			t.Fatalf("status %d, from error %q", p.Status, msg)
		}
	})
}

func TestAdminOrdersCSV(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	o := seedOrders(t, s)
	c := signedIn(t, s)
	resp, err := c.HTTP.Get(s.URL + "/admin/orders.csv?state=attention")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("status %d, type %q, disposition %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	if !bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	records, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	required := []string{"factor", "reference", "state", "state_label", "kind", "payment", "total_rials", "buyer", "mobile",
		"province", "city", "address", "postal_code", "created", "tracking_code", "barcode"}
	if len(records) != 3 || !slices.Equal(records[0][:len(required)], required) {
		t.Fatalf("%d records, header %v", len(records), records[0])
	}
	col := map[string]int{}
	for i, k := range records[0] {
		col[k] = i
	}
	byRef := map[string][]string{}
	for _, r := range records[1:] {
		byRef[r[col["reference"]]] = r
	}
	m := byRef[o.maryam.Reference()]
	if m == nil || m[col["state"]] != "register_failed" || m[col["state_label"]] != checkout.StateRegisterFailed.Label() ||
		m[col["kind"]] != "service" || m[col["payment"]] != "online" || m[col["total_rials"]] != "1234560" ||
		m[col["buyer"]] != "مریم کاظمی" || m[col["mobile"]] != "09130000001" || m[col["postal_code"]] != "1434567891" ||
		m[col["created"]] != "1405/08/20 09:00" || m[col["city"]] != "تهران" {
		t.Errorf("row = %v", m)
	}
	// Beside the English keys, what a person reads on the screens: toman and Persian labels.
	if m[col["total_toman"]] != "123456" || m[col["kind_label"]] != catalog.Service.Label() || m[col["payment_label"]] != checkout.Online.Label() {
		t.Errorf("the Persian columns: total_toman %q, kind_label %q, payment_label %q", m[col["total_toman"]], m[col["kind_label"]], m[col["payment_label"]])
	}
	e := byRef[o.evil.Reference()]
	if e == nil || !strings.HasPrefix(e[col["buyer"]], "'=") || !strings.HasPrefix(e[col["address"]], "'@") {
		t.Errorf("formula cells must be defused: buyer %q address %q", e[col["buyer"]], e[col["address"]])
	}
	// The export follows the same filters as the list, across every page.
	resp, err = c.HTTP.Get(s.URL + "/admin/orders.csv")
	if err != nil {
		t.Fatal(err)
	}
	all, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rows, _ := csv.NewReader(bytes.NewReader(all[3:])).ReadAll(); len(rows) != 32 {
		t.Errorf("unfiltered export: %d lines, want the header and 31 orders", len(rows))
	}
	if r := c.Get("/admin/orders.csv?from=garbage"); r.Status != http.StatusBadRequest {
		t.Errorf("bad filter: status %d, want 400", r.Status)
	}
}

// TestAdminOrderPageAndRefresh places a cash-on-delivery order as a shopper, lets the sandbox post office ship
// it, and refreshes it from the order page: the label, the barcode and the shipped state arrive.
func TestAdminOrderPageAndRefresh(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	shopper := webtest.ShopperWithBasket(t, s.URL, "lahijan-tea-500")
	r := shopper.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "sefareshi", "pay": "cod"}))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("place: status %d\n%s", r.Status, r.Body)
	}
	o, err := s.Store.OrderByToken(context.Background(), strings.TrimPrefix(r.Location, "/orders/"))
	if err != nil || o.FactorID == "" {
		t.Fatalf("placed order: %+v %v", o, err)
	}
	c := signedIn(t, s)
	path := fmt.Sprintf("/admin/orders/%d", o.ID)
	p := c.Get(path)
	if p.Status != http.StatusOK {
		t.Fatalf("order page: status %d", p.Status)
	}
	addr, _ := p.Text("parcel-address")
	for _, want := range []string{"سارا محمدی", "ولیعصر", "۱۴۳۴۵۶۷۸۹۱", "تهران"} {
		if !strings.Contains(addr, want) {
			t.Errorf("parcel address %q lacks %q", addr, want)
		}
	}
	// Grouped in Persian digits as the shopper's receipt shows it (issue 23), the same digits underneath.
	if got, _ := p.Text("factor"); strings.ReplaceAll(iran.NormalizeDigits(got), "-", "") != o.FactorID || !strings.Contains(got, "-") {
		t.Errorf("factor %q, want %q grouped", got, o.FactorID)
	}
	if label, _ := p.Text("order-continue"); o.State == checkout.StateAwaitingPayment && !strings.Contains(label, "ادامه‌ی پرداخت") ||
		o.State != checkout.StateAwaitingPayment && strings.Contains(label, "ادامه‌ی پرداخت") {
		t.Errorf("an order %s offers %q", o.State, label)
	}
	if !strings.HasSuffix(p.Attr("continue-url", "value"), "/orders/"+o.Token) {
		t.Errorf("continue-payment link %q", p.Attr("continue-url", "value"))
	}
	if !p.Has("admin-items") || !p.Has("payment-history") {
		t.Error("items or payment history missing")
	}

	if err := s.Frotel.Advance(o.FactorID, sandbox.StatusShipped); err != nil {
		t.Fatal(err)
	}
	r = c.Submit(path, path+"/refresh", nil)
	if r.Status != http.StatusSeeOther || r.Location != path+"?done=refreshed" {
		t.Fatalf("refresh: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	p = c.Follow(r)
	status, _ := p.Text("tracking-status")
	barcode, _ := p.Text("barcode")
	if status != sandbox.StatusShipped || len(barcode) != 24 || p.Attr("state-badge", "data-state") != "shipped" || !p.Has("admin-notice") {
		t.Fatalf("after refresh: label %q barcode %q state %q", status, barcode, p.Attr("state-badge", "data-state"))
	}
	snap, _ := s.Frotel.Order(o.FactorID)
	if barcode != snap.Barcode {
		t.Errorf("barcode %q, Frotel says %q", barcode, snap.Barcode)
	}
	// The shopper's own page follows: shipped, with the postal barcode.
	mine := shopper.Get("/orders/" + o.Token)
	if next, _ := mine.Text("next-step"); mine.Attr("order-state", "data-state") != "shipped" || !strings.Contains(next, "ارسال شد") ||
		!mine.Has("postal-barcode") {
		t.Errorf("shopper's page after shipping: state %q, next step %q", mine.Attr("order-state", "data-state"), next)
	}

	slip := c.Get(path + "/slip")
	to, _ := slip.Text("slip-address")
	if slip.Status != http.StatusOK || !strings.Contains(to, "۱۴۳۴۵۶۷۸۹۱") || !strings.Contains(to, "سارا محمدی") {
		t.Fatalf("slip: status %d address %q", slip.Status, to)
	}
	if !strings.Contains(slip.Body, "admin.css") || !slip.Has("print-slip") {
		t.Error("the slip needs its print stylesheet and a print button")
	}
	for _, bad := range []string{"/admin/orders/999999", "/admin/orders/abc", "/admin/orders/-1/slip"} {
		if p := c.Get(bad); p.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", bad, p.Status)
		}
	}
}

func TestAdminRefreshOfAnUnregisteredOrder(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	o := seedOrders(t, s)
	c := signedIn(t, s)
	path := fmt.Sprintf("/admin/orders/%d", o.maryam.ID)
	if p := c.Get(path); p.Has("refresh-tracking") {
		t.Error("an order Frotel does not have offers a refresh")
	}
	if r := c.Submit(path, path+"/refresh", nil); r.Status != http.StatusConflict || !strings.Contains(r.Body, "فروتل ثبت نشده") {
		t.Fatalf("refresh: status %d", r.Status)
	}
}

func TestAdminOverview(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	seedOrders(t, s)
	shopper := webtest.ShopperWithBasket(t, s.URL, "lahijan-tea-500")
	shopper.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "sefareshi", "pay": "cod"}))
	c := signedIn(t, s)
	p := c.Get("/admin")
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	if n, _ := p.Text("today-orders"); n != iran.FormatNumber(1) {
		t.Errorf("today's orders %q, want 1", n)
	}
	if n, _ := p.Text("attention-count"); !strings.Contains(n, iran.FormatNumber(2)) {
		t.Errorf("attention %q, want 2", n)
	}
	chart := p.Find("chart-orders")
	if chart == nil || len(webtest.Elements(chart, "rect")) != 30 {
		t.Fatalf("the orders chart should have 30 bars")
	}
	if n := len(p.FindAll("mirror-row")); n != 3 {
		t.Errorf("%d mirror health rows, want one per sandbox mirror (3)", n)
	}
	if !p.Has("payment-rate") || !p.Has("jobs") {
		t.Error("payment rate or jobs missing")
	}
}

// TestAdminPaymentHistory pays an order online and reads the attempt, the bank's callback and checkPay's answer on
// the order page, and the success rate on the overview.
func TestAdminPaymentHistory(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	shopper := webtest.ShopperWithBasket(t, s.URL, "saffron-1m")
	token := webtest.PlaceOnlineOrder(t, shopper)
	back := webtest.BankReturnURL(t, shopper, token)
	if r := shopper.Get(back.RequestURI()); r.Status >= 400 {
		t.Fatalf("callback: status %d", r.Status)
	}
	o, err := s.Store.OrderByToken(context.Background(), token)
	if err != nil || o.State != checkout.StatePaid {
		t.Fatalf("order after paying: %+v %v", o, err)
	}
	c := signedIn(t, s)
	p := c.Get(fmt.Sprintf("/admin/orders/%d", o.ID))
	for _, id := range []string{"payment-attempt", "payment-callback", "payment-verification"} {
		if !p.Has(id) {
			t.Errorf("payment history lacks %s", id)
		}
	}
	if v, _ := p.Text("payment-verification"); !strings.Contains(v, "تأیید شد") || !strings.Contains(v, o.TrackingCode) {
		t.Errorf("checkPay line %q should say verified with tracking code %s", v, o.TrackingCode)
	}
	if rate, _ := c.Get("/admin").Text("payment-rate"); rate != "۱۰۰٪" {
		t.Errorf("payment rate %q, want ۱۰۰٪", rate)
	}
	if label, _ := p.Text("order-continue"); strings.Contains(label, "ادامه‌ی پرداخت") {
		t.Errorf("a paid order still offers a link to continue paying: %q", label)
	}
	// Persian for the seller (issue 23): no method or machine names in the payment history.
	for _, id := range []string{"payment-attempt", "payment-callback", "payment-verification"} {
		line, _ := p.Text(id)
		for _, english := range []string{"checkPay", "(GET)", "(POST)", "(pay)", "continuePay"} {
			if strings.Contains(line, english) {
				t.Errorf("%s says %q: %q", id, english, line)
			}
		}
	}
}

// TestAdminJobsInPersian: the overview names the scheduled jobs and sums up their runs in Persian.
func TestAdminJobsInPersian(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	if _, err := s.Scheduler.RunOnce(context.Background(), "reconcile"); err != nil {
		t.Fatal(err)
	}
	c := signedIn(t, s)
	jobs, _ := c.Get("/admin").Text("jobs")
	for _, english := range []string{"loyalty-sync", "reconcile", "sync-status", "registered", "for a person", "orders asked", "first run"} {
		if strings.Contains(jobs, english) {
			t.Errorf("the jobs panel says %q:\n%s", english, jobs)
		}
	}
	if !strings.Contains(jobs, "بررسی سفارش‌ها و پرداخت‌های نیمه‌کاره") || !strings.Contains(jobs, "سفارش ثبت شد") {
		t.Errorf("the jobs panel lacks the reconciliation's Persian name or summary:\n%s", jobs)
	}
}

// TestAdminOrderLinesAddUp: each line of an order shows its discount and VAT, so unit × count − discount + VAT is
// the line's total on the order page and on the packing slip (issue 23: the seller's typed price, the VAT added,
// and a line total that did not add up).
func TestAdminOrderLinesAddUp(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	shopper := webtest.ShopperWithBasket(t, s.URL, "notebook-leather", "notebook-leather", "saffron-1m") // 15 % off; 10 % VAT
	token := webtest.PlaceOnlineOrder(t, shopper)
	o, err := s.Store.OrderByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	c := signedIn(t, s)
	amount := func(cell *html.Node) int64 {
		t.Helper()
		text := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, iran.NormalizeDigits(nodeText(cell)))
		if text == "" {
			return 0 // "—": none
		}
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			t.Fatalf("amount %q: %v", nodeText(cell), err)
		}
		return n
	}
	for _, page := range []string{fmt.Sprintf("/admin/orders/%d", o.ID), fmt.Sprintf("/admin/orders/%d/slip", o.ID)} {
		p := c.Get(page)
		rows := append(p.FindAll("admin-item"), p.FindAll("slip-item")...)
		if len(rows) != 2 {
			t.Fatalf("%s: %d item rows, want 2", page, len(rows))
		}
		discounted := false
		for _, row := range rows {
			cells := webtest.Elements(row, "td")
			n := len(cells)
			count, unit, discount, tax, total := amount(cells[n-5]), amount(cells[n-4]), amount(cells[n-3]), amount(cells[n-2]), amount(cells[n-1])
			if unit*count-discount+tax != total || tax == 0 {
				t.Errorf("%s: %d × %d − %d + %d ≠ %d", page, unit, count, discount, tax, total)
			}
			discounted = discounted || discount > 0
		}
		if !discounted {
			t.Errorf("%s: the notebook's 15 %% discount is not shown", page)
		}
	}
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// TestDateFiltersInPersianDigits: the date filters show their example in Persian digits and take a date typed in
// them (issue 23: the placeholders were in Latin digits).
func TestDateFiltersInPersianDigits(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	p := c.Get("/admin/orders")
	for _, id := range []string{"filter-from", "filter-to"} {
		if ph := p.Attr(id, "placeholder"); ph == "" || strings.ContainsAny(ph, "0123456789") {
			t.Errorf("%s's example %q is not in Persian digits", id, ph)
		}
	}
	if r := c.Get("/admin/orders?from=" + url.QueryEscape("۱۴۰۵/۰۹/۰۱")); r.Status != http.StatusOK {
		t.Errorf("a date typed in Persian digits: status %d", r.Status)
	}
}
