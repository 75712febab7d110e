package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"shop/internal/app/apptest"
	"shop/internal/iran"
	"shop/internal/sandbox"
	"shop/internal/web/webtest"
)

// persianLetters finds Persian (Arabic-script) letters: every message the shopper reads must have some.
var persianLetters = regexp.MustCompile(`\p{Arabic}`)

// checkoutFields are the form's fields that can carry an error-<field> message.
var checkoutFields = []string{"first_name", "last_name", "mobile", "phone", "gender", "email", "province", "city", "postal_code",
	"address", "note", "send"}

// shopperWithBasket is a fresh shopper who has put the products in the basket.
func shopperWithBasket(t *testing.T, s *fullShop, codes ...string) *webtest.Client {
	t.Helper()
	return webtest.ShopperWithBasket(t, s.URL, codes...)
}

// placeOnlineOrder places the basket with post (pishtaz) and online payment, and returns the order's token.
func placeOnlineOrder(t *testing.T, c *webtest.Client) string {
	t.Helper()
	return webtest.PlaceOnlineOrder(t, c)
}

// bankReturnURL pays the order at the sandbox bank as a browser would (the shop's redirect form, then the bank's
// pay button) and returns where the bank sends the shopper back: the callback URL with _i and sb.
func bankReturnURL(t *testing.T, c *webtest.Client, token string) *url.URL {
	t.Helper()
	return bankReturn(t, c, token, "pay")
}

