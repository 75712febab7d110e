package dashboard

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	"shop/web/templates"
	views "shop/web/templates/admin"
)

// A product's photos are edited on its page, below the product form (HTML forms do not nest): an upload form
// that takes several files at once, and beside each photo its own small forms — make it the first, move it up
// or down, delete it, and its alternative text. Each is a plain POST that comes back to the page, so none needs
// JavaScript.

// photosField is the upload form's file field on the product page; the new-product form's is "image".
const photosField = "photos"

// adminProductPhotoUpload adds the chosen photos after the product's others.
func (d *Dashboard) adminProductPhotoUpload(c echo.Context) error {
	p, err := d.adminProduct(c)
	if err != nil {
		return err
	}
	photos, problem, err := readPhotos(c, photosField)
	if err != nil {
		return err
	}
	if problem == "" && len(photos) == 0 {
		problem = "عکسی انتخاب نشده است؛ یک یا چند پرونده‌ی JPEG، PNG یا WebP انتخاب کنید."
	}
	if problem == "" {
		_, err = d.deps.Photos.AddProductPhotos(c.Request().Context(), p.Code, photos)
		if errors.Is(err, catalog.ErrTooManyPhotos) {
			problem = catalog.ErrTooManyPhotos.Message
		} else if err != nil {
			return err
		}
	}
	if problem != "" {
		return d.renderProductForm(c, http.StatusUnprocessableEntity, productFormOf(p, d.deps.PriceUnit), p.Image,
			map[string]string{photosField: problem}, false, p.Active)
	}
	d.productsChanged()
	return photosDone(c, p.Code, "photos-added")
}

func (d *Dashboard) adminProductPhotoFirst(c echo.Context) error {
	return d.movePhoto(c, catalog.PhotoFirst)
}
func (d *Dashboard) adminProductPhotoUp(c echo.Context) error { return d.movePhoto(c, catalog.PhotoUp) }
func (d *Dashboard) adminProductPhotoDown(c echo.Context) error {
	return d.movePhoto(c, catalog.PhotoDown)
}

func (d *Dashboard) movePhoto(c echo.Context, move catalog.PhotoMove) error {
	code, id, err := photoParams(c)
	if err != nil {
		return err
	}
	if err := d.deps.Photos.MoveProductPhoto(c.Request().Context(), code, id, move); err != nil {
		return photoError(err)
	}
	d.productsChanged()
	return photosDone(c, code, "photo-moved")
}

// adminProductPhotoDelete removes a photo and its stored sizes.
func (d *Dashboard) adminProductPhotoDelete(c echo.Context) error {
	code, id, err := photoParams(c)
	if err != nil {
		return err
	}
	if err := d.deps.Photos.DeleteProductPhoto(c.Request().Context(), code, id); err != nil {
		return photoError(err)
	}
	d.productsChanged()
	return photosDone(c, code, "photo-deleted")
}

// adminProductPhotoAlt saves a photo's alternative text (field alt); an empty one reads as the product's name.
func (d *Dashboard) adminProductPhotoAlt(c echo.Context) error {
	code, id, err := photoParams(c)
	if err != nil {
		return err
	}
	alt := strings.Join(strings.Fields(c.FormValue("alt")), " ")
	if utf8.RuneCountInString(alt) > catalog.MaxAltRunes {
		p, err := d.adminProduct(c)
		if err != nil {
			return err
		}
		return d.renderProductForm(c, http.StatusUnprocessableEntity, productFormOf(p, d.deps.PriceUnit), p.Image,
			map[string]string{photosField: "متن جایگزین حداکثر " + iran.FormatNumber(catalog.MaxAltRunes) + " نویسه است."}, false, p.Active)
	}
	if err := d.deps.Photos.SetProductPhotoAlt(c.Request().Context(), code, id, alt); err != nil {
		return photoError(err)
	}
	d.productsChanged()
	return photosDone(c, code, "photo-alt-saved")
}

// photoParams reads :code and :id; a malformed one is a page that does not exist.
func photoParams(c echo.Context) (string, int64, error) {
	code := c.Param("code")
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if !catalog.ValidCode(code) || err != nil || id <= 0 {
		return "", 0, echo.ErrNotFound
	}
	return code, id, nil
}

// photoError is a photo that is not the product's (deleted in another tab, a made-up id): 404.
func photoError(err error) error {
	if errors.Is(err, catalog.ErrPhotoNotFound) {
		return echo.ErrNotFound
	}
	return err
}

func photosDone(c echo.Context, code, done string) error {
	return httpkit.RedirectSeeOther(c, "/admin/products/"+code+"?done="+done+"#photos")
}

// readPhotos reads and prepares the files of a form's field (none chosen is no photos, not a problem). The
// first file that is refused refuses them all, with a Persian sentence naming it: the seller chose them
// together and would not know which ones were kept.
func readPhotos(c echo.Context, field string) ([]catalog.PreparedPhoto, string, error) {
	if !strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
		return nil, "", nil
	}
	form, err := c.MultipartForm() // parsed already by the CSRF check, spilling large files to disk
	if err != nil {
		return nil, "", httpkit.FormError(err)
	}
	var files []*multipart.FileHeader
	for _, fh := range form.File[field] {
		if fh.Size > 0 { // a file input left empty still sends a part without a name or bytes
			files = append(files, fh)
		}
	}
	if len(files) > catalog.MaxPhotosPerUpload {
		return nil, "هر بار حداکثر " + iran.FormatNumber(catalog.MaxPhotosPerUpload) + " عکس بفرستید.", nil
	}
	var out []catalog.PreparedPhoto
	for _, fh := range files {
		p, err := preparePhotoFile(fh)
		if msg := catalog.PhotoMessage(err); msg != "" {
			return nil, "«" + fh.Filename + "»: " + msg, nil
		}
		if err != nil {
			return nil, "", err
		}
		out = append(out, p)
	}
	return out, "", nil
}

func preparePhotoFile(fh *multipart.FileHeader) (catalog.PreparedPhoto, error) {
	if fh.Size > catalog.MaxPhotoBytes {
		return catalog.PreparedPhoto{}, catalog.ErrPhotoTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return catalog.PreparedPhoto{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, catalog.MaxPhotoBytes+1))
	if err != nil {
		return catalog.PreparedPhoto{}, err
	}
	return catalog.PreparePhoto(data)
}

// photoRows are a product's photos as its page lists them.
func photoRows(p catalog.Product) []views.AdminPhoto {
	out := make([]views.AdminPhoto, len(p.Photos))
	for i, ph := range p.Photos {
		t := ph.File(catalog.PhotoThumb)
		out[i] = views.AdminPhoto{ID: ph.ID, Src: templates.PhotoPath(ph.ID, catalog.PhotoThumb, t), Width: t.Width,
			Height: t.Height, Alt: ph.Alt, Large: ph.File(catalog.PhotoLarge).String(),
			Action: "/admin/products/" + p.Code + "/photos/" + strconv.FormatInt(ph.ID, 10)}
	}
	return out
}
