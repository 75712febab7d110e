package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/web/templates"
)

// adminProductNew is the empty product form.
func (s *Server) adminProductNew(c echo.Context) error {
	f := productFormOf(catalog.Product{Kind: catalog.Physical}, s.deps.PriceUnit)
	f.Discount, f.Tax, f.Commission = "0", "0", "0"
	return s.renderProductForm(c, http.StatusOK, f, "", nil, true, true)
}

// adminProductEdit is the form of an existing product.
func (s *Server) adminProductEdit(c echo.Context) error {
	p, err := s.adminProduct(c)
	if err != nil {
		return err
	}
	return s.renderProductForm(c, http.StatusOK, productFormOf(p, s.deps.PriceUnit), p.Image, nil, false, p.Active)
}

// adminProduct loads the product named by :code, hidden or not.
func (s *Server) adminProduct(c echo.Context) (catalog.Product, error) {
	code := c.Param("code")
	if !catalog.ValidCode(code) {
		return catalog.Product{}, echo.ErrNotFound
	}
	m, err := s.deps.Admin.Products.ProductsByCode(c.Request().Context(), []string{code})
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
func (s *Server) adminProductCreate(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return formError(err)
	}
	f := readProductForm(form)
	p, problems := f.product(s.deps.PriceUnit)
	if problems["code"] == "" {
		existing, err := s.deps.Admin.Products.ProductsByCode(c.Request().Context(), []string{p.Code})
		if err != nil {
			return err
		}
		if _, taken := existing[p.Code]; taken {
			problems["code"] = "کالایی با این کد هست؛ کد دیگری بنویسید یا همان کالا را ویرایش کنید."
		}
	}
	p.Active = true
	return s.saveProduct(c, f, p, problems, true)
}

// adminProductUpdate saves an existing product. Its code is its key (and Frotel's pro_code) and does not change;
// orders already placed keep the name and prices they were placed with.
func (s *Server) adminProductUpdate(c echo.Context) error {
	old, err := s.adminProduct(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return formError(err)
	}
	f := readProductForm(form)
	f.Code = old.Code
	p, problems := f.product(s.deps.PriceUnit)
	p.Active, p.Image = old.Active, old.Image
	return s.saveProduct(c, f, p, problems, false)
}

// saveProduct stores the picture, if one came, then the product; any problem sends the form back with a
// Persian message beside each wrong field.
func (s *Server) saveProduct(c echo.Context, f productForm, p catalog.Product, problems map[string]string, isNew bool) error {
	fh, _ := c.FormFile("image") // no file chosen is not a problem
	data, err := readProductImage(fh)
	if msg := imageProblem(err); msg != "" {
		problems["image"] = msg
	} else if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.renderProductForm(c, http.StatusUnprocessableEntity, f, p.Image, problems, isNew, p.Active)
	}
	if data != nil {
		name, err := s.deps.ProductImages.Save(data)
		if msg := imageProblem(err); msg != "" {
			problems["image"] = msg
			return s.renderProductForm(c, http.StatusUnprocessableEntity, f, p.Image, problems, isNew, p.Active)
		}
		if err != nil {
			return err
		}
		p.Image = name
	}
	if err := p.Validate(); err != nil {
		// The form checks everything Validate does; reaching here is a bug, not a person's mistake.
		return err
	}
	if err := s.deps.Admin.Products.SaveProduct(c.Request().Context(), p); err != nil {
		return err
	}
	s.productsChanged()
	done := "product-saved"
	if isNew {
		done = "product-created"
	}
	return redirectSeeOther(c, "/admin/products?done="+done)
}

func (s *Server) renderProductForm(c echo.Context, status int, f productForm, image string, problems map[string]string, isNew, active bool) error {
	title := "ویرایش " + f.Name
	action := "/admin/products/" + f.Code
	if isNew {
		title, action = "کالای تازه", "/admin/products"
	}
	unit := "تومان"
	if s.deps.PriceUnit == iran.Rial {
		unit = "ریال"
	}
	v := templates.AdminProductFormPage{AdminPage: s.adminPage(c, title, "products"), New: isNew, Action: action,
		Fields: f.view(), Problems: problems, Image: image, Active: active, UnitLabel: unit,
		MaxImageMB: catalog.MaxImageBytes >> 20}
	for _, k := range catalog.Kinds {
		v.Kinds = append(v.Kinds, templates.AdminOption{Value: string(k), Label: k.Label(), Selected: f.Kind == string(k)})
	}
	return s.render(c, status, templates.AdminProductFormView(v))
}