// bankReturn is bankReturnURL with the bank page's button to press: pay or cancel.
func bankReturn(t *testing.T, c *webtest.Client, token, button string) *url.URL {
	t.Helper()
	orderPath := "/orders/" + token
	pay := c.Follow(c.Submit(orderPath, orderPath+"/pay", url.Values{"bank": {"1"}}))
	form := pay.Find("bank-redirect-form")
	if pay.Status != http.StatusOK || form == nil {
		t.Fatalf("pay: status %d\n%s", pay.Status, pay.Body)
	}
	fields := url.Values{}
	for _, in := range webtest.Elements(form, "input") {
		if webtest.Attr(in, "type") == "hidden" {
			fields.Add(webtest.Attr(in, "name"), webtest.Attr(in, "value"))
		}
	}
	if !strings.EqualFold(webtest.Attr(form, "method"), http.MethodPost) {
		t.Fatalf("bank form method %q, want post", webtest.Attr(form, "method"))
	}
	fields.Set("action", button)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.PostForm(webtest.Attr(form, "action"), fields)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || err != nil {
		t.Fatalf("bank pay: status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if loc.Path != "/payment/callback/"+token || loc.Query().Get("_i") == "" || loc.Query().Get("sb") == "" {
		t.Fatalf("bank returned to %s, want the order's callback with _i and sb", loc)
	}
	return loc
}

func orderStateOf(t *testing.T, c *webtest.Client, token string) string {
	t.Helper()
	p := c.Get("/orders/" + token)
	if p.Status != http.StatusOK {
		t.Fatalf("order page: status %d\n%s", p.Status, p.Body)
	}
	return p.Attr("order-state", "data-state")
}

// elementsIn lists the elements named tag under n, in document order.
// allWithTestid lists every element of the page with data-testid=id.
func allWithTestid(p webtest.Page, id string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && webtest.Attr(n, "data-testid") == id {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.Doc)
	return out
}

func hasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

// optionValues lists the option values of the select with data-testid=id, and the selected one.
func optionValues(t *testing.T, p webtest.Page, id string) (values []string, selected string) {
	t.Helper()
	sel := p.Find(id)
	if sel == nil {
		t.Fatalf("no %s on the page", id)
	}
	for _, o := range webtest.Elements(sel, "option") {
		values = append(values, webtest.Attr(o, "value"))
		if hasAttr(o, "selected") {
			selected = webtest.Attr(o, "value")
		}
	}
	return values, selected
}

func TestCheckoutEmptyBasketGoesBackToCart(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	for _, tc := range []struct {
		name string
		send func(c *webtest.Client) webtest.Page
	}{
		{"show", func(c *webtest.Client) webtest.Page { return c.Get("/checkout") }},
		{"submit", func(c *webtest.Client) webtest.Page {
			return c.Submit("/", "/checkout", buyer(map[string]string{"action": "place"}))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := webtest.NewClient(t, s.URL)
			r := tc.send(c)
			if r.Status != http.StatusSeeOther || r.Location != "/cart" {
				t.Fatalf("status %d location %q, want 303 to /cart", r.Status, r.Location)
			}
			cart := c.Follow(r)
			flash, ok := cart.Text("flash")
			if !ok || !persianLetters.MatchString(flash) || !cart.Has("cart-empty") {
				t.Errorf("cart page: flash %q (shown %v), empty basket shown %v", flash, ok, cart.Has("cart-empty"))
			}
			if !strings.Contains(cart.Attr("flash", "class"), "flash-error") {
				t.Errorf("flash class %q, want flash-error", cart.Attr("flash", "class"))
			}
		})
	}
}

func TestCheckoutPlaceWithBadFields(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	for _, tc := range []struct {
		name       string
		product    string
		form       url.Values
		wantErrors []string
		kept       map[string]string // field testid -> value attribute (or text, for textareas) after the refusal
	}{
		{
			name: "physical, nothing typed", product: "saffron-1m",
			form:       url.Values{"action": {"place"}},
			wantErrors: []string{"first_name", "last_name", "mobile", "postal_code", "address", "province"},
		},
		{
			name: "physical, every field malformed", product: "saffron-1m",
			form: buyer(map[string]string{"action": "place", "first_name": "x", "last_name": "محمدی۲", "mobile": "12345", "gender": "7",
				"postal_code": "123", "address": "کوتاه", "province": "999", "email": "not-an-email"}),
			wantErrors: []string{"first_name", "last_name", "mobile", "gender", "postal_code", "address", "province", "email"},
			kept: map[string]string{"field-first_name": "x", "field-last_name": "محمدی۲", "field-mobile": "12345", "field-postal_code": "123",
				"field-address": "کوتاه", "field-email": "not-an-email"},
		},
		{
			name: "city of another province", product: "saffron-1m",
			form:       buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online", "city": "4391"}),
			wantErrors: []string{"city"},
			kept:       map[string]string{"field-first_name": "سارا", "field-last_name": "محمدی", "field-postal_code": "1434567891", "field-note": "سپاس"},
		},
		{
			name: "physical without a shipping option", product: "saffron-1m",
			form:       buyer(map[string]string{"action": "place"}),
			wantErrors: []string{"send"},
			kept:       map[string]string{"field-first_name": "سارا", "field-address": "تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲، واحد ۳"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := shopperWithBasket(t, s, tc.product)
			before := s.Frotel.Calls("registerOrder")
			r := c.Submit("/checkout", "/checkout", tc.form)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", r.Status, r.Body)
			}
			if !r.Has("form-errors") {
				t.Error("no summary of the form's errors")
			}
			for _, f := range checkoutFields {
				msg, shown := r.Text("error-" + f)
				want := slices.Contains(tc.wantErrors, f)
				switch {
				case want && !shown:
					t.Errorf("no message beside %s", f)
				case want && !persianLetters.MatchString(msg):
					t.Errorf("message beside %s is not Persian: %q", f, msg)
				case !want && shown:
					t.Errorf("unexpected message beside %s: %q", f, msg)
				}
			}
			for id, want := range tc.kept {
				got := r.Attr(id, "value")
				if n := r.Find(id); n != nil && n.Data == "textarea" {
					got, _ = r.Text(id)
				}
				if got != want {
					t.Errorf("%s = %q, want the typed %q kept", id, got, want)
				}
			}
			if got := s.Frotel.Calls("registerOrder"); got != before {
				t.Errorf("registerOrder called %d times for a refused form", got-before)
			}
		})
	}
}

