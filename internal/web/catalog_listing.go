package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/web/templates"
)

// listing is what a catalog, category or search page was asked for besides its products: the sort order and the
// page. A page past the last is a 404; an unknown sort is the seller's own order.
type listing struct {
	order catalog.Order
	page  int
}

func readListing(c echo.Context) (listing, error) {
	l := listing{order: catalog.ParseOrder(c.QueryParam("sort")), page: 1}
	if p := c.QueryParam("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return l, echo.NewHTTPError(http.StatusNotFound)
		}
		l.page = n
	}
	return l, nil
}

// key is the listing's part of a kept page's name.
func (l listing) key() string { return "?sort=" + string(l.order) + "&page=" + strconv.Itoa(l.page) }

// show sorts and cuts products into the page asked for and fills the page's navigation; extra are query
// parameters the links keep (a search's q).
func (s *Server) show(ctx context.Context, l listing, products []catalog.Product, path string, extra url.Values) ([]catalog.Product, templates.Listing, bool) {
	sold := map[string]int(nil)
	if l.order == catalog.BestSelles {
		sold, _ = s.sold.get(ctx)
	}
	sorted := catalog.Sorted(products, l.order, func(p catalog.Product) int64 { return cart.Line{Product: p, Count: 1}.Total() }, sold)
	page, ok := catalog.PageOf(sorted, l.page)
	if !ok {
		return nil, templates.Listing{}, false
	}
	v := templates.Listing{Path: path, Sort: string(l.order), Page: l.page, Pages: catalog.Pages(len(sorted)), Total: len(sorted)}
	for _, o := range catalog.Orders {
		v.SortOptions = append(v.SortOptions, templates.Option{Value: string(o.Order), Label: o.Label})
	}
	link := func(page int) string {
		q := url.Values{}
		for k, vs := range extra {
			q[k] = vs
		}
		if l.order != catalog.Featured {
			q.Set("sort", string(l.order))
		}
		if page > 1 {
			q.Set("page", strconv.Itoa(page))
		}
		if len(q) == 0 {
			return path
		}
		return path + "?" + q.Encode()
	}
	for p := 1; p <= v.Pages; p++ {
		v.Links = append(v.Links, templates.PageLink{Page: p, URL: link(p), Current: p == l.page})
	}
	v.Self = link(l.page)
	if l.page > 1 {
		v.PrevURL = link(l.page - 1)
	}
	if l.page < v.Pages {
		v.NextURL = link(l.page + 1)
	}
	for k, vs := range extra {
		for _, x := range vs {
			v.Hidden = append(v.Hidden, templates.Option{Value: x, Label: k})
		}
	}
	return page, v, true
}

// soldCounts keeps how many of each product were sold for the best-selling order, read again at most every
// soldFor: the order moves slowly, and a kept page of it is named by the generation it was sorted with.
type soldCounts struct {
	read func(context.Context) (map[string]int, error)
	mu   sync.Mutex
	at   time.Time
	gen  uint64
	m    map[string]int
}

const soldFor = 10 * time.Minute

func (sc *soldCounts) get(ctx context.Context) (map[string]int, uint64) {
	if sc == nil || sc.read == nil {
		return nil, 0
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.m == nil || time.Since(sc.at) > soldFor {
		if m, err := sc.read(ctx); err == nil {
			sc.m, sc.at = m, time.Now()
			sc.gen++
		}
	}
	return sc.m, sc.gen
}
