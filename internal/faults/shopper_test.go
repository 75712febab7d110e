package faults

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/net/html"
)

// shopper is a browser over plain HTTP: a cookie jar, no redirect following, each form posted after the page it
// is on was opened. Unlike a test helper it returns errors: a request cut off by a
// kill is part of the story.
type shopper struct {
	w      *world
	http   *http.Client
	mobile string
}

var shopperSeq atomic.Int64

// newShopper is a fresh browser with a mobile number no other shopper of the run has, so every order the shop
// and Frotel hold can be traced to its attempt.
func newShopper(w *world) *shopper {
	jar, _ := cookiejar.New(nil)
	n := shopperSeq.Add(1)
	return &shopper{w: w, mobile: fmt.Sprintf("0912%07d", 1000000+n), http: &http.Client{
		Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type page struct {
	status   int
	location string
	body     string
	doc      *html.Node
}

func (s *shopper) do(req *http.Request) (page, error) {
	resp, err := s.http.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return page{}, err
	}
	doc, _ := html.Parse(strings.NewReader(string(b)))
	return page{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(b), doc: doc}, nil
}

func (s *shopper) get(p string) (page, error) {
	req, err := http.NewRequest(http.MethodGet, s.w.absolute(p), nil)
	if err != nil {
		return page{}, err
	}
	return s.do(req)
}

func (s *shopper) post(p string, form url.Values) (page, error) {
	req, err := http.NewRequest(http.MethodPost, s.w.absolute(p), strings.NewReader(form.Encode()))
	if err != nil {
		return page{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(req)
}

// submit posts form to action with the CSRF token of the page at from.
func (s *shopper) submit(from, action string, form url.Values) (page, error) {
	p, err := s.get(from)
	if err != nil {
		return page{}, err
	}
	if p.status != http.StatusOK {
		return page{}, fmt.Errorf("%s: status %d", from, p.status)
	}
	return s.post(action, form) // shopper forms carry no token: the cross-origin check guards them
}

// buyer is the checkout form of this shopper, plus extra fields.
func (s *shopper) buyer(extra map[string]string) url.Values {
	v := url.Values{"first_name": {"سارا"}, "last_name": {"محمدی"}, "mobile": {s.mobile}, "phone": {""},
		"gender": {"female"}, "email": {""}, "province": {"1"}, "city": {"1"}, "postal_code": {"1434567891"},
		"address": {"تهران، خیابان ولیعصر، کوچه‌ی یاس، پلاک ۱۲، واحد ۳"}, "note": {"سپاس"}}
	for k, x := range extra {
		v.Set(k, x)
	}
	return v
}

// fill puts products in the basket and asks for the shipping quote (which the shop keeps for a while, so a
// fault switched on afterwards meets the register call first).
func (s *shopper) fill(codes ...string) error {
	for _, code := range codes {
		p, err := s.submit("/", "/cart/add", url.Values{"code": {code}})
		if err != nil {
			return err
		}
		if p.status != http.StatusSeeOther {
			return fmt.Errorf("add %s: status %d", code, p.status)
		}
	}
	p, err := s.submit("/checkout", "/checkout", s.buyer(map[string]string{"action": "quote"}))
	if err != nil {
		return err
	}
	if p.status != http.StatusOK || !p.has("quote-table") {
		return fmt.Errorf("quote: status %d", p.status)
	}
	return nil
}

// place submits the checkout; token is the order page's token when the shop showed one.
func (s *shopper) place(pay string) (token string, p page, err error) {
	p, err = s.submit("/checkout", "/checkout", s.buyer(map[string]string{"action": "place", "send": "pishtaz", "pay": pay}))
	if err != nil {
		return "", p, err
	}
	if p.status == http.StatusSeeOther && strings.HasPrefix(p.location, "/orders/") {
		return strings.TrimPrefix(p.location, "/orders/"), p, nil
	}
	return "", p, nil
}

// state reads the order page's state.
func (s *shopper) state(token string) string {
	p, err := s.get("/orders/" + token)
	if err != nil {
		return "unreachable"
	}
	return p.attr("order-state", "data-state")
}

// payAtBank starts a payment with bank 1, follows the shop's redirect form to the sandbox bank and presses pay;
// it returns where the bank sends the shopper back (the callback URL with _i and sb), not yet visited.
func (s *shopper) payAtBank(token string) (*url.URL, error) {
	orderPath := "/orders/" + token
	p, err := s.submit(orderPath, orderPath+"/pay", url.Values{"bank": {"1"}})
	if err == nil && p.status == http.StatusSeeOther {
		p, err = s.get(p.location) // the bank step is a page of ours reached by GET
	}
	if err != nil {
		return nil, err
	}
	form := p.find("bank-redirect-form")
	if p.status != http.StatusOK || form == nil {
		return nil, fmt.Errorf("pay: status %d, no bank form", p.status)
	}
	fields := url.Values{}
	for _, in := range elements(form, "input") {
		if attr(in, "type") == "hidden" {
			fields.Add(attr(in, "name"), attr(in, "value"))
		}
	}
	fields.Set("action", "pay")
	bank, err := s.post(attr(form, "action"), fields)
	if err != nil {
		return nil, err
	}
	loc, err := url.Parse(bank.location)
	if bank.status != http.StatusSeeOther || err != nil || loc.Query().Get("_i") == "" {
		return nil, fmt.Errorf("bank: status %d location %q", bank.status, bank.location)
	}
	return loc, nil
}

// callback visits a callback URL as the bank's redirect would.
func (s *shopper) callback(u *url.URL) (page, error) { return s.get(u.String()) }

func (p page) has(id string) bool { return p.find(id) != nil }

func (p page) attr(id, name string) string {
	if n := p.find(id); n != nil {
		return attr(n, name)
	}
	return ""
}

func (p page) find(id string) *html.Node {
	var found *html.Node
	walk(p.doc, func(n *html.Node) {
		if found == nil && n.Type == html.ElementNode && attr(n, "data-testid") == id {
			found = n
		}
	})
	return found
}

func elements(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	walk(n, func(c *html.Node) {
		if c.Type == html.ElementNode && c.Data == tag {
			out = append(out, c)
		}
	})
	return out
}

func walk(n *html.Node, visit func(*html.Node)) {
	if n == nil {
		return
	}
	visit(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}
