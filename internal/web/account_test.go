package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"shop/internal/app/apptest"
	"shop/internal/checkout"
	"shop/internal/web/webtest"
)

const accountMobile = "09121234567" // webtest.Buyer's mobile, normalised

// postRaw posts a form as the shop's own page would and returns the response itself (its cookies).
func postRaw(t *testing.T, c *webtest.Client, path string, form url.Values) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.Base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func getRaw(t *testing.T, c *webtest.Client, path string) *http.Response {
	t.Helper()
	resp, err := c.HTTP.Get(c.Base + path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func codeOf(t *testing.T, s *apptest.Shop, mobile string) string {
	t.Helper()
	code, ok := s.Codes.LastCode(mobile)
	if !ok {
		t.Fatalf("no code was sent to %s", mobile)
	}
	return code
}

// wrongCode is a five-digit code other than code.
func wrongCode(code string) string {
	if code == "00000" {
		return "11111"
	}
	return "00000"
}

// signInByCode signs a fresh browser in for mobile through /account and returns it.
func signInByCode(t *testing.T, s *apptest.Shop, mobile string) *webtest.Client {
	t.Helper()
	c := webtest.NewClient(t, s.URL)
	if r := c.Post("/account", url.Values{"mobile": {mobile}}); r.Status != http.StatusOK || !r.Has("account-code-form") {
		t.Fatalf("send code: status %d\n%s", r.Status, r.Body)
	}
	r := c.Post("/account/code", url.Values{"mobile": {mobile}, "code": {codeOf(t, s, mobile)}})
	if r.Status != http.StatusSeeOther || r.Location != "/account/orders" {
		t.Fatalf("right code: status %d location %q\n%s", r.Status, r.Location, r.Body)
	}
	return c
}

func TestAccountSignInListsOnlyThatMobilesOrders(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock()
	s := apptest.New(t, apptest.Options{Now: clock.Now})
	mine := webtest.PlaceOnlineOrder(t, webtest.ShopperWithBasket(t, s.URL, "saffron-1m"))
	other := webtest.ShopperWithBasket(t, s.URL, "lahijan-tea-500")
	r := other.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": "online", "mobile": "09350000000"}))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("other's order: %d\n%s", r.Status, r.Body)
	}
	theirs := strings.TrimPrefix(r.Location, "/orders/")

	c := webtest.NewClient(t, s.URL)
	// An anonymous visit to the form and the code's request set no cookie.
	if resp := getRaw(t, c, "/account"); resp.StatusCode != http.StatusOK || len(resp.Cookies()) != 0 {
		t.Fatalf("GET /account: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	if resp := getRaw(t, c, "/account/orders"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account" {
		t.Fatalf("orders before sign-in: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp := postRaw(t, c, "/account", url.Values{"mobile": {"+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷"}})
	page := webtest.Read(t, resp)
	if resp.StatusCode != http.StatusOK || len(resp.Cookies()) != 0 || !page.Has("account-code-form") ||
		page.Attr("account-code-form", "action") != "/account/code" || !strings.Contains(page.Body, `value="`+accountMobile+`"`) {
		t.Fatalf("code step: %d, cookies %v\n%s", resp.StatusCode, resp.Cookies(), page.Body)
	}
	code := codeOf(t, s, accountMobile)
	// A wrong code says how many tries are left and signs nobody in.
	wrong := c.Post("/account/code", url.Values{"mobile": {accountMobile}, "code": {wrongCode(code)}})
	if msg, _ := wrong.Text("account-error"); wrong.Status != http.StatusUnprocessableEntity || !strings.Contains(msg, "۲ بار") {
		t.Fatalf("wrong code: %d %q", wrong.Status, msg)
	}
	// The right one, typed in Persian digits, signs this browser in for 30 days.
	persian := strings.Map(func(r rune) rune { return '۰' + (r - '0') }, code)
	resp = postRaw(t, c, "/account/code", url.Values{"mobile": {accountMobile}, "code": {persian}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/orders" {
		t.Fatalf("right code: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "shop_session" {
			session = ck
		}
	}
	if session == nil || session.MaxAge != 30*24*3600 || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("the session cookie after sign-in: %+v", session)
	}
	list := c.Get("/account/orders")
	links := list.FindAll("account-order-link")
	if list.Status != http.StatusOK || len(links) != 1 || webtest.Attr(links[0], "href") != "/orders/"+mine ||
		strings.Contains(list.Body, theirs) {
		t.Fatalf("my orders: %d, %d links\n%s", list.Status, len(links), list.Body)
	}
	o, _ := s.Store.OrderByToken(context.Background(), mine)
	state, _ := list.Text("account-order-state")
	date, _ := list.Text("account-order-date")
	amount, _ := list.Text("account-order-amount")
	factor, _ := list.Text("account-order-factor")
	if state != o.State.Label() || !strings.Contains(date, "۱۴") || !strings.Contains(amount, "تومان") || factor == "" {
		t.Fatalf("row: state %q date %q amount %q factor %q", state, date, amount, factor)
	}
	if r := c.Get("/account"); r.Status != http.StatusSeeOther || r.Location != "/account/orders" {
		t.Fatalf("/account when signed in: %d %q", r.Status, r.Location)
	}
	// 29 days on it still holds; past 30 days it does not, however often the cookie was rewritten.
	clock.Add(29 * 24 * time.Hour)
	if r := c.Get("/account/orders"); r.Status != http.StatusOK {
		t.Fatalf("after 29 days: %d", r.Status)
	}
	clock.Add(24*time.Hour + time.Minute)
	if r := c.Get("/account/orders"); r.Status != http.StatusSeeOther || r.Location != "/account" {
		t.Fatalf("after 30 days: %d %q", r.Status, r.Location)
	}
}

func TestAccountSignOut(t *testing.T) {
	t.Parallel()
	s := apptest.New(t, apptest.Options{})
	c := signInByCode(t, s, accountMobile)
	if r := c.Get("/account/orders"); r.Status != http.StatusOK || !r.Has("account-no-orders") || !r.Has("account-logout") {
		t.Fatalf("signed in: %d\n%s", r.Status, r.Body)
	}
	r := c.Post("/account/logout", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/account" {
		t.Fatalf("sign out: %d %q", r.Status, r.Location)
	}
	if r := c.Get("/account/orders"); r.Status != http.StatusSeeOther || r.Location != "/account" {
		t.Fatalf("orders after sign out: %d %q", r.Status, r.Location)
	}
	if r := c.Get("/account"); r.Status != http.StatusOK || !r.Has("account-mobile-form") {
		t.Fatalf("/account after sign out: %d", r.Status)
	}
}

func TestAccountCodeRefusals(t *testing.T) {
	t.Parallel()
	t.Run("three wrong tries need a new code", func(t *testing.T) {
		t.Parallel()
		s := apptest.New(t, apptest.Options{})
		c := webtest.NewClient(t, s.URL)
		c.Post("/account", url.Values{"mobile": {accountMobile}})
		code := codeOf(t, s, accountMobile)
		for range 2 {
			if r := c.Post("/account/code", url.Values{"mobile": {accountMobile}, "code": {wrongCode(code)}}); r.Status != http.StatusUnprocessableEntity || !r.Has("account-code-form") {
				t.Fatalf("wrong: %d", r.Status)
			}
		}
		r := c.Post("/account/code", url.Values{"mobile": {accountMobile}, "code": {wrongCode(code)}})
		if r.Status != http.StatusUnprocessableEntity || r.Has("account-code-form") || !r.Has("account-resend") {
			t.Fatalf("third wrong: %d\n%s", r.Status, r.Body)
		}
		if r := c.Post("/account/code", url.Values{"mobile": {accountMobile}, "code": {code}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("the right code after three wrong tries: %d", r.Status)
		}
		// A new code works.
		c.Post("/account", url.Values{"mobile": {accountMobile}})
		if r := c.Post("/account/code", url.Values{"mobile": {accountMobile}, "code": {codeOf(t, s, accountMobile)}}); r.Status != http.StatusSeeOther {
			t.Fatalf("a new code: %d", r.Status)
		}
	})
	t.Run("expired", func(t *testing.T) {
		t.Parallel()
		clock := apptest.NewClock()
		s := apptest.New(t, apptest.Options{Now: clock.Now})
		c := webtest.NewClient(t, s.URL)
		c.Post("/account", url.Values{"mobile": {accountMobile}})
		clock.Add(2*time.Minute + time.Second)
		r := c.Post("/account/code", url.Values{"mobile": {accountMobile}, "code": {codeOf(t, s, accountMobile)}})
		if msg, _ := r.Text("account-error"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(msg, "کد تازه") {
			t.Fatalf("expired: %d %q", r.Status, msg)
		}
	})
	t.Run("malformed fields spend no try", func(t *testing.T) {
		t.Parallel()
		s := apptest.New(t, apptest.Options{})
		c := webtest.NewClient(t, s.URL)
		if r := c.Post("/account", url.Values{"mobile": {"12345"}}); r.Status != http.StatusUnprocessableEntity || !r.Has("account-error") {
			t.Fatalf("bad mobile: %d", r.Status)
		}
		c.Post("/account", url.Values{"mobile": {accountMobile}})
		for _, bad := range []string{"", "1234", "123456", "12a45"} {
			if r := c.Post("/account/code", url.Values{"mobile": {accountMobile}, "code": {bad}}); r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("code %q: %d", bad, r.Status)
			}
		}
		if r := c.Post("/account/code", url.Values{"mobile": {accountMobile}, "code": {codeOf(t, s, accountMobile)}}); r.Status != http.StatusSeeOther {
			t.Fatalf("the right code after malformed ones: %d", r.Status)
		}
	})
	t.Run("five codes an hour per mobile", func(t *testing.T) {
		t.Parallel()
		s := apptest.New(t, apptest.Options{})
		for i := range 5 {
			// Each from a browser of its own: the bound is the mobile's, not the browser's.
			if r := webtest.NewClient(t, s.URL).Post("/account", url.Values{"mobile": {accountMobile}}); r.Status != http.StatusOK {
				t.Fatalf("code %d: %d", i, r.Status)
			}
		}
		r := webtest.NewClient(t, s.URL).Post("/account", url.Values{"mobile": {"0912 123 4567"}})
		if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "کمی بعد") || len(s.Codes.Sent()) != 5 {
			t.Fatalf("sixth code: %d, %d sent\n%s", r.Status, len(s.Codes.Sent()), r.Body)
		}
	})
	t.Run("per address", func(t *testing.T) {
		t.Parallel()
		s := apptest.New(t, apptest.Options{Env: map[string]string{"SHOP_RATE_ACCOUNT": "3/1m"}})
		c := webtest.NewClient(t, s.URL)
		for i, m := range []string{"09120000001", "09120000002", "09120000003"} {
			if r := c.Post("/account", url.Values{"mobile": {m}}); r.Status != http.StatusOK {
				t.Fatalf("request %d: %d", i, r.Status)
			}
		}
		r := c.Post("/account/code", url.Values{"mobile": {"09120000001"}, "code": {codeOf(t, s, "09120000001")}})
		if r.Status != http.StatusTooManyRequests {
			t.Fatalf("fourth request from one address: %d", r.Status)
		}
	})
}

// With SMS on, a cash-on-delivery order waits for the mobile's code: nothing reaches Frotel until it is typed on
// the order page; the right code sends it once and signs the browser in, so its next COD order needs no code.
func TestCODOrderConfirmedByCode(t *testing.T) {
	t.Parallel()
	s := apptest.New(t, apptest.Options{CODByCode: true})
	shopper := webtest.ShopperWithBasket(t, s.URL, "saffron-1m")
	r := shopper.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "sefareshi", "pay": "cod"}))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/orders/") {
		t.Fatalf("place: %d %q\n%s", r.Status, r.Location, r.Body)
	}
	token := strings.TrimPrefix(r.Location, "/orders/")
	page := shopper.Follow(r)
	if !page.Has("awaiting-code") || !page.Has("order-code-form") || len(s.Frotel.Orders()) != 0 {
		t.Fatalf("order page: %d Frotel orders\n%s", len(s.Frotel.Orders()), page.Body)
	}
	code := codeOf(t, s, accountMobile)
	r = shopper.Post("/orders/"+token+"/confirm", url.Values{"code": {wrongCode(code)}})
	page = shopper.Follow(r)
	if flash, _ := page.Text("flash"); !strings.Contains(flash, "کد درست نیست") || !page.Has("order-code-form") || len(s.Frotel.Orders()) != 0 {
		t.Fatalf("wrong code: flash %q", flash)
	}
	r = shopper.Post("/orders/"+token+"/confirm", url.Values{"code": {code}})
	if r.Status != http.StatusSeeOther || r.Location != "/orders/"+token {
		t.Fatalf("confirm: %d %q", r.Status, r.Location)
	}
	o, _ := s.Store.OrderByToken(context.Background(), token)
	if o.State != checkout.StateRegistered || len(s.Frotel.Orders()) != 1 {
		t.Fatalf("after the code: %s, %d Frotel orders", o.State, len(s.Frotel.Orders()))
	}
	if r := shopper.Post("/orders/"+token+"/confirm", url.Values{"code": {code}}); r.Status != http.StatusSeeOther || len(s.Frotel.Orders()) != 1 {
		t.Fatalf("a second confirm: %d, %d Frotel orders", r.Status, len(s.Frotel.Orders()))
	}
	// Signed in by the confirmation: the next COD order goes straight to Frotel, no new code.
	if r := shopper.Get("/account/orders"); r.Status != http.StatusOK || len(r.FindAll("account-order")) != 1 {
		t.Fatalf("my orders after confirming: %d", r.Status)
	}
	sent := len(s.Codes.Sent())
	if r := shopper.Submit("/", "/cart/add", url.Values{"code": {"lahijan-tea-500"}}); r.Status != http.StatusSeeOther {
		t.Fatal(r.Status)
	}
	r = shopper.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "sefareshi", "pay": "cod"}))
	second, _ := s.Store.OrderByToken(context.Background(), strings.TrimPrefix(r.Location, "/orders/"))
	if second == nil || second.State != checkout.StateRegistered || len(s.Codes.Sent()) != sent {
		t.Fatalf("second COD order of a signed-in mobile: %+v, %d codes sent after %d", second, len(s.Codes.Sent()), sent)
	}
}

