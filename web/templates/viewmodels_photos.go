package templates

import (
	"strconv"
	"strings"

	"shop/internal/catalog"
)

// Picture is one product picture as an <img> shows it: a photo in its stored sizes (srcset), or a bundled
// drawing for a product without photos. Width and Height are the src's pixels, so the browser keeps the box's
// ratio before the file arrives and nothing on the page moves.
type Picture struct {
	ID            string // the photo's anchor on the product page ("" for a drawing)
	Src           string
	SrcSet        string
	Width, Height int
	Alt           string
	Photo         bool // a photo (shown whole with object-fit); false: a drawing at its own size
}

// Sizes, for the srcset: how wide each picture is drawn. A card is half a phone's width, or a column of the
// grid (at most about 270 px); the product page's photo is the whole phone, or the left column (about 480 px).
const (
	CardSizes    = "(max-width: 560px) 46vw, 270px"
	ProductSizes = "(min-width: 800px) 480px, calc(100vw - 1.5rem)"
	ThumbSizes   = "64px"
)

// PhotoPath is where one stored size of a photo is served: its id, its size and the start of the bytes'
// hash, so the URL of a file never names other bytes and can be cached for ever.
func PhotoPath(id int64, size catalog.PhotoSize, f catalog.PhotoFile) string {
	return "/photos/" + strconv.FormatInt(id, 10) + "/" + size.Name() + "-" + f.Hash + ".jpg"
}

// PhotoPicture is a photo shown at size, with every stored size in its srcset.
func PhotoPicture(ph catalog.Photo, productName string, size catalog.PhotoSize) Picture {
	f := ph.File(size)
	var set []string
	seen := map[int]bool{}
	for _, s := range catalog.PhotoSizes {
		sf := ph.File(s)
		if seen[sf.Width] || sf.Width == 0 {
			continue // an upload smaller than a bound is stored the same in two sizes: list it once
		}
		seen[sf.Width] = true
		set = append(set, PhotoPath(ph.ID, s, sf)+" "+strconv.Itoa(sf.Width)+"w")
	}
	return Picture{ID: "photo-" + strconv.FormatInt(ph.ID, 10), Src: PhotoPath(ph.ID, size, f), SrcSet: strings.Join(set, ", "),
		Width: f.Width, Height: f.Height, Alt: ph.AltOr(productName), Photo: true}
}

// CardPicture is the picture of a product's cards: its first photo's thumbnail, or its bundled drawing.
func CardPicture(p catalog.Product) Picture {
	if ph, ok := p.CardPhoto(); ok {
		return PhotoPicture(ph, p.Name, catalog.PhotoThumb)
	}
	return Picture{Src: ImageURL(p.Image), Width: 140, Height: 140, Alt: p.Name}
}

// GalleryPictures are the product page's pictures: every photo at the middle size (the srcset offers the
// others), or the drawing alone.
func GalleryPictures(p catalog.Product) []Picture {
	if len(p.Photos) == 0 {
		return []Picture{{Src: ImageURL(p.Image), Width: 240, Height: 240, Alt: p.Name}}
	}
	out := make([]Picture, len(p.Photos))
	for i, ph := range p.Photos {
		out[i] = PhotoPicture(ph, p.Name, catalog.PhotoMedium)
	}
	return out
}

// GalleryThumbs are the small links under the product page's photo, one per photo (none for a single one).
func GalleryThumbs(p catalog.Product) []Picture {
	if len(p.Photos) < 2 {
		return nil
	}
	out := make([]Picture, len(p.Photos))
	for i, ph := range p.Photos {
		out[i] = PhotoPicture(ph, p.Name, catalog.PhotoThumb)
	}
	return out
}

// altText is the picture's alternative text, or the one a component gives instead ("-": none, the picture is
// decoration beside a text that says the same).
func altText(p Picture, alt string) string {
	switch alt {
	case "":
		return p.Alt
	case "-":
		return ""
	}
	return alt
}
