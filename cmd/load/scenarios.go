package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
)

// The shop's form fields and page markers in one place: the checkout form is being reworked, and a renamed field
// should be a one-line change here.
const (
	fieldCSRF       = "_csrf"
	fieldCode       = "code"
	fieldAction     = "action"
	actionQuote     = "quote"
	actionPlace     = "place"
	fieldSend       = "send"
	sendPost        = "pishtaz"
	fieldPay        = "pay"
	payOnline       = "online"
	fieldBank       = "bank"
	firstBank       = "1"
	bankPayAction   = "pay"
	productCode     = "saffron-1m"
	quoteTable      = "quote-table"
	bankForm        = "bank-redirect-form"
	orderStateAttr  = `data-testid="order-state"`
	callbackPrefix  = "/payment/callback/"
	orderPathPrefix = "/orders/"
)

// basketCodes go into the basket page's basket: one product of each kind.
var basketCodes = []string{"saffron-1m", "ebook-cooking", "samovar-install"}

// buyers numbers the load's shoppers: each checkout is a different buyer (mobile), as on a real busy day. With one
// mobile for all, the shop would rightly hold back a second checkout of the same basket while the first is still
// being registered.
var buyers atomic.Int64

// buyer is a complete, valid buyer for a physical order in Tehran.
func buyer() url.Values {
	mobile := fmt.Sprintf("0912%07d", buyers.Add(1)%10_000_000)
	return url.Values{"first_name": {"سارا"}, "last_name": {"محمدی"}, "mobile": {mobile}, "gender": {"female"},
		"address": {"تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲، واحد ۳"}, "postal_code": {"1434567891"},
		"province": {"1"}, "city": {"1"}, "note": {"سپاس"}}
}

func bareScenario() scenario {
	return scenario{name: "bare", iter: func(ctx context.Context, c *client) error {
		_, err := c.get(ctx, "/", http.StatusOK)
		return err
	}}
}

func shopScenarios() []scenario {
	getPage := func(path string) func(context.Context, *client) error {
		return func(ctx context.Context, c *client) error {
			_, err := c.get(ctx, path, http.StatusOK)
			return err
		}
	}
	product := "/p/" + productCode
	return []scenario{
		{name: "catalog GET / first visit", setup: firstVisit, iter: getPage("/"), page: "/"},
		{name: "catalog GET / returning", setup: returning, iter: getPage("/"), page: "/"},
		{name: "product GET " + product + " first", setup: firstVisit, iter: getPage(product), page: product},
		{name: "product GET " + product + " return", setup: returning, iter: getPage(product), page: product},
		{name: "add to basket POST", setup: setupAdd, iter: iterAdd},
		{name: "basket GET /cart (3 lines)", setup: fillBasket(basketCodes...), iter: getPage("/cart")},
		{name: "checkout shipping quote", setup: setupQuote, iter: iterQuote},
		{name: "order: basket→registered", iter: iterOrder},
		{name: "order+pay: callback→paid", iter: iterPay},
	}
}

// firstVisit makes the client a new visitor at every request: it sends no cookie and keeps none.
func firstVisit(_ context.Context, c *client) error {
	c.forgetCookies()
	return nil
}

// returning makes the client a shopper who came back with something in the session: one line in the basket.
func returning(ctx context.Context, c *client) error {
	if err := fillBasket(productCode)(ctx, c); err != nil {
		return err
	}
	if c.cookieHeader() == "" {
		return errors.New("returning visitor: no session cookie after adding to the basket")
	}
	return nil
}

// sameBytes is sc's page as the same-bytes server answers it: sc's setup is run once against the shop, the
// shop's answer to the page is captured and registered with that server, and the scenario's clients send the
// same request (the captured cookie, or none) to it.
func sameBytes(ctx context.Context, shop, same *proc, sc scenario) (scenario, error) {
	tr := transport(1)
	defer tr.CloseIdleConnections()
	c := newClient(shop.url, tr, 0)
	if sc.setup != nil {
		if err := sc.setup(ctx, c); err != nil {
			return scenario{}, err
		}
	}
	cookie := c.cookieHeader()
	p, err := c.get(ctx, sc.page, http.StatusOK)
	if err != nil {
		return scenario{}, err
	}
	if !p.gzipped {
		return scenario{}, fmt.Errorf("%s: the shop did not gzip the page", sc.page)
	}
	if err := same.register(ctx, replayed{Path: sc.page, Cookie: cookie != "", Status: p.status, Header: p.header, Body: p.raw}); err != nil {
		return scenario{}, err
	}
	return scenario{name: sc.name + " (same bytes)",
		setup: func(_ context.Context, c *client) error { c.forgetCookies(); c.cookie = cookie; return nil },
		iter: func(ctx context.Context, c *client) error {
			r, err := c.get(ctx, sc.page, p.status)
			if err == nil && len(r.raw) != len(p.raw) {
				err = fmt.Errorf("same bytes %s: %d bytes, want %d", sc.page, len(r.raw), len(p.raw))
			}
			return err
		}}, nil
}

// addState is what a client keeps between add-to-basket iterations: the token of the product page it has open
// and the session cookie of a basket with one line, sent again each time so the basket never fills up.
var addState sync.Map // *client -> url.Values{token}

func setupAdd(ctx context.Context, c *client) error {
	p, err := c.get(ctx, "/p/"+productCode, http.StatusOK)
	if err != nil {
		return err
	}
	addState.Store(c, p.csrf())
	return nil
}

