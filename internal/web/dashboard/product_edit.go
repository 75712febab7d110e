package dashboard

import (
	"errors"
	"net/http"

	"shop/internal/cart"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// adminProductNew is the empty product form.
func (d *Dashboard) adminProductNew(c echo.Context) error {
	f := productFormOf(catalog.Product{Kind: catalog.Physical}, d.deps.PriceUnit)
	f.Discount, f.Tax, f.Commission = "0", "0", "0"
	return d.renderProductForm(c, http.StatusOK, f, "", nil, true, true)
}

// adminProductEdit is the form of an existing product.
func (d *Dashboard) adminProductEdit(c echo.Context) error {
	p, err := d.adminProduct(c)
	if err != nil {
		return err
	}
	return d.renderProductForm(c, http.StatusOK, productFormOf(p, d.deps.PriceUnit), p.Image, nil, false, p.Active)
}

// adminProduct loads the product named by :code, hidden or not.
func (d *Dashboard) adminProduct(c echo.Context) (catalog.Product, error) {
	code := c.Param("code")
	if !catalog.ValidCode(code) {
		return catalog.Product{}, echo.ErrNotFound
	}
	m, err := d.deps.Products.ProductsByCode(c.Request().Context(), []string{code})
	if err != nil {
		return catalog.Product{}, err
	}
	p, ok := m[code]
	if !ok {
		return catalog.Product{}, echo.ErrNotFound
	}
	return p, nil
}

// adminProductCreate saves a new product; it is in the catalog at once.
func (d *Dashboard) adminProductCreate(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return httpkit.FormError(err)
	}
	f := readProductForm(form)
	p, problems := f.product(d.deps.PriceUnit)
	if problems["code"] == "" {
		existing, err := d.deps.Products.ProductsByCode(c.Request().Context(), []string{p.Code})
		if err != nil {
			return err
		}
		if _, taken := existing[p.Code]; taken {
			problems["code"] = "کالایی با این کد هست؛ کد دیگری بنویسید یا همان کالا را ویرایش کنید."
		}
	}
	p.Active = true
	return d.saveProduct(c, f, p, problems, true)
}

// adminProductUpdate saves an existing product. Its code is its key (and Frotel's pro_code) and does not change;
// orders already placed keep the name and prices they were placed with.
func (d *Dashboard) adminProductUpdate(c echo.Context) error {
	old, err := d.adminProduct(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return httpkit.FormError(err)
	}
	f := readProductForm(form)
	f.Code = old.Code
	p, problems := f.product(d.deps.PriceUnit)
	p.Active, p.Image = old.Active, old.Image
	return d.saveProduct(c, f, p, problems, false)
}

