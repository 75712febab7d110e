package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// client is one shopper: a cookie jar and a connection from the shared pool; it follows no redirect by itself,
// so each step's status is checked.
type client struct {
	base string
	http *http.Client
	id   int
	// cookie, when set, is sent as the Cookie header of every request (the same-bytes server's returning visitor,
	// who has no jar for it).
	cookie string
}

func newClient(base string, tr *http.Transport, id int) *client {
	jar, _ := cookiejar.New(nil)
	return &client{base: base, id: id, http: &http.Client{Transport: tr, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// resetCookies forgets the shopper: the next request starts a new session.
func (c *client) resetCookies() {
	jar, _ := cookiejar.New(nil)
	c.http.Jar = jar
}

// forgetCookies makes the client a first visitor for good: it sends no cookie and keeps none it is given.
func (c *client) forgetCookies() { c.http.Jar = nil }

// cookieHeader is the Cookie header the client's jar sends to the shop.
func (c *client) cookieHeader() string {
	if c.http.Jar == nil {
		return ""
	}
	u, _ := url.Parse(c.base)
	var parts []string
	for _, k := range c.http.Jar.Cookies(u) {
		parts = append(parts, k.Name+"="+k.Value)
	}
	return strings.Join(parts, "; ")
}

// page is an answer as it came: a gzipped body stays gzipped until the load reads it (a token, a form, a marker).
// Pages only fetched are never inflated, as a load generator should: inflating a 13 KB catalog page in Go cost the
// load program about as much CPU as the shop spent making it, on the same two cores.
type page struct {
	status   int
	location string
	raw      []byte
	gzipped  bool
	header   http.Header // every header of the answer as it came (Content-Length and Transfer-Encoding put back)
}

// text is the page's HTML, inflated if it came gzipped; an unreadable body reads as empty, which fails the check
// that asked for it.
func (p page) text() string {
	if !p.gzipped {
		return string(p.raw)
	}
	zr, err := gzip.NewReader(bytes.NewReader(p.raw))
	if err != nil {
		return ""
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return ""
	}
	return string(b)
}

func (c *client) do(ctx context.Context, method, target string, form url.Values) (page, error) {
	if !strings.HasPrefix(target, "http") {
		target = c.base + target
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return page{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Encoding", "gzip") // as a browser; the transport leaves the body as it comes (transport())
	if method != http.MethodGet {
		// As a browser says of a form of the shop's own page; net/http's CrossOriginProtection reads it.
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if c.cookie != "" {
		req.Header.Set("Cookie", c.cookie)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return page{}, err
	}
	h := resp.Header.Clone()
	// The client moves these two out of the header; the same-bytes server must send them as the shop did.
	if len(resp.TransferEncoding) > 0 {
		h["Transfer-Encoding"] = resp.TransferEncoding
	} else if resp.ContentLength >= 0 && h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.FormatInt(resp.ContentLength, 10))
	}
	return page{status: resp.StatusCode, location: resp.Header.Get("Location"), raw: b,
		gzipped: resp.Header.Get("Content-Encoding") == "gzip", header: h}, nil
}

// get fetches path and wants status want.
func (c *client) get(ctx context.Context, path string, want int) (page, error) {
	p, err := c.do(ctx, http.MethodGet, path, nil)
	if err == nil && p.status != want {
		err = fmt.Errorf("GET %s: status %d, want %d", path, p.status, want)
	}
	return p, err
}

// submit posts form from the page `from` (fetched first, as the browser has it open, with the CSRF token it
// carries, if any), and wants status want.
func (c *client) submit(ctx context.Context, from, path string, form url.Values, want int) (page, error) {
	src, err := c.get(ctx, from, http.StatusOK)
	if err != nil {
		return page{}, err
	}
	return c.post(ctx, path, src.csrf(), form, want)
}

// post sends form with the CSRF token of the page it came from. Shopper pages carry none since the shop checks
// where a form comes from (Sec-Fetch-Site) instead; an empty token is then left out.
func (c *client) post(ctx context.Context, path, token string, form url.Values, want int) (page, error) {
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if token != "" {
		f.Set(fieldCSRF, token)
	}
	p, err := c.do(ctx, http.MethodPost, path, f)
	if err == nil && p.status != want {
		err = fmt.Errorf("POST %s: status %d, want %d", path, p.status, want)
	}
	return p, err
}

// csrf is the value of the first _csrf input on the page.
func (p page) csrf() string {
	form := p.find(func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == fieldCSRF })
	return attr(form, "value")
}

// form returns the action and hidden inputs of the form with data-testid=id.
func (p page) form(id string) (action string, fields url.Values, ok bool) {
	f := p.find(func(n *html.Node) bool { return n.Data == "form" && attr(n, "data-testid") == id })
	if f == nil {
		return "", nil, false
	}
	fields = url.Values{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "input" && attr(n, "type") == "hidden" {
			fields.Add(attr(n, "name"), attr(n, "value"))
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(f)
	return attr(f, "action"), fields, true
}

func (p page) has(testid string) bool {
	return strings.Contains(p.text(), `data-testid="`+testid+`"`)
}

func (p page) find(match func(*html.Node) bool) *html.Node {
	doc, err := html.Parse(strings.NewReader(p.text()))
	if err != nil {
		return nil
	}
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && match(n) {
			found = n
			return
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	return found
}

func attr(n *html.Node, name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}