func iterAdd(ctx context.Context, c *client) error {
	tok, _ := addState.Load(c)
	u, _ := url.Parse(c.base)
	cookies := c.http.Jar.Cookies(u)
	_, err := c.post(ctx, "/cart/add", tok.(string), url.Values{fieldCode: {basketCodes[c.id%len(basketCodes)]}}, http.StatusSeeOther)
	// The same basket again next time: drop the cookie the answer set. A shop that set no cookie on the product
	// page left the jar empty before, and an empty jar is a new one.
	if len(cookies) == 0 {
		c.resetCookies()
	} else {
		c.http.Jar.SetCookies(u, cookies)
	}
	return err
}

func fillBasket(codes ...string) func(context.Context, *client) error {
	return func(ctx context.Context, c *client) error {
		for _, code := range codes {
			if _, err := c.submit(ctx, "/", "/cart/add", url.Values{fieldCode: {code}}, http.StatusSeeOther); err != nil {
				return err
			}
		}
		return nil
	}
}

var quoteToken sync.Map // *client -> the checkout page's CSRF token

func setupQuote(ctx context.Context, c *client) error {
	if err := fillBasket(productCode)(ctx, c); err != nil {
		return err
	}
	p, err := c.get(ctx, "/checkout", http.StatusOK)
	if err != nil {
		return err
	}
	quoteToken.Store(c, p.csrf())
	return nil
}

// iterQuote presses "shipping cost" on the filled checkout form.
func iterQuote(ctx context.Context, c *client) error {
	tok, _ := quoteToken.Load(c)
	form := buyer()
	form.Set(fieldAction, actionQuote)
	p, err := c.post(ctx, "/checkout", tok.(string), form, http.StatusOK)
	if err == nil && !p.has(quoteTable) {
		err = errors.New("quote: no shipping table on the page")
	}
	return err
}

// iterOrder is a new shopper's whole order: catalog, add, basket, checkout form, quote, place, the order page.
func iterOrder(ctx context.Context, c *client) error {
	_, err := placeOrder(ctx, c)
	return err
}

func placeOrder(ctx context.Context, c *client) (string, error) {
	c.resetCookies()
	if err := fillBasket(productCode)(ctx, c); err != nil {
		return "", err
	}
	if _, err := c.get(ctx, "/cart", http.StatusOK); err != nil {
		return "", err
	}
	form := buyer()
	form.Set(fieldAction, actionQuote)
	q, err := c.submit(ctx, "/checkout", "/checkout", form, http.StatusOK)
	if err != nil {
		return "", err
	}
	form.Set(fieldAction, actionPlace)
	form.Set(fieldSend, sendPost)
	form.Set(fieldPay, payOnline)
	r, err := c.post(ctx, "/checkout", q.csrf(), form, http.StatusSeeOther)
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(r.location, orderPathPrefix) {
		return "", fmt.Errorf("place: redirected to %q", r.location)
	}
	o, err := c.get(ctx, r.location, http.StatusOK)
	if err == nil && !strings.Contains(o.text(), orderStateAttr) {
		err = errors.New("order page without its state")
	}
	return strings.TrimPrefix(r.location, orderPathPrefix), err
}

// iterPay is a whole order (placeOrder) and then its payment: pay on the order page, the bank's page, the bank's
// redirect to the callback (verified with checkPay) and the order page showing it paid. Each payment needs a fresh
// order, so the row's figures cover both; the order row above tells the payment's share.
func iterPay(ctx context.Context, c *client) error {
	token, err := placeOrder(ctx, c)
	if err != nil {
		return err
	}
	orderPath := orderPathPrefix + token
	pay, err := c.submit(ctx, orderPath, orderPath+"/pay", url.Values{fieldBank: {firstBank}}, http.StatusOK)
	if err != nil {
		return err
	}
	action, fields, ok := pay.form(bankForm)
	if !ok {
		return errors.New("pay: no bank redirect form")
	}
	fields.Set(fieldAction, bankPayAction)
	bank, err := c.do(ctx, http.MethodPost, action, fields)
	if err != nil {
		return err
	}
	if bank.status != http.StatusSeeOther || !strings.Contains(bank.location, callbackPrefix+token) {
		return fmt.Errorf("bank: status %d location %q", bank.status, bank.location)
	}
	cb, err := c.get(ctx, bank.location, http.StatusSeeOther)
	if err != nil {
		return err
	}
	o, err := c.get(ctx, cb.location, http.StatusOK)
	if err == nil && !strings.Contains(o.text(), `data-state="paid"`) {
		err = errors.New("callback: the order is not paid")
	}
	return err
}

// activeSessions makes n shoppers with a basket each (catalog, add, basket), conns at a time, and reports how
// many succeeded.
func activeSessions(ctx context.Context, base string, n, conns int) (int, error) {
	tr := transport(conns)
	defer tr.CloseIdleConnections()
	var (
		mu    sync.Mutex
		done  int
		first error
		wg    sync.WaitGroup
		next  = make(chan int)
	)
	for range conns {
		wg.Go(func() {
			for i := range next {
				c := newClient(base, tr, i)
				err := fillBasket(basketCodes[i%len(basketCodes)])(ctx, c)
				if err == nil {
					_, err = c.get(ctx, "/cart", http.StatusOK)
				}
				mu.Lock()
				if err == nil {
					done++
				} else if first == nil {
					first = err
				}
				mu.Unlock()
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return done, first
}