// saveProduct checks the photos chosen on the form, if any, then stores the product and them; any problem sends
// the form back with a Persian message beside each wrong field, and nothing is stored.
func (d *Dashboard) saveProduct(c echo.Context, f productForm, p catalog.Product, problems map[string]string, isNew bool) error {
	if problems["variants"] == "" && f.variantsEdited() {
		for _, v := range p.Variants {
			taken, err := d.deps.Products.VariantCodeTaken(c.Request().Context(), v.Code, p.Code)
			if err != nil {
				return err
			}
			if taken {
				problems["variants"] = "کد " + v.Code + " را کالا یا گونه‌ی دیگری دارد؛ کد دیگری بنویسید."
				break
			}
		}
	}
	cats, err := d.deps.Products.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	if _, ok := cats.Find(p.Category); p.Category != "" && !ok && problems["category"] == "" {
		problems["category"] = "این دسته‌بندی در فروشگاه نیست؛ از فهرست انتخاب کنید."
	}
	var photos []catalog.PreparedPhoto
	if d.deps.Photos != nil {
		var msg string
		var err error
		if photos, msg, err = readPhotos(c, "image"); err != nil {
			return err
		} else if msg != "" {
			problems["image"] = msg
		}
	}
	if len(problems) > 0 {
		return d.renderProductForm(c, http.StatusUnprocessableEntity, f, p.Image, problems, isNew, p.Active)
	}
	if err := p.Validate(); err != nil {
		// The form checks everything Validate does; reaching here is a bug, not a person's mistake.
		return err
	}
	by := ""
	if a := currentAdmin(c); a != nil {
		by = a.Email
	}
	edit := catalog.Edit{By: by, KeepStock: !isNew && !f.stockEdited(), KeepVariants: !isNew && !f.variantsEdited()}
	if err := d.deps.Products.SaveProductBy(c.Request().Context(), p, edit); err != nil {
		return err
	}
	d.productsChanged()
	if len(photos) > 0 {
		_, err := d.deps.Photos.AddProductPhotos(c.Request().Context(), p.Code, photos)
		if errors.Is(err, catalog.ErrTooManyPhotos) {
			// The product is saved; only the photos were too many. Its page says so beside them.
			return d.renderProductForm(c, http.StatusUnprocessableEntity, f, p.Image,
				map[string]string{photosField: catalog.ErrTooManyPhotos.Message}, false, p.Active)
		}
		if err != nil {
			return err
		}
		d.productsChanged()
	}
	done := "product-saved"
	if isNew {
		done = "product-created"
	}
	return httpkit.RedirectSeeOther(c, "/admin/products?done="+done)
}

func (d *Dashboard) renderProductForm(c echo.Context, status int, f productForm, image string, problems map[string]string, isNew, active bool) error {
	title := "ویرایش " + f.Name
	action := "/admin/products/" + f.Code
	if isNew {
		title, action = "کالای تازه", "/admin/products"
	}
	unit := "تومان"
	if d.deps.PriceUnit == iran.Rial {
		unit = "ریال"
	}
	v := views.AdminProductFormPage{AdminPage: d.adminPage(c, title, "products"), New: isNew, Action: action,
		Fields: f.view(), Problems: problems, Image: image, Active: active, UnitLabel: unit,
		MaxImageMB: catalog.MaxPhotoBytes >> 20, UnitRials: 10}
	if d.deps.Photos != nil {
		v.PhotosEnabled, v.MaxPhotos, v.MaxUpload, v.MaxPhotoMB = true, catalog.MaxPhotosPerProduct, catalog.MaxPhotosPerUpload, catalog.MaxPhotoBytes>>20
		if !isNew {
			m, err := d.deps.Products.ProductsByCode(c.Request().Context(), []string{f.Code})
			if err != nil {
				return err
			}
			v.Photos = photoRows(m[f.Code])
		}
	}
	if d.deps.PriceUnit == iran.Rial {
		v.UnitRials = 1
	}
	// What the buyer pays for one, by the basket's own arithmetic (discount, then VAT on the rest), so the seller
	// sees it before saving; admin.js keeps it current while they type.
	if p, errs := f.product(d.deps.PriceUnit); errs["price"] == "" && errs["discount"] == "" && errs["tax"] == "" && p.Price > 0 {
		v.BuyerPays = iran.FormatPrice(cart.Line{Product: p, Count: 1}.Total(), d.deps.PriceUnit)
	}
	for _, k := range catalog.Kinds {
		v.Kinds = append(v.Kinds, views.AdminOption{Value: string(k), Label: k.Label(), Selected: f.Kind == string(k)})
	}
	cats, err := d.deps.Products.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	v.Categories = categoryOptions(cats, f.Category)
	if !isNew && d.deps.Stock != nil {
		moves, err := d.deps.Stock.StockHistory(c.Request().Context(), f.Code, 50)
		if err != nil {
			return err
		}
		for _, m := range moves {
			v.StockHistory = append(v.StockHistory, stockMoveView(m))
		}
	}
	return httpkit.Render(c, status, views.AdminProductFormView(v))
}
