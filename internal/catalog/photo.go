package catalog

import (
	"reflect"
	"slices"

	"shop/internal/apperr"
	"shop/internal/iran"
)

// PhotoSize names one of the sizes every photo is stored in. Pages pick one for src and list all of them in
// srcset, so a phone downloads the thumbnail of a card and the middle size of a product page.
type PhotoSize int

const (
	PhotoThumb  PhotoSize = iota // cards of the catalog, a category, search; the product page's thumbnails
	PhotoMedium                  // the product page on a phone, and a card on a dense screen
	PhotoLarge                   // the product page on a desktop or a dense phone
)

// PhotoSizes lists every size, smallest first (srcset's order).
var PhotoSizes = [...]PhotoSize{PhotoThumb, PhotoMedium, PhotoLarge}

// Bound is the size's longest side in pixels: a stored file is the upload scaled down, ratio kept, until its
// longer side is at most this (an upload already smaller is not enlarged).
func (s PhotoSize) Bound() int {
	switch s {
	case PhotoThumb:
		return 320
	case PhotoMedium:
		return 640
	}
	return 1200
}

// Name is the size in a photo's URL.
func (s PhotoSize) Name() string {
	switch s {
	case PhotoThumb:
		return "thumb"
	case PhotoMedium:
		return "medium"
	}
	return "large"
}

// PhotoSizeNamed is the size of a URL's name.
func PhotoSizeNamed(name string) (PhotoSize, bool) {
	for _, s := range PhotoSizes {
		if s.Name() == name {
			return s, true
		}
	}
	return 0, false
}

// PhotoFile is one stored size of a photo as pages need it (the bytes stay in the store): its pixel size for
// width/height and srcset, and the start of its content's SHA-256, which is in its URL so the URL can be cached
// for ever.
type PhotoFile struct {
	Width, Height int
	Hash          string // hex
	Type          string // Content-Type: image/jpeg
}

// Photo is one of a product's pictures. Photos are ordered; the first is the product's cards' picture.
type Photo struct {
	ID    int64
	Alt   string // Persian, as the seller wrote it; "" reads as the product's name (AltOr)
	Files [len(PhotoSizes)]PhotoFile
}

// File is the photo's stored file of one size.
func (p Photo) File(s PhotoSize) PhotoFile { return p.Files[s] }

// AltOr is the photo's alternative text: the seller's, or the product's name when they wrote none, so renaming
// a product renames the photos that never had their own.
func (p Photo) AltOr(productName string) string {
	if p.Alt != "" {
		return p.Alt
	}
	return productName
}

// CardPhoto is the product's first photo, the one its cards show; ok is false for a product without photos
// (its cards show Image, a bundled picture, as before photos existed).
func (p Product) CardPhoto() (Photo, bool) {
	if len(p.Photos) == 0 {
		return Photo{}, false
	}
	return p.Photos[0], true
}

// Equal reports whether two products are the same in every field, their photos included: the snapshot uses it
// to tell whether a load changed anything. Product has a slice (Photos) and so is not comparable with ==;
// reflect.DeepEqual is == on every other field and compares slices by content, so a field added later is
// compared without anyone remembering to list it here. (A load every 30 s of a few thousand products: cheap.)
func (p Product) Equal(q Product) bool { return reflect.DeepEqual(p, q) }

// MaxAltRunes bounds a photo's alternative text.
const MaxAltRunes = 200

// MaxPhotosPerProduct bounds a product's photos: a gallery, not an archive.
const MaxPhotosPerProduct = 12

var (
	// ErrPhotoNotFound: no photo of that product has that id.
	ErrPhotoNotFound = apperr.New(apperr.NotFound, "catalog: photo not found", "این عکس پیدا نشد؛ شاید پیش‌تر پاک شده است.")
	// ErrTooManyPhotos: the upload would take the product over MaxPhotosPerProduct.
	ErrTooManyPhotos = apperr.New(apperr.Invalid, "catalog: too many photos",
		"هر کالا حداکثر "+iran.FormatNumber(MaxPhotosPerProduct)+" عکس دارد؛ پیش از افزودن، عکسی را پاک کنید.")
)

// PhotoMove is where a photo goes among its product's photos.
type PhotoMove int

const (
	PhotoFirst PhotoMove = iota // to the front: the cards' photo
	PhotoUp                     // one place earlier
	PhotoDown                   // one place later
)

// Moved is ids (a product's photos in order) with id moved as m says; a move past either end changes nothing.
func (m PhotoMove) Moved(ids []int64, id int64) []int64 {
	out := slices.Clone(ids)
	i := slices.Index(out, id)
	if i < 0 {
		return out
	}
	switch {
	case m == PhotoFirst:
		out = slices.Insert(slices.Delete(out, i, i+1), 0, id)
	case m == PhotoUp && i > 0:
		out[i-1], out[i] = out[i], out[i-1]
	case m == PhotoDown && i < len(out)-1:
		out[i+1], out[i] = out[i], out[i+1]
	}
	return out
}
