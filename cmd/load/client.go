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
	"strings"

	"golang.org/x/net/html"
)

// client is one shopper: a cookie jar and a connection from the shared pool; it follows no redirect by itself,
// so each step's status is checked.
type client struct {
	base string
	http *http.Client
	id   int
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

// page is an answer as it came: a gzipped body stays gzipped until the load reads it (a token, a form, a marker).
// Pages only fetched are never inflated, as a load generator should: inflating a 13 KB catalog page in Go cost the
// load program about as much CPU as the shop spent making it, on the same two cores.
type page struct {
	status   int
	location string
	raw      []byte
	gzipped  bool
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
	resp, err := c.http.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return page{}, err
	}
	return page{status: resp.StatusCode, location: resp.Header.Get("Location"), raw: b,
		gzipped: resp.Header.Get("Content-Encoding") == "gzip"}, nil
}

// get fetches path and wants status want.
func (c *client) get(ctx context.Context, path string, want int) (page, error) {
	p, err := c.do(ctx, http.MethodGet, path, nil)
	if err == nil && p.status != want {
		err = fmt.Errorf("GET %s: status %d, want %d", path, p.status, want)
	}
	return p, err
}

// submit posts form with the CSRF token of the page `from` (fetched first, as the browser has it open), and
// wants status want.
func (c *client) submit(ctx context.Context, from, path string, form url.Values, want int) (page, error) {
	src, err := c.get(ctx, from, http.StatusOK)
	if err != nil {
		return page{}, err
	}
	return c.post(ctx, path, src.csrf(), form, want)
}

// post sends form with a CSRF token already in hand.
func (c *client) post(ctx context.Context, path, token string, form url.Values, want int) (page, error) {
	if token == "" {
		return page{}, fmt.Errorf("POST %s: no CSRF token", path)
	}
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set(fieldCSRF, token)
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