// A shopper who never types the code can ask for a new one; the order waits meanwhile.
func TestCODOrderCodeResend(t *testing.T) {
	t.Parallel()
	s := apptest.New(t, apptest.Options{CODByCode: true})
	shopper := webtest.ShopperWithBasket(t, s.URL, "saffron-1m")
	r := shopper.Submit("/checkout", "/checkout", webtest.Buyer(map[string]string{"action": "place", "send": "sefareshi", "pay": "cod"}))
	token := strings.TrimPrefix(r.Location, "/orders/")
	first := codeOf(t, s, accountMobile)
	if r := shopper.Post("/orders/"+token+"/code", nil); r.Status != http.StatusSeeOther || len(s.Codes.Sent()) != 2 {
		t.Fatalf("resend: %d, %d codes", r.Status, len(s.Codes.Sent()))
	}
	second := codeOf(t, s, accountMobile)
	if first != second {
		// The newest code is the one that counts.
		if r := shopper.Post("/orders/"+token+"/confirm", url.Values{"code": {first}}); len(s.Frotel.Orders()) != 0 || r.Status != http.StatusSeeOther {
			t.Fatalf("the older code released the order")
		}
	}
	shopper.Post("/orders/"+token+"/confirm", url.Values{"code": {second}})
	if o, _ := s.Store.OrderByToken(context.Background(), token); o.State != checkout.StateRegistered {
		t.Fatalf("after the new code: %s", o.State)
	}
}
