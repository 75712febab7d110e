package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/internal/iran"
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
		for _, key := range dropped {
			contents.Remove(key)
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
			Code: l.Product.Code, Key: l.Key(), Variant: l.Variant, Name: l.Product.Name, Picture: templates.CardPicture(l.Product), Kind: string(l.Product.Kind),
			KindLabel: l.Product.Kind.Label(), UnitPrice: cart.Line{Product: l.Product, Count: 1}.Total(),
			ListPrice: l.ListPrice(), Count: l.Count, Subtotal: l.Subtotal(),
			Discount: l.ListPrice() - l.Total(), Tax: l.Tax(), Total: l.Total(),
			MaxCount: maxCountOf(l.Product), StockNote: stockNote(l.Product, l.Count),
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

// maxCountOf is the most of p one basket line may hold: the basket's own bound, or what is left of it.
func maxCountOf(p catalog.Product) int {
	if n, ok := p.Left(); ok && n < cart.MaxCount {
		return int(n)
	}
	return cart.MaxCount
}

// stockNote is the sentence beside a basket line that asks for more than there is ("" when there is enough).
func stockNote(p catalog.Product, count int) string {
	if p.CanSell(count) {
		return ""
	}
	return stockProblem(p)
}

// stockProblem says, in Persian, that p has none or too few left.
func stockProblem(p catalog.Product) string {
	if p.SoldOut() {
		return "«" + p.Name + "» ناموجود است."
	}
	n, _ := p.Left()
	return "از «" + p.Name + "» فقط " + iran.FormatNumber(n) + " عدد باقی مانده است."
}
