package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/web/templates"
)

// pricedCart reads the session's basket and prices it from the catalog. Lines whose product is gone are dropped
// from the session too, and the shopper is told.
func (s *Server) pricedCart(c echo.Context) (cart.Cart, error) {
	sess := s.session(c)
	contents := sess.contents()
	if len(contents.Items) == 0 {
		return cart.Cart{}, nil
	}
	products, err := s.deps.Catalog.ProductsByCode(c.Request().Context(), contents.Codes())
	if err != nil {
		return cart.Cart{}, fmt.Errorf("web: price basket: %w", err)
	}
	priced, dropped := cart.Price(contents, products)
	if len(dropped) > 0 {
		for _, code := range dropped {
			contents.Remove(code)
		}
		sess.setContents(contents)
		sess.flash("error", "برخی از کالاهای سبد شما دیگر فروخته نمی‌شوند و از سبد برداشته شدند.")
	}
	return priced, nil
}

// cartShow is the basket page.
func (s *Server) cartShow(c echo.Context) error {
	priced, err := s.pricedCart(c)
	if err != nil {
		return err
	}
	v := templates.CartPage{Page: s.page(c, "سبد خرید")}
	fillCartPage(&v, priced)
	if s.deps.Checkout != nil && v.Physical {
		p := s.deps.Checkout.FreeShipping(priced)
		v.FreeShipping, v.FreeShippingMissing = p.Free, p.Missing
	}
	return s.render(c, http.StatusOK, templates.CartView(v))
}

func fillCartPage(v *templates.CartPage, priced cart.Cart) {
	for _, l := range priced.Lines {
		v.Lines = append(v.Lines, templates.CartLine{
			Code: l.Product.Code, Name: l.Product.Name, Picture: templates.CardPicture(l.Product), Kind: string(l.Product.Kind),
			KindLabel: l.Product.Kind.Label(), UnitPrice: cart.Line{Product: l.Product, Count: 1}.Total(),
			ListPrice: l.ListPrice(), Count: l.Count, Subtotal: l.Subtotal(),
			Discount: l.ListPrice() - l.Total(), Tax: l.Tax(), Total: l.Total(),
		})
	}
	t := priced.Totals()
	v.ListPrice, v.Subtotal, v.Discount, v.Tax, v.Total, v.Weight = t.ListPrice, t.Subtotal, t.ListPrice-t.Total, t.Tax, t.Total, t.Weight
	for _, k := range t.Kinds {
		v.KindLabels = append(v.KindLabels, k.Label())
		if k == catalog.Physical {
			v.Physical = true
		}
	}
	v.Mixed = len(t.Kinds) > 1
}
