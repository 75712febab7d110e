package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/store"
	"shop/internal/web"
	"shop/internal/web/webtest"
)

func newShop(t *testing.T) (*httptest.Server, *store.Store) { return newShopTB(t) }

func newShopTB(t testing.TB) (*httptest.Server, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.SeedProducts(context.Background(), catalog.DemoProducts()); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Deps{
		Catalog:   catalog.NewSnapshot(st, 0), // in memory, as `shop serve` has it
		Sessions:  web.NewSessionStore([]byte("test-secret-test-secret-test-secret!"), false),
		PriceUnit: iran.Toman,
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, st
}

func TestAddToBasketShowsTotals(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)

	// 2 x saffron (9,800,000 + 10% tax) and 1 x notebook (4,200,000 - 15% + 10% tax) = 21,560,000 + 3,927,000 rials,
	// shown in toman.
	r := c.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}, "count": {"۲"}})
	if r.Status != http.StatusSeeOther || r.Location != "/cart" {
		t.Fatalf("add: status %d location %q", r.Status, r.Location)
	}
	c.Submit("/p/notebook-leather", "/cart/add", url.Values{"code": {"notebook-leather"}})
	page := c.Get("/cart")
	want := map[string]string{
		"cart-subtotal": "۲٬۶۱۸٬۰۰۰ تومان", // 21,560,000 + 4,620,000 rials: undiscounted, tax included
		"cart-discount": "۶۹٬۳۰۰ تومان",    // 4,620,000 - 3,927,000 rials
		"cart-total":    "۲٬۵۴۸٬۷۰۰ تومان",
		"cart-count":    "۳",
	}
	// Tax is stated once, as included: 1,960,000 + 357,000 rials.
	if got, _ := page.Text("cart-tax"); !strings.Contains(got, "۲۳۱٬۷۰۰ تومان") {
		t.Errorf("cart-tax = %q", got)
	}
	for id, w := range want {
		if got, _ := page.Text(id); got != w {
			t.Errorf("%s = %q, want %q", id, got, w)
		}
	}
	if got, _ := page.Text("line-total-saffron-1m"); got != "۲٬۱۵۶٬۰۰۰ تومان" {
		t.Errorf("saffron line = %q", got)
	}
}

func TestBasketChanges(t *testing.T) {
	tests := []struct {
		name      string
		path      string
		form      url.Values
		wantCount string
		wantFlash string
	}{
		{"update count", "/cart/update", url.Values{"code": {"lahijan-tea-500"}, "count": {"5"}}, "۵", "سبد خرید به‌روز شد."},
		{"update past 99 refused", "/cart/update", url.Values{"code": {"lahijan-tea-500"}, "count": {"100"}}, "۱", "تعداد باید عددی بین ۱ و ۹۹ باشد."},
		{"update to zero refused", "/cart/update", url.Values{"code": {"lahijan-tea-500"}, "count": {"0"}}, "۱", "تعداد باید عددی بین ۱ و ۹۹ باشد."},
		{"remove", "/cart/remove", url.Values{"code": {"lahijan-tea-500"}}, "۰", "کالا از سبد خرید برداشته شد."},
		{"unknown product refused", "/cart/add", url.Values{"code": {"no-such-thing"}}, "۱", "این محصول در فروشگاه وجود ندارد یا دیگر فروخته نمی‌شود."},
		{"malformed code refused", "/cart/add", url.Values{"code": {"<b>"}}, "۱", "این محصول در فروشگاه وجود ندارد."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, _ := newShop(t)
			c := webtest.NewClient(t, ts.URL)
			c.Submit("/", "/cart/add", url.Values{"code": {"lahijan-tea-500"}})
			r := c.Submit("/cart", tt.path, tt.form)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d", r.Status)
			}
			page := c.Follow(r)
			if got, _ := page.Text("cart-count"); got != tt.wantCount {
				t.Errorf("count = %q, want %q", got, tt.wantCount)
			}
			if got, _ := page.Text("flash"); got != tt.wantFlash {
				t.Errorf("flash = %q, want %q", got, tt.wantFlash)
			}
		})
	}
}

func TestTamperedCookieGivesEmptyBasket(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)
	c.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}})
	u, _ := url.Parse(ts.URL)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "shop_session" {
			v := []byte(ck.Value)
			v[len(v)/2] ^= 0x01
			ck.Value = string(v)
			c.HTTP.Jar.SetCookies(u, []*http.Cookie{ck})
		}
	}
	page := c.Get("/cart")
	if page.Status != http.StatusOK {
		t.Fatalf("status %d", page.Status)
	}
	if !page.Has("cart-empty") {
		t.Error("a tampered cookie should give an empty basket")
	}
}

