package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
)

// cartForm is what the basket's forms post: a product code, the variant's code for a product sold in variants,
// and, for add and update, a count.
type cartForm struct {
	Code    string
	Variant string
	Count   int
}

// key is the basket line the form names.
func (f cartForm) key() string { return cart.Key(f.Code, f.Variant) }

// lookupLine finds the form's product on sale, as the chosen variant is sold; the message says why it cannot be
// put in the basket ("" when it can be looked at).
func (s *Server) lookupLine(c echo.Context, f cartForm) (catalog.Product, string, error) {
	p, err := catalog.Lookup(c.Request().Context(), s.deps.Catalog, f.Code)
	switch {
	case errors.Is(err, catalog.ErrProductNotFound):
		return p, "این محصول در فروشگاه وجود ندارد یا دیگر فروخته نمی‌شود.", nil
	case err != nil:
		return p, "", err
	case p.HasVariants() && f.Variant == "":
		return p, "گونه‌ی «" + p.Name + "» را انتخاب کنید (" + strings.Join(p.OptionNames(), "، ") + ").", nil
	case !p.HasVariants() && f.Variant != "":
		return p, "این محصول گونه ندارد.", nil
	case f.Variant != "":
		v, ok := p.Variant(f.Variant)
		if !ok {
			return p, "این گونه دیگر فروخته نمی‌شود؛ گونه‌ی دیگری انتخاب کنید.", nil
		}
		return p.As(v), "", nil
	}
	return p, "", nil
}

// parseCartForm reads and checks the basket form. Counts may arrive in Persian digits; a missing count means 1.
func parseCartForm(code, variant, count string, needCount bool) (cartForm, string) {
	f := cartForm{Code: strings.TrimSpace(code), Variant: strings.TrimSpace(variant), Count: 1}
	if !catalog.ValidCode(f.Code) || f.Variant != "" && !catalog.ValidCode(f.Variant) {
		return f, "این محصول در فروشگاه وجود ندارد."
	}
	count = iran.NormalizeDigits(count)
	if count == "" {
		if needCount {
			return f, "تعداد را وارد کنید."
		}
		return f, ""
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < cart.MinCount || n > cart.MaxCount {
		return f, fmt.Sprintf("تعداد باید عددی بین %s و %s باشد.", iran.FormatNumber(cart.MinCount), iran.FormatNumber(cart.MaxCount))
	}
	f.Count = n
	return f, ""
}

// cartAdd puts a product into the basket. The product must exist and be on sale; only its code and the count are
// kept in the session.
func (s *Server) cartAdd(c echo.Context) error {
	f, problem := parseCartForm(c.FormValue("code"), c.FormValue("variant"), c.FormValue("count"), false)
	sess := s.session(c)
	back := "/cart"
	if page, ok := shopPage(c.FormValue("back")); ok {
		back = page // the shopper stays where they were; the header count and a message confirm the add
	}
	known := catalog.ValidCode(f.Code)
	if problem == "" {
		p, refused, err := s.lookupLine(c, f)
		switch {
		case err != nil:
			return fmt.Errorf("web: add to basket: %w", err)
		case refused != "":
			known = p.Code != ""
			problem = refused
		case !p.CanSell(sess.contents().CountOf(f.key()) + f.Count):
			problem = stockProblem(p) + " به سبد افزوده نشد."
		default:
			contents := sess.contents()
			if err := contents.Add(f.key(), f.Count); err != nil {
				problem = basketProblem(err)
			} else {
				sess.setContents(contents)
				sess.flash(flashAdded, "«"+p.Name+"» به سبد خرید افزوده شد.")
			}
		}
	}
	if problem != "" {
		sess.flash("error", problem)
		// Back to the product for a count problem; to the catalog when there is no such product.
		back = "/"
		if known {
			back = "/p/" + f.Code
		}
	}
	return s.redirect(c, back)
}

// flashAdded is the flash kind of a product added to the basket: shown as a success with a link to the basket.
const flashAdded = "added"

// shopPage accepts a page of the shop to return to after adding to the basket: a path of this site (never
// another host) among the pages that list or show products.
func shopPage(back string) (string, bool) {
	if back == "" || len(back) > 200 || !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") ||
		strings.ContainsRune(back, '\\') || !httpkit.PlainURLText(back) {
		return "", false
	}
	for _, prefix := range []string{"/p/", "/c/", "/search?", "/?"} {
		if strings.HasPrefix(back, prefix) {
			return back, true
		}
	}
	return back, back == "/"
}

// cartUpdate changes a line's count: to the count typed, or one more or one less with the +/− buttons (delta).
func (s *Server) cartUpdate(c echo.Context) error {
	sess := s.session(c)
	count := c.FormValue("count")
	key := cart.Key(strings.TrimSpace(c.FormValue("code")), strings.TrimSpace(c.FormValue("variant")))
	if d := c.FormValue("delta"); d == "1" || d == "-1" {
		for _, it := range sess.contents().Items {
			if it.Key() == key {
				n, _ := strconv.Atoi(d)
				count = strconv.Itoa(it.Count + n)
			}
		}
	}
	f, problem := parseCartForm(c.FormValue("code"), c.FormValue("variant"), count, true)
	if problem == "" {
		// More than there is is refused; fewer is always allowed, even while still too many.
		switch p, refused, err := s.lookupLine(c, f); {
		case err != nil:
			return fmt.Errorf("web: update basket: %w", err)
		case refused != "":
			// the basket page drops what cannot be sold any more
		case !p.CanSell(f.Count) && f.Count > sess.contents().CountOf(f.key()):
			problem = stockProblem(p) + " تعداد تغییر نکرد."
		}
	}
	if problem == "" {
		contents := sess.contents()
		if err := contents.Set(f.key(), f.Count); err != nil {
			problem = basketProblem(err)
		} else {
			sess.setContents(contents)
			sess.flash("ok", "سبد خرید به‌روز شد.")
		}
	}
	if problem != "" {
		sess.flash("error", problem)
	}
	return s.redirect(c, "/cart")
}

// cartRemove takes a line out of the basket.
func (s *Server) cartRemove(c echo.Context) error {
	key := cart.Key(strings.TrimSpace(c.FormValue("code")), strings.TrimSpace(c.FormValue("variant")))
	sess := s.session(c)
	contents := sess.contents()
	contents.Remove(key)
	sess.setContents(contents)
	sess.flash("ok", "کالا از سبد خرید برداشته شد.")
	return s.redirect(c, "/cart")
}

func basketProblem(err error) string {
	switch {
	case errors.Is(err, cart.ErrCountOutOfRange):
		return fmt.Sprintf("از هر کالا حداکثر %s عدد در یک سفارش می‌توان خرید.", iran.FormatNumber(cart.MaxCount))
	case errors.Is(err, cart.ErrTooManyLines):
		return fmt.Sprintf("سبد خرید حداکثر %s کالای مختلف می‌پذیرد.", iran.FormatNumber(cart.MaxLines))
	case errors.Is(err, cart.ErrNotInCart):
		return "این کالا در سبد خرید شما نیست."
	}
	return "تغییر سبد خرید انجام نشد."
}
