package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// page is one row of the table and its budget (0: none on that figure).
type page struct {
	path     string
	admin    bool // read signed in as the owner
	export   bool // the CSV: fewer runs, its lines counted
	maxBytes int  // of the page as sent without gzip
	maxTime  time.Duration
}

func pages() []page {
	return []page{
		{path: "/", maxBytes: 150 << 10, maxTime: 150 * time.Millisecond},
		{path: "/c/food", maxBytes: 150 << 10},
		{path: "/search?q=" + url.QueryEscape("زعفران"), maxBytes: 150 << 10, maxTime: 200 * time.Millisecond},
		{path: "/admin", admin: true, maxTime: 200 * time.Millisecond},
		{path: "/admin/orders?state=paid", admin: true, maxTime: 200 * time.Millisecond},
		{path: "/admin/products", admin: true, maxBytes: 200 << 10, maxTime: 200 * time.Millisecond},
		{path: "/admin/orders.csv", admin: true, export: true, maxTime: 5 * time.Second},
	}
}

// label is the path as a person reads it.
func (p page) label() string {
	if s, err := url.QueryUnescape(p.path); err == nil {
		return s
	}
	return p.path
}

func (p page) budgetText() string {
	var parts []string
	if p.maxBytes > 0 {
		parts = append(parts, fmt.Sprintf("≤ %d KB", p.maxBytes>>10))
	}
	if p.maxTime > 0 {
		t := fmt.Sprintf("≤ %d ms", p.maxTime.Milliseconds())
		if p.maxTime >= time.Second {
			t = fmt.Sprintf("≤ %.0f s", p.maxTime.Seconds())
		}
		if p.export {
			t += ", streamed"
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, ", ")
}

// row is a page measured.
type row struct {
	page        page
	raw, gz     int
	median, max time.Duration
	lines       int           // the export's: the header and one per order
	firstByte   time.Duration // the slowest first byte of the timed runs (the export's shows it streams)
}

func (r row) ok() bool {
	return (r.page.maxBytes == 0 || r.raw <= r.page.maxBytes) && (r.page.maxTime == 0 || r.median <= r.page.maxTime)
}

// client is a browser's cookie jar; it follows no redirect by itself and leaves gzipped bodies as they came, so
// their size is the size sent.
type client struct {
	base string
	http *http.Client
}

func newClient(base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{base: base, http: &http.Client{Jar: jar, Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// fetch reads path whole and reports its status, body, how long the whole took and how long its first byte did.
func (c *client) fetch(ctx context.Context, method, path string, form url.Values, gzip bool) (int, []byte, time.Duration, time.Duration, error) {
	var b bytes.Buffer
	status, took, first, err := c.fetchInto(ctx, &b, method, path, form, gzip)
	return status, b.Bytes(), took, first, err
}

// fetchInto is fetch writing the body to w: the export's timed runs count it and keep none of it, so the client
// does not spend the shared cores growing a 35 MB buffer while the shop is timed.
func (c *client) fetchInto(ctx context.Context, w io.Writer, method, path string, form url.Values, gzip bool) (int, time.Duration, time.Duration, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, 0, 0, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin") // as a browser says of the shop's own form
	}
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	t0 := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	defer resp.Body.Close()
	first := time.Since(t0)
	_, err = io.Copy(w, resp.Body)
	return resp.StatusCode, time.Since(t0), first, err
}

// counter counts the bytes written to it.
type counter struct{ n int }

func (c *counter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// measure reads the page once to warm it, then runs times with gzip (as a browser), and once without for its raw size.
func measure(ctx context.Context, c *client, p page, runs int) (row, error) {
	r := row{page: p}
	status, body, _, _, err := c.fetch(ctx, http.MethodGet, p.path, nil, false)
	if err != nil {
		return r, err
	}
	if status != http.StatusOK {
		return r, fmt.Errorf("GET %s: status %d", p.path, status)
	}
	r.raw = len(body)
	if p.export {
		r.lines = bytes.Count(body, []byte("\n"))
		if !bytes.HasPrefix(body, []byte("\ufeff")) || r.lines < 2 {
			return r, fmt.Errorf("GET %s: %d lines, not the export", p.path, r.lines)
		}
	}
	var times []time.Duration
	for range runs {
		var n counter
		status, took, first, err := c.fetchInto(ctx, &n, http.MethodGet, p.path, nil, true)
		if err != nil {
			return r, err
		}
		if status != http.StatusOK {
			return r, fmt.Errorf("GET %s: status %d", p.path, status)
		}
		r.gz = n.n
		r.firstByte = max(r.firstByte, first)
		times = append(times, took)
	}
	if r.gz == r.raw {
		r.gz = 0 // sent as it is (the export)
	}
	slices.Sort(times)
	r.median, r.max = times[len(times)/2], times[len(times)-1]
	return r, nil
}

// signIn opens the dashboard as the owner.
func signIn(ctx context.Context, base, email, password string) (*client, error) {
	c := newClient(base)
	status, body, _, _, err := c.fetch(ctx, http.MethodPost, "/admin/login", url.Values{"email": {email}, "password": {password}}, false)
	if err != nil {
		return nil, err
	}
	if status != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in as %s: status %d\n%.500s", email, status, body)
	}
	return c, nil
}

// shoppers runs n shoppers, ten at a time, each with a basket of its own: the catalog, three products no other
// shopper adds (the catalog has thousands), the basket and the checkout form.
func shoppers(ctx context.Context, base string, codes []string, n int) error {
	if len(codes) < 3 {
		return fmt.Errorf("%d products to ship: too few for different baskets", len(codes))
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan int)
	)
	for range min(10, n) {
		wg.Go(func() {
			for i := range next {
				if err := shopper(ctx, base, codes, i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

func shopper(ctx context.Context, base string, codes []string, i int) error {
	c := newClient(base)
	want := func(method, path string, form url.Values, status int) error {
		got, _, _, _, err := c.fetch(ctx, method, path, form, true)
		if err == nil && got != status {
			err = fmt.Errorf("shopper %d: %s %s: status %d, want %d", i, method, path, got, status)
		}
		return err
	}
	if err := want(http.MethodGet, "/", nil, http.StatusOK); err != nil {
		return err
	}
	for k := range 3 {
		code := codes[(i*3+k)*7%len(codes)]
		if err := want(http.MethodGet, "/p/"+code, nil, http.StatusOK); err != nil {
			return err
		}
		if err := want(http.MethodPost, "/cart/add", url.Values{"code": {code}}, http.StatusSeeOther); err != nil {
			return err
		}
	}
	if err := want(http.MethodGet, "/cart", nil, http.StatusOK); err != nil {
		return err
	}
	return want(http.MethodGet, "/checkout", nil, http.StatusOK)
}

// physicalCodes lists the codes of the active goods to ship of an already filled database.
func physicalCodes(ctx context.Context, path string) ([]string, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT code FROM products WHERE kind = 'physical' AND active ORDER BY position, code")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		codes = append(codes, code)
	}
	return codes, rows.Err()
}
