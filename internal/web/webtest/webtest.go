// Package webtest holds helpers for tests that drive the shop over HTTP: a browser-like client with a cookie jar
// and CSRF token handling, and readers that find page content by data-testid.
package webtest

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Client is a cookie-keeping HTTP client that does not follow redirects, so tests see each step.
type Client struct {
	T    testing.TB
	Base string
	HTTP *http.Client
}

// NewClient returns a client for the server at base.
func NewClient(t testing.TB, base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{T: t, Base: base, HTTP: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Page is a fetched HTML page.
type Page struct {
	Status   int
	Location string
	Header   http.Header
	Body     string
	Doc      *html.Node
}

// Get fetches path.
func (c *Client) Get(path string) Page {
	c.T.Helper()
	resp, err := c.HTTP.Get(c.Base + path)
	if err != nil {
		c.T.Fatalf("GET %s: %v", path, err)
	}
	return Read(c.T, resp)
}

// Post sends a form to path as is (no token added), from the shop's own origin as a browser says it does.
func (c *Client) Post(path string, form url.Values) Page {
	c.T.Helper()
	req, err := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.T.Fatalf("POST %s: %v", path, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.Base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.T.Fatalf("POST %s: %v", path, err)
	}
	return Read(c.T, resp)
}

// Submit opens the page at from, as a person does before sending its form, and posts the form to path. A
// dashboard form carries the page's CSRF token (shopper pages and the sign-in form have none: the cross-origin
// check guards them).
func (c *Client) Submit(from, path string, form url.Values) Page {
	c.T.Helper()
	p := c.Get(from)
	if form == nil {
		form = url.Values{}
	}
	if strings.HasPrefix(path, "/admin") && !strings.HasPrefix(path, "/admin/login") {
		tok := p.CSRF()
		if tok == "" {
			c.T.Fatalf("no CSRF token on %s", from)
		}
		form.Set("_csrf", tok)
	}
	return c.Post(path, form)
}

// Follow fetches where a redirect points.
func (c *Client) Follow(p Page) Page {
	c.T.Helper()
	if p.Location == "" {
		c.T.Fatalf("expected a redirect, got status %d", p.Status)
	}
	u, err := url.Parse(p.Location)
	if err != nil {
		c.T.Fatalf("bad Location %q", p.Location)
	}
	if u.IsAbs() {
		return c.Get(strings.TrimPrefix(p.Location, c.Base))
	}
	return c.Get(p.Location)
}

// Read reads a response into a Page (for requests a test builds itself) and closes its body.
func Read(t testing.TB, resp *http.Response) Page {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	return Page{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Header: resp.Header, Body: string(b), Doc: doc}
}

// CSRF returns the first CSRF token on the page.
func (p Page) CSRF() string {
	var tok string
	walk(p.Doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.Data == "input" && attr(n, "name") == "_csrf" {
			tok = attr(n, "value")
			return false
		}
		return true
	})
	return tok
}

// Text returns the whitespace-collapsed text of the first element with data-testid=id, and whether it exists.
func (p Page) Text(id string) (string, bool) {
	n := p.Find(id)
	if n == nil {
		return "", false
	}
	return strings.Join(strings.Fields(textOf(n)), " "), true
}

// Has reports whether an element with data-testid=id exists.
func (p Page) Has(id string) bool { return p.Find(id) != nil }

// Find returns the first element with data-testid=id.
func (p Page) Find(id string) *html.Node {
	var found *html.Node
	walk(p.Doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && attr(n, "data-testid") == id {
			found = n
			return false
		}
		return true
	})
	return found
}

// FindAll returns every element with data-testid=id, in document order.
func (p Page) FindAll(id string) []*html.Node {
	var out []*html.Node
	walk(p.Doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && attr(n, "data-testid") == id {
			out = append(out, n)
		}
		return true
	})
	return out
}

// Attr returns an attribute of the first element with data-testid=id.
func (p Page) Attr(id, name string) string {
	if n := p.Find(id); n != nil {
		return attr(n, name)
	}
	return ""
}

func walk(n *html.Node, visit func(*html.Node) bool) bool {
	if !visit(n) {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !walk(c, visit) {
			return false
		}
	}
	return true
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			// A <wbr> only marks where a line may break, as in a long factor number: no space there.
			if next := c.NextSibling; next == nil || next.Type != html.ElementNode || next.Data != "wbr" {
				b.WriteByte(' ')
			}
		}
		return true
	})
	return b.String()
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// Elements lists the elements with the given tag inside n, in document order.
func Elements(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	walk(n, func(x *html.Node) bool {
		if x.Type == html.ElementNode && x.Data == tag {
			out = append(out, x)
		}
		return true
	})
	return out
}

// Attr returns an element's attribute ("" when it has none).
func Attr(n *html.Node, name string) string { return attr(n, name) }

// File is one file of a multipart form.
type File struct {
	Field, Name string
	Data        []byte
}

// PostMultipart sends a multipart form (fields and files) to path as is (no token added).
func (c *Client) PostMultipart(path string, form url.Values, files ...File) Page {
	c.T.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				c.T.Fatal(err)
			}
		}
	}
	for _, f := range files {
		fw, err := w.CreateFormFile(f.Field, f.Name)
		if err != nil {
			c.T.Fatal(err)
		}
		if _, err := fw.Write(f.Data); err != nil {
			c.T.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		c.T.Fatal(err)
	}
	resp, err := c.HTTP.Post(c.Base+path, w.FormDataContentType(), &b)
	if err != nil {
		c.T.Fatalf("POST %s: %v", path, err)
	}
	return Read(c.T, resp)
}
