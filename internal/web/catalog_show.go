package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/web/templates"
)

// catalogShow is the home page: the grid of active products, a page of them in the order asked for.
func (s *Server) catalogShow(c echo.Context) error {
	return s.listingShow(c, "/", "محصولات", templates.Option{}, func(all []catalog.Product) []catalog.Product { return all })
}

// listingShow is a page of a list of products (the catalog, a category): kept by what it shows, the listing
// (sort, page) and, for the best-selling order, the sales it was sorted by included.
func (s *Server) listingShow(c echo.Context, path, title string, cat templates.Option, pick func([]catalog.Product) []catalog.Product) error {
	l, err := readListing(c)
	if err != nil {
		return err
	}
	products, key, err := s.products(c, path+l.key())
	if err != nil {
		return fmt.Errorf("web: catalog: %w", err)
	}
	shown, nav, ok := s.show(c.Request().Context(), l, pick(products), path, nil)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	page := s.page(c, title)
	if l.page > 1 {
		page.Title += " (صفحه‌ی " + iran.FormatNumber(int64(l.page)) + ")"
	}
	page.PrevURL, page.NextURL = nav.PrevURL, nav.NextURL
	if key != nil {
		key.page = page
		if l.order == catalog.BestSelles {
			_, key.ranking = s.sold.get(c.Request().Context())
		}
	}
	return s.renderView(c, key, func() (templ.Component, error) {
		v := templates.CatalogPage{Page: page, Listing: nav, Categories: categoryOptions(), Category: cat}
		for _, p := range shown {
			v.Products = append(v.Products, productCard(p))
		}
		return templates.CatalogView(v), nil
	})
}

// sharedCatalog is the in-memory catalog (catalog.Snapshot): its products, read-only, and the load they come from.
type sharedCatalog interface {
	Shared(ctx context.Context) ([]catalog.Product, uint64, error)
}

// products returns the active products (not to be changed) and, when the catalog can say which load they come
// from, a key for the page at route built from them; nil otherwise (the page is then built every time).
func (s *Server) products(c echo.Context, route string) ([]catalog.Product, *viewKey, error) {
	if sc, ok := s.deps.Catalog.(sharedCatalog); ok {
		products, version, err := sc.Shared(c.Request().Context())
		if err != nil {
			return nil, nil, err
		}
		return products, &viewKey{route: route, version: version}, nil
	}
	products, err := s.deps.Catalog.ListProducts(c.Request().Context())
	return products, nil, err
}

// categoryShow is /c/:slug: the catalog narrowed to one category, with an empty state when it has no products.
func (s *Server) categoryShow(c echo.Context) error {
	cat, ok := catalog.CategoryBySlug(c.Param("slug"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return s.listingShow(c, "/c/"+cat.Slug, cat.Name, templates.Option{Value: cat.Slug, Label: cat.Name},
		func(all []catalog.Product) []catalog.Product { return catalog.InCategory(all, cat.Slug) })
}

func categoryOptions() []templates.Option {
	var out []templates.Option
	for _, c := range catalog.Categories() {
		out = append(out, templates.Option{Value: c.Slug, Label: c.Name})
	}
	return out
}

// productShow is one product's page.
func (s *Server) productShow(c echo.Context) error {
	code := c.Param("code")
	all, key, err := s.products(c, "/p/"+code)
	if err != nil {
		return fmt.Errorf("web: product page: %w", err)
	}
	inCart := 0
	for _, it := range s.session(c).contents().Items {
		if it.Code == code {
			inCart += it.Count // every variant's line
		}
	}
	// The page is looked up before it is named, so that only a product that exists is ever kept.
	p, err := catalog.Lookup(c.Request().Context(), s.deps.Catalog, code)
	if errors.Is(err, catalog.ErrProductNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return fmt.Errorf("web: product page: %w", err)
	}
	page := s.page(c, p.Name)
	if key != nil {
		key.page, key.extra = page, inCart
	}
	return s.renderView(c, key, func() (templ.Component, error) {
		v := templates.ProductPage{Page: page, Product: productCard(p), InCart: inCart}
		v.Variants, v.OptionNames = variantChoices(p), strings.Join(p.OptionNames(), " و ")
		for _, c := range v.Variants {
			if c.Selected {
				v.Product.Price, v.Product.FinalPrice = c.Price, c.FinalPrice // the tag shows the chosen one's
			}
		}
		if p.Kind == catalog.Virtual && p.Files != "" {
			v.Files = strings.Split(p.Files, "\n")
		}
		if cat, ok := catalog.CategoryBySlug(p.Category); ok {
			v.Category = templates.Option{Value: cat.Slug, Label: cat.Name}
		}
		for _, r := range catalog.Related(all, p, 4) {
			v.Related = append(v.Related, productCard(r))
		}
		return templates.ProductView(v), nil
	})
}

// productCard shows a product at the price the shopper will pay for one: discounted, tax included, the basket's
// own arithmetic (cart.Line), so the catalog, the product page, the basket and the bill never disagree.
func productCard(p catalog.Product) templates.ProductCard {
	one := cart.Line{Product: p, Count: 1}
	return templates.ProductCard{
		Code: p.Code, Name: p.Name, Description: p.Description, Kind: string(p.Kind), KindLabel: p.Kind.Label(),
		Image: p.Image, Price: one.ListPrice(), FinalPrice: one.Total(), DiscountPercent: p.DiscountPercent,
		TaxPercent: p.TaxPercent, Weight: p.Weight, FreeShipping: p.FreeShipping,
		SoldOut: p.SoldOutEverywhere(), Left: stockShown(p), HasVariants: p.HasVariants(),
	}
}

// variantChoices are a product's variants as its page offers them: each at its own price, the first one that
// can be sold chosen, the sold-out ones shown but not choosable.
func variantChoices(p catalog.Product) []templates.VariantChoice {
	var out []templates.VariantChoice
	chosen := false
	for _, v := range p.Variants {
		as := p.As(v)
		card := productCard(as)
		c := templates.VariantChoice{Code: v.Code, Label: v.Label(), Price: card.Price, FinalPrice: card.FinalPrice,
			SoldOut: as.SoldOut(), Left: card.Left}
		if !c.SoldOut && !chosen {
			c.Selected, chosen = true, true
		}
		out = append(out, c)
	}
	return out
}

// stockShown is the quantity a shopper is told ("only N left"): only when it is low, 0 otherwise.
func stockShown(p catalog.Product) int64 {
	if p.HasVariants() || !p.LowStock() {
		return 0
	}
	n, _ := p.Left()
	return n
}