func TestCheckoutCitiesButtonKeepsTheForm(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	r := c.Submit("/checkout", "/checkout", url.Values{"action": {"cities"}, "first_name": {"سارا"}, "mobile": {"0912"}, "province": {"2"}})
	if r.Status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.Status, r.Body)
	}
	if r.Has("form-errors") {
		t.Error("listing cities should not judge the half-typed form")
	}
	for _, f := range checkoutFields {
		if msg, shown := r.Text("error-" + f); shown {
			t.Errorf("unexpected message beside %s: %q", f, msg)
		}
	}
	cities, _ := optionValues(t, r, "field-city")
	if !slices.Contains(cities, "4391") || slices.Contains(cities, "1") {
		t.Errorf("city list %v: want Gilan's cities (4391 آستارا), not Tehran's", cities)
	}
	if _, province := optionValues(t, r, "field-province"); province != "2" {
		t.Errorf("province %q selected, want 2", province)
	}
	if got := r.Attr("field-first_name", "value"); got != "سارا" {
		t.Errorf("name %q not kept", got)
	}
	if got := r.Attr("field-mobile", "value"); got != "0912" {
		t.Errorf("mobile %q not kept", got)
	}
}

func TestCheckoutCitiesJSON(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	for _, tc := range []struct {
		query  string
		status int
		wantID int // a city the answer must list
	}{
		{"province=1", http.StatusOK, 1},
		{"province=2", http.StatusOK, 4391},
		{"province=999", http.StatusNotFound, 0},
		{"province=abc", http.StatusBadRequest, 0},
		{"", http.StatusBadRequest, 0},
	} {
		t.Run("query="+tc.query, func(t *testing.T) {
			resp, err := http.Get(s.URL + "/checkout/cities?" + tc.query)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.status != http.StatusOK {
				return
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q", ct)
			}
			var cities []struct {
				ID   int    `json:"id"`
				Name string `json:"name"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&cities); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, x := range cities {
				if x.Name == "" {
					t.Errorf("city %d has no name", x.ID)
				}
				found = found || x.ID == tc.wantID
			}
			if !found {
				t.Errorf("city %d missing from %d cities", tc.wantID, len(cities))
			}
		})
	}
}

func TestCheckoutQuoteFailure(t *testing.T) {
	for _, action := range []string{"quote", "place"} {
		t.Run(action, func(t *testing.T) {
			clock := apptest.NewClock()
			s := newFullShop(t, shopOptions{now: clock.Now})
			c := shopperWithBasket(t, s, "saffron-1m")
			for i := 1; i <= 3; i++ {
				s.Frotel.SetFault(i, sandbox.Fault{Status500: true})
			}
			r := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": action, "send": "pishtaz", "pay": "online"}))
			if r.Status != http.StatusOK {
				t.Fatalf("status %d, want 200 with the form\n%s", r.Status, r.Body)
			}
			msg, ok := r.Text("quote-error")
			if !ok || !persianLetters.MatchString(msg) {
				t.Fatalf("quote error %q (shown %v)", msg, ok)
			}
			if !r.Has("retry-quote") || r.Has("place-order") {
				t.Errorf("retry button %v, place button %v: want only the retry", r.Has("retry-quote"), r.Has("place-order"))
			}
			if got := r.Attr("field-first_name", "value"); got != "سارا" {
				t.Errorf("name %q not kept", got)
			}
			if got := s.Frotel.Calls("registerOrder"); got != 0 {
				t.Errorf("registerOrder called %d times", got)
			}
			if got, _ := c.Get("/cart").Text("cart-count"); got != "۱" {
				t.Errorf("basket count %q, want the product still there", got)
			}

			// Placing asked Frotel once, not twice (the quote is handed to Place), and the failure is remembered
			// for a few seconds: pressing again at once costs no second failover.
			if got := s.Frotel.Calls("getPrices"); got != 3 {
				t.Errorf("%d getPrices calls (one per mirror), want one failover", got)
			}
			r = c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": action, "send": "pishtaz", "pay": "online"}))
			if !r.Has("quote-error") || s.Frotel.Calls("getPrices") != 3 {
				t.Errorf("pressed again at once: error shown %v, %d getPrices calls", r.Has("quote-error"), s.Frotel.Calls("getPrices"))
			}
			s.Frotel.ClearFaults()
			clock.Add(11 * time.Second)
			r = c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "quote"}))
			if r.Status != http.StatusOK || !r.Has("quote-table") || r.Has("quote-error") {
				t.Errorf("after the mirrors recover: status %d, table %v, error %v", r.Status, r.Has("quote-table"), r.Has("quote-error"))
			}
		})
	}
}

func TestCheckoutMixedBasketBecomesSiblingOrders(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m", "ebook-cooking", "samovar-install")
	if r := c.Get("/checkout"); !r.Has("checkout-mixed") {
		t.Error("the checkout does not say the basket becomes several orders")
	}
	token := placeOnlineOrder(t, c)
	page := c.Get("/orders/" + token)
	if page.Status != http.StatusOK || !page.Has("siblings") {
		t.Fatalf("order page: status %d, siblings shown %v\n%s", page.Status, page.Has("siblings"), page.Body)
	}
	links := allWithTestid(page, "sibling-link")
	if len(links) != 2 {
		t.Fatalf("%d sibling links, want 2", len(links))
	}
	kinds := map[string]bool{}
	for _, l := range links {
		href := webtest.Attr(l, "href")
		if href == "/orders/"+token {
			t.Errorf("the order lists itself as a sibling")
		}
		o, err := s.Store.OrderByToken(context.Background(), strings.TrimPrefix(href, "/orders/"))
		if err != nil {
			t.Fatalf("sibling %s: %v", href, err)
		}
		kinds[string(o.Kind)] = true
		if sib := c.Get(href); sib.Status != http.StatusOK || len(allWithTestid(sib, "sibling-link")) != 2 {
			t.Errorf("sibling page %s: status %d, %d sibling links", href, sib.Status, len(allWithTestid(sib, "sibling-link")))
		}
	}
	first, err := s.Store.OrderByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	kinds[string(first.Kind)] = true
	if len(kinds) != 3 {
		t.Errorf("orders of kinds %v, want one each of physical, virtual and service", kinds)
	}
	if got, _ := c.Get("/cart").Text("cart-count"); got != "۰" {
		t.Errorf("basket count %q after placing, want empty", got)
	}
}

func TestPaymentCallbackRefused(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	token := placeOnlineOrder(t, c)
	back := bankReturnURL(t, c, token)
	q := back.Query()
	factor := func() string {
		o, err := s.Store.OrderByToken(context.Background(), token)
		if err != nil {
			t.Fatal(err)
		}
		return o.FactorID
	}()

	for _, tc := range []struct {
		name   string
		path   string
		status int
	}{
		{"unknown order", "/payment/callback/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?_i=1&sb=x", http.StatusNotFound},
		{"malformed token", "/payment/callback/nope?_i=1&sb=x", http.StatusNotFound},
		{"another factor", "/payment/callback/" + token + "?" + url.Values{"_i": {q.Get("_i")}, "sb": {q.Get("sb")},
			"factor": {factor + "9"}}.Encode(), http.StatusBadRequest},
		{"no payment id", "/payment/callback/" + token + "?sb=" + url.QueryEscape(q.Get("sb")), http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := webtest.NewClient(t, s.URL).Get(tc.path)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.Status, tc.status, r.Body)
			}
			heading, ok := r.Text("error-page")
			if !ok || !persianLetters.MatchString(heading) {
				t.Errorf("error page %q (shown %v), want a Persian page", heading, ok)
			}
			if got := orderStateOf(t, c, token); got != "awaiting_payment" {
				t.Errorf("order state %q after a refused callback, want awaiting_payment", got)
			}
			if got := s.Frotel.Calls("checkPay"); got != 0 {
				t.Errorf("checkPay called %d times for a refused callback", got)
			}
		})
	}

	// Refused callbacks must not use up the real one.
	if r := c.Get(back.RequestURI()); r.Status != http.StatusSeeOther {
		t.Fatalf("the genuine callback after refused ones: status %d", r.Status)
	}
	if got := orderStateOf(t, c, token); got != "paid" {
		t.Errorf("state %q after the genuine callback, want paid", got)
	}
}

func TestPaymentCallbackGETAndPOST(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			s := newFullShop(t, shopOptions{})
			c := shopperWithBasket(t, s, "saffron-1m")
			token := placeOnlineOrder(t, c)
			back := bankReturnURL(t, c, token)
			// The bank's return carries no CSRF token and, cross-site, no session cookie either.
			bank := webtest.NewClient(t, s.URL)
			var r webtest.Page
			if method == http.MethodGet {
				r = bank.Get(back.RequestURI())
			} else {
				r = bank.Post(back.Path, back.Query())
			}
			if r.Status != http.StatusSeeOther || r.Location != "/orders/"+token {
				t.Fatalf("status %d location %q, want 303 to the order\n%s", r.Status, r.Location, r.Body)
			}
			order := c.Follow(r)
			if got := order.Attr("order-state", "data-state"); got != "paid" {
				t.Fatalf("state %q, want paid", got)
			}
			if code, ok := order.Text("tracking-code"); !ok || code == "" {
				t.Error("no tracking code on the paid order")
			}
			if got := s.Frotel.Calls("checkPay"); got != s.PerPair {
				t.Errorf("checkPay called %d times, want %d", got, s.PerPair)
			}
		})
	}
}

func TestPaymentCallbackReplayedIsVerifiedOnce(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	token := placeOnlineOrder(t, c)
	back := bankReturnURL(t, c, token).RequestURI()
	for i := 1; i <= 2; i++ {
		r := c.Get(back)
		if r.Status != http.StatusSeeOther || r.Location != "/orders/"+token {
			t.Fatalf("callback %d: status %d location %q", i, r.Status, r.Location)
		}
	}
	if got := s.Frotel.Calls("checkPay"); got != s.PerPair {
		t.Errorf("checkPay called %d times for a replayed callback, want %d", got, s.PerPair)
	}
	if got := orderStateOf(t, c, token); got != "paid" {
		t.Errorf("state %q, want paid", got)
	}
}

func TestOrderPageAndRetry(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")

	for _, path := range []string{"/orders/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "/orders/nope"} {
		if r := c.Get(path); r.Status != http.StatusNotFound || !r.Has("error-page") {
			t.Errorf("%s: status %d, want the 404 page", path, r.Status)
		}
	}

	token := placeOnlineOrder(t, c)
	orderPath := "/orders/" + token
	r := c.Submit(orderPath, orderPath+"/retry", nil)
	if r.Status != http.StatusSeeOther || r.Location != orderPath {
		t.Fatalf("retry: status %d location %q", r.Status, r.Location)
	}
	page := c.Follow(r)
	if msg, ok := page.Text("flash"); !ok || !strings.Contains(page.Attr("flash", "class"), "flash-error") || !persianLetters.MatchString(msg) {
		t.Errorf("flash %q class %q, want a Persian error", msg, page.Attr("flash", "class"))
	}
	if got := page.Attr("order-state", "data-state"); got != "awaiting_payment" {
		t.Errorf("state %q after a refused retry, want awaiting_payment", got)
	}
	if got := s.Frotel.Calls("orderPay"); got != 0 {
		t.Errorf("orderPay called %d times for an order that is not payment_failed", got)
	}
	if r := c.Submit(orderPath, "/orders/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/retry", nil); r.Status != http.StatusNotFound {
		t.Errorf("retry of an unknown order: status %d, want 404", r.Status)
	}
}

func TestTrack(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	token := placeOnlineOrder(t, c)
	o, err := s.Store.OrderByToken(context.Background(), token)
	if err != nil || o.FactorID == "" {
		t.Fatalf("order %v, factor %q", err, o.FactorID)
	}
	for _, tc := range []struct {
		name           string
		factor, mobile string
		wantResult     bool
		wantError      bool
	}{
		{name: "empty form"},
		{name: "wrong mobile", factor: o.FactorID, mobile: "09351234567", wantError: true},
		{name: "unknown factor", factor: o.FactorID + "0", mobile: "09121234567", wantError: true},
		{name: "malformed mobile", factor: o.FactorID, mobile: "abc", wantError: true},
		{name: "exact", factor: o.FactorID, mobile: "09121234567", wantResult: true},
		{name: "Persian digits and +98", factor: iran.PersianDigits(o.FactorID), mobile: "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷", wantResult: true},
		{name: "grouped with dashes", factor: o.FactorID[:2] + "-" + o.FactorID[2:8] + "-" + o.FactorID[8:], mobile: "09121234567", wantResult: true},
		{name: "grouped in Persian digits with spaces", factor: iran.PersianDigits(o.FactorID[:2] + " " + o.FactorID[2:11] + " " + o.FactorID[11:]), mobile: "09121234567", wantResult: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := "/track"
			if tc.factor != "" || tc.mobile != "" {
				path += "?" + url.Values{"factor": {tc.factor}, "mobile": {tc.mobile}}.Encode()
			}
			r := c.Get(path)
			if r.Status != http.StatusOK || !r.Has("track-form") {
				t.Fatalf("status %d, form shown %v", r.Status, r.Has("track-form"))
			}
			if got := r.Has("track-error"); got != tc.wantError {
				msg, _ := r.Text("track-error")
				t.Errorf("error shown %v (%q), want %v", got, msg, tc.wantError)
			}
			if got := r.Has("track-result"); got != tc.wantResult {
				t.Fatalf("result shown %v, want %v", got, tc.wantResult)
			}
			if tc.wantResult {
				if status, _ := r.Text("track-status"); !persianLetters.MatchString(status) {
					t.Errorf("status %q, want Frotel's Persian label", status)
				}
			}
			if got := r.Attr("track-factor", "value"); got != tc.factor {
				t.Errorf("factor input %q, want the typed %q", got, tc.factor)
			}
		})
	}
}

func TestMarketerLinkCreditsOrders(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	for _, tc := range []struct {
		name string
		bz   string
		want int // the items' marketer; 0 = the product's own (saffron has none)
	}{
		{"marketer link", "12345", 12345},
		{"not a number", "12a", 0},
		{"negative", "-5", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := webtest.NewClient(t, s.URL)
			if r := c.Get("/?bz=" + url.QueryEscape(tc.bz)); r.Status != http.StatusOK {
				t.Fatalf("catalog: status %d", r.Status)
			}
			c.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}})
			token := placeOnlineOrder(t, c)
			o, err := s.Store.OrderByToken(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			if len(o.Items) == 0 {
				t.Fatal("order has no items")
			}
			for _, it := range o.Items {
				if it.MarketerID != tc.want {
					t.Errorf("item %s marketer %d, want %d", it.Name, it.MarketerID, tc.want)
				}
			}
			// The sandbox's OrderSnapshot/ItemSnapshot do not keep bazaryab, so what was sent to Frotel is
			// checked in the store (which records what registerOrder was given) rather than in the sandbox.
			if _, ok := s.Frotel.Order(o.FactorID); !ok {
				t.Errorf("factor %s not registered in the sandbox", o.FactorID)
			}
		})
	}
}

func TestTrackListsThisBrowsersRecentOrders(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := webtest.NewClient(t, s.URL)
	if c.Get("/track").Has("recent-orders") {
		t.Fatal("a new browser has no recent orders")
	}
	c.Submit("/", "/cart/add", url.Values{"code": {"ebook-cooking"}})
	c.Submit("/", "/cart/add", url.Values{"code": {"samovar-install"}})
	r := c.Submit("/checkout", "/checkout", buyer(map[string]string{"action": "place"}))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("place: %d\n%s", r.Status, r.Body)
	}
	page := c.Get("/track")
	text, _ := page.Text("recent-orders")
	if !strings.Contains(text, "کتاب الکترونیکی آشپزی") || !strings.Contains(text, "نصب و راه‌اندازی سماور") {
		t.Errorf("recent orders = %q, want both orders of the split basket", text)
	}
	if other := webtest.NewClient(t, s.URL); other.Get("/track").Has("recent-orders") {
		t.Error("another browser sees these orders")
	}
}

func TestQuoteNeedsOnlyTheDestination(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := webtest.NewClient(t, s.URL)
	c.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}})
	r := c.Submit("/checkout", "/checkout", url.Values{"action": {"quote"}, "province": {"5"}, "city": {"71"}, "mobile": {"0912"}})
	if r.Status != http.StatusOK || !r.Has("quote-table") {
		t.Fatalf("status %d, quote table %v", r.Status, r.Has("quote-table"))
	}
	if r.Has("error-first_name") || r.Has("error-address") {
		t.Error("fields the shopper has not reached yet are marked as errors")
	}
	if !r.Has("error-mobile") {
		t.Error("a mobile number typed wrong should be marked")
	}
	r = c.Submit("/checkout", "/checkout", url.Values{"action": {"place"}, "province": {"5"}, "city": {"71"}, "send": {"pishtaz"}, "pay": {"online"}})
	if r.Status != http.StatusUnprocessableEntity || !r.Has("error-first_name") {
		t.Errorf("placing with empty fields: status %d, error-first_name %v", r.Status, r.Has("error-first_name"))
	}
}

// TestCheckoutKeepsWhatWasTyped: the details submitted with any of the checkout's buttons are filled in again when
// the shopper goes back to the basket, changes a count and returns; once the order is placed they are gone.
func TestCheckoutKeepsWhatWasTyped(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := shopperWithBasket(t, s, "saffron-1m")
	if r := c.Submit("/checkout", "/checkout/quote", buyer(nil)); r.Status != http.StatusOK || !r.Has("quote-table") {
		t.Fatalf("quote: status %d", r.Status)
	}
	if r := c.Submit("/cart", "/cart/update", url.Values{"code": {"saffron-1m"}, "count": {"2"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("change the count: status %d", r.Status)
	}
	back := c.Get("/checkout")
	for field, want := range map[string]string{"first_name": "سارا", "last_name": "محمدی", "postal_code": "1434567891"} {
		if got := back.Attr("field-"+field, "value"); got != want {
			t.Errorf("%s = %q after the basket, want %q", field, got, want)
		}
	}
	if got, _ := back.Text("field-address"); !strings.Contains(got, "ولیعصر") {
		t.Errorf("address %q after the basket", got)
	}
	chosen := ""
	if sel := back.Find("field-city"); sel != nil {
		for _, o := range webtest.Elements(sel, "option") {
			for _, a := range o.Attr {
				if a.Key == "selected" {
					chosen = webtest.Attr(o, "value")
				}
			}
		}
	}
	if chosen != "1" {
		t.Errorf("city %q chosen after the basket, want 1", chosen)
	}
	placeOnlineOrder(t, c)
	c.Submit("/", "/cart/add", url.Values{"code": {"saffron-1m"}})
	if got := c.Get("/checkout").Attr("field-first_name", "value"); got != "" {
		t.Errorf("after placing, the form still has %q", got)
	}
}
