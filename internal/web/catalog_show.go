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
func (s *Server) catalogShow(c echo.Context) error { return s.listingShow(c, "") }

// categoryShow is /c/:slug: the catalog narrowed to one visible category (and its visible children), with an
// empty state when it has no products. A hidden or unknown category is a 404.
func (s *Server) categoryShow(c echo.Context) error {
	slug := c.Param("slug")
	if !catalog.ValidSlug(slug) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return s.listingShow(c, slug)
}

// listingShow is a page of a list of products (the catalog, or a category when slug is set): kept by what it
// shows, the listing (sort, page) and, for the best-selling order, the sales it was sorted by included.
func (s *Server) listingShow(c echo.Context, slug string) error {
	l, err := readListing(c)
	if err != nil {
		return err
	}
	path, title := "/", "محصولات"
	if slug != "" {
		path = "/c/" + slug
	}
	products, cats, key, err := s.products(c, path+l.key())
	if err != nil {
		return fmt.Errorf("web: catalog: %w", err)
	}
	var current templates.Option
	if slug != "" {
		cat, ok := cats.Visible(slug)
		if !ok {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		title, current = cat.Name, templates.Option{Value: cat.Slug, Label: cat.Name}
		products = cats.InCategory(products, cat.Slug)
	}
	shown, nav, ok := s.show(c.Request().Context(), l, products, path, nil)
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
		v := templates.CatalogPage{Page: page, Listing: nav, Categories: categoryOptions(cats), Category: current}
		for _, p := range shown {
			v.Products = append(v.Products, productCard(p))
		}
		return templates.CatalogView(v), nil
	})
}

// sharedCatalog is the in-memory catalog (catalog.Snapshot): its products and categories, read-only, and the
// load they come from.
type sharedCatalog interface {
	SharedAll(ctx context.Context) ([]catalog.Product, catalog.Categories, uint64, error)
}

// categorySource is a catalog that keeps the seller's categories (the store, the snapshot).
type categorySource interface {
	Categories(ctx context.Context) (catalog.Categories, error)
}

// products returns the active products and the categories (neither to be changed) and, when the catalog can say
// which load they come from, a key for the page at route built from them; nil otherwise (the page is then built
// every time). A category's rename moves the load's number as a product's edit does, so kept pages follow both.
func (s *Server) products(c echo.Context, route string) ([]catalog.Product, catalog.Categories, *viewKey, error) {
	ctx := c.Request().Context()
	if sc, ok := s.deps.Catalog.(sharedCatalog); ok {
		products, cats, version, err := sc.SharedAll(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		return products, cats, &viewKey{route: route, version: version}, nil
	}
	products, err := s.deps.Catalog.ListProducts(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	var cats catalog.Categories
	if cs, ok := s.deps.Catalog.(categorySource); ok {
		if cats, err = cs.Categories(ctx); err != nil {
			return nil, nil, nil, err
		}
	}
	return products, cats, nil, nil
}

// categoryOptions is the shop's category navigation: the visible categories in the seller's order.
func categoryOptions(cats catalog.Categories) []templates.Option {
	var out []templates.Option
	for _, c := range cats.Shown() {
		out = append(out, templates.Option{Value: c.Slug, Label: c.Name})
	}
	return out
}

// productShow is one product's page.
func (s *Server) productShow(c echo.Context) error {
	code := c.Param("code")
	all, cats, key, err := s.products(c, "/p/"+code)
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
		v := templates.ProductPage{Page: page, Product: productCard(p), InCart: inCart,
			Photos: templates.GalleryPictures(p), Thumbs: templates.GalleryThumbs(p)}
		v.Variants, v.OptionNames = variantChoices(p), strings.Join(p.OptionNames(), " و ")
		for _, c := range v.Variants {
			if c.Selected {
				v.Product.Price, v.Product.FinalPrice = c.Price, c.FinalPrice // the tag shows the chosen one's
			}
		}
		if p.Kind == catalog.Virtual && p.Files != "" {
			v.Files = strings.Split(p.Files, "\n")
		}
		if cat, ok := cats.Visible(p.Category); ok {
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
		Image: p.Image, Picture: templates.CardPicture(p), Price: one.ListPrice(), FinalPrice: one.Total(), DiscountPercent: p.DiscountPercent,
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
