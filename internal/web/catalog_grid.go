package web

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"shop/internal/iran"
	"shop/web/templates"
)

// gridCache keeps each list page's product cards (the catalog, each category) rendered for the products they were
// rendered from. The cards were most of the catalog page's rendering time, and they differ between shoppers only
// by the CSRF token in each add form, which render puts in (pagecache.go).
type gridCache struct{ pages sync.Map } // the page to come back to -> *atomic.Pointer[renderedGrid]

type renderedGrid struct {
	products []templates.ProductCard
	unit     iran.PriceUnit
	html     string
}

// grid returns the rendered cards for products with the page's token, rendering them again when the products
// differ from the cached ones (a catalog change), so a stale grid is never served.
func (g *gridCache) grid(ctx context.Context, page templates.Page, products []templates.ProductCard, back string) (string, error) {
	slot, _ := g.pages.LoadOrStore(back, new(atomic.Pointer[renderedGrid]))
	current := slot.(*atomic.Pointer[renderedGrid])
	r := current.Load()
	if r == nil || r.unit != page.PriceUnit || !slices.Equal(r.products, products) {
		var b strings.Builder
		if err := templates.ProductGrid(templates.Page{PriceUnit: page.PriceUnit, CSRF: tokenPlaceholder}, products, back).Render(ctx, &b); err != nil {
			return "", err
		}
		r = &renderedGrid{products: slices.Clone(products), unit: page.PriceUnit, html: b.String()}
		current.Store(r)
	}
	return r.html, nil
}