func TestPagesAndHeaders(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)
	tests := []struct {
		path   string
		status int
		testid string
	}{
		{"/", 200, "catalog"},
		{"/p/saffron-1m", 200, "product-page-saffron-1m"},
		{"/p/nope", 404, "error-page"},
		{"/cart", 200, "cart-empty"},
		{"/no/such/page", 404, "error-page"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := c.HTTP.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
				if got := resp.Header.Get(h); got != want {
					t.Errorf("%s = %q, want %q", h, got, want)
				}
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP = %q", csp)
			}
			if p := c.Get(tt.path); !p.Has(tt.testid) || !strings.Contains(p.Body, `dir="rtl"`) {
				t.Errorf("page lacks %s or dir=rtl", tt.testid)
			}
		})
	}
}

func TestSessionCookieFlags(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)
	tok := c.Get("/").CSRF()
	resp, err := c.HTTP.PostForm(ts.URL+"/cart/add", url.Values{"code": {"saffron-1m"}, "_csrf": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var found bool
	for _, line := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(line, "shop_session=") {
			found = true
			if !strings.Contains(line, "HttpOnly") || !strings.Contains(line, "SameSite=Lax") {
				t.Errorf("session cookie flags: %s", line)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie set")
	}
}

func TestOversizedBodyRefused(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)
	tok := c.Get("/").CSRF()
	r := c.Post("/cart/add", url.Values{"code": {strings.Repeat("a", 300<<10)}, "_csrf": {tok}})
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", r.Status)
	}
}

// One price everywhere: what the catalog shows for a product is what the product page, the basket and the bill
// charge for one, tax included, with the undiscounted price struck out beside it.
func TestOnePriceEverywhere(t *testing.T) {
	tests := []struct {
		code, want, old string
	}{
		{"saffron-1m", "۱٬۰۷۸٬۰۰۰ تومان", ""},                      // 9,800,000 + 10% tax
		{"notebook-leather", "۳۹۲٬۷۰۰ تومان", "۴۶۲٬۰۰۰ تومان"},     // 4,200,000 - 15% + 10% tax; 4,200,000 + 10%
		{"course-calligraphy", "۹۶۰٬۰۰۰ تومان", "۱٬۲۰۰٬۰۰۰ تومان"}, // 12,000,000 - 20%, no tax
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			ts, _ := newShop(t)
			c := webtest.NewClient(t, ts.URL)
			catalogPage := c.Get("/")
			card := catalogPage.Find("product-" + tt.code)
			if card == nil {
				t.Fatal("no card")
			}
			inCard := webtest.Page{Doc: card}
			if got, _ := inCard.Text("price"); got != tt.want {
				t.Errorf("catalog price %q, want %q", got, tt.want)
			}
			if got, _ := inCard.Text("price-old"); !strings.Contains(got, tt.old) || (tt.old == "" && got != "") {
				t.Errorf("catalog old price %q, want %q", got, tt.old)
			}
			product := c.Get("/p/" + tt.code)
			if got, _ := product.Text("price"); got != tt.want {
				t.Errorf("product page price %q, want %q", got, tt.want)
			}
			c.Submit("/p/"+tt.code, "/cart/add", url.Values{"code": {tt.code}})
			basket := c.Get("/cart")
			if got, _ := basket.Text("line-total-" + tt.code); got != tt.want {
				t.Errorf("basket line %q, want %q", got, tt.want)
			}
			if got, _ := basket.Text("cart-total"); got != tt.want {
				t.Errorf("basket total %q, want %q", got, tt.want)
			}
		})
	}
}

// TestProductPagesSayHowItArrives: a product whose stock is not counted is always available, and says how it
// reaches the buyer, by kind; downloadable ones list their files.
func TestProductPagesSayHowItArrives(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)
	for _, tc := range []struct{ code, want string }{
		{"saffron-1m", "ارسال با پست"},
		{"ebook-cooking", "دانلود فوری"},
		{"samovar-install", "انجام در محل"},
	} {
		p := c.Get("/p/" + tc.code)
		if got, _ := p.Text("availability"); !strings.Contains(got, "موجود") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: availability %q, want %q", tc.code, got, tc.want)
		}
	}
	if got, _ := c.Get("/p/ebook-cooking").Text("product-files"); !strings.Contains(got, "PDF") {
		t.Errorf("the ebook's files: %q", got)
	}
}
