package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // decoders of the accepted uploads register themselves with image.Decode
	"strconv"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"shop/internal/apperr"
	"shop/internal/iran"
)

// Limits of an uploaded photo. A phone's photo is 2–8 MB and 12–24 megapixels; the pixel bound is checked on the
// header (image.DecodeConfig) before anything is decoded, so a small file claiming a huge picture (a
// decompression bomb) costs nothing. Decoding takes 1.5 (JPEG) to 4 (PNG) bytes a pixel.
const (
	MaxPhotoBytes      = 8 << 20
	MaxPhotoPixels     = 40_000_000
	MaxPhotosPerUpload = 6 // files in one upload form; the body limit is this many MaxPhotoBytes
)

var (
	ErrPhotoTooLarge = apperr.New(apperr.Invalid, "catalog: photo too large",
		"حجم هر عکس حداکثر "+iran.FormatNumber(MaxPhotoBytes>>20)+" مگابایت است؛ عکس کوچک‌تری بفرستید.")
	ErrPhotoTooManyPixels = apperr.New(apperr.Invalid, "catalog: photo has too many pixels",
		"ابعاد این عکس بیش از "+iran.FormatNumber(MaxPhotoPixels/1_000_000)+" مگاپیکسل است؛ عکس کوچک‌تری بفرستید.")
	ErrPhotoType = apperr.New(apperr.Invalid, "catalog: photo is not jpeg, png or webp",
		"فقط عکس JPEG، PNG یا WebP پذیرفته می‌شود.")
	ErrPhotoDamaged = apperr.New(apperr.Invalid, "catalog: photo cannot be decoded",
		"این عکس خوانده نشد؛ شاید ناقص فرستاده شده است. دوباره بفرستید.")
)

// PreparedPhoto is an upload turned into the files the shop stores: every size, re-encoded.
type PreparedPhoto struct {
	Files [len(PhotoSizes)]EncodedPhoto
}

// EncodedPhoto is one size's file with its bytes.
type EncodedPhoto struct {
	PhotoFile
	Data []byte
}

// photoQuality is the JPEG quality of the stored files: 82 is where product pictures stop showing blocks at
// these sizes while the large size stays around 100–200 KB.
const photoQuality = 82

// decoding bounds the photos decoded at once in this process to one: a decoded 40-megapixel picture is 60 MB
// (JPEG) to 160 MB (PNG), and two sellers uploading together must not double the shop's memory. Uploads are rare; waiting is fine.
var decoding = make(chan struct{}, 1)

// PreparePhoto checks an upload and makes its stored sizes. The type is read from the content (never the
// name); JPEG, PNG and WebP are accepted. Every size is the picture scaled down with its ratio kept
// (golang.org/x/image/draw's Catmull-Rom), turned upright by the JPEG's EXIF orientation, and encoded again as
// JPEG, which leaves every piece of metadata behind (camera, place, the EXIF thumbnail). Transparent parts of a
// PNG or WebP are flattened onto white, the cards' background: one format for every photo, and a product cut
// out on transparency looks as the seller meant it.
func PreparePhoto(data []byte) (PreparedPhoto, error) {
	if len(data) > MaxPhotoBytes {
		return PreparedPhoto{}, ErrPhotoTooLarge
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	switch {
	case errors.Is(err, image.ErrFormat):
		return PreparedPhoto{}, ErrPhotoType
	case err != nil:
		return PreparedPhoto{}, fmt.Errorf("%w: %v", ErrPhotoDamaged, err)
	case format != "jpeg" && format != "png" && format != "webp":
		return PreparedPhoto{}, ErrPhotoType // another decoder linked into the binary (gif) is not an upload type
	case cfg.Width <= 0 || cfg.Height <= 0:
		return PreparedPhoto{}, ErrPhotoDamaged
	case int64(cfg.Width)*int64(cfg.Height) > MaxPhotoPixels:
		return PreparedPhoto{}, ErrPhotoTooManyPixels
	}

	decoding <- struct{}{}
	defer func() { <-decoding }()
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return PreparedPhoto{}, fmt.Errorf("%w: %v", ErrPhotoDamaged, err)
	}
	orientation := 1
	if format == "jpeg" {
		orientation = JPEGOrientation(data)
	}
	// The long side's bound is the same whichever way up the picture is, so it is scaled first and turned
	// after, on the smaller image.
	b := src.Bounds()
	lw, lh := FitWithin(b.Dx(), b.Dy(), PhotoLarge.Bound())
	large := upright(scaled(src, lw, lh), orientation)
	lw, lh = large.Bounds().Dx(), large.Bounds().Dy()
	// Each smaller size is drawn from the next larger one (less work, the same sharpness), its pixel size
	// fitted from the large's, so every size's ratio is the large's to the pixel (FitWithin of it).
	images := [len(PhotoSizes)]*image.RGBA{PhotoLarge: large}
	mw, mh := FitWithin(lw, lh, PhotoMedium.Bound())
	images[PhotoMedium] = scaled(large, mw, mh)
	tw, th := FitWithin(lw, lh, PhotoThumb.Bound())
	images[PhotoThumb] = scaled(images[PhotoMedium], tw, th)

	var out PreparedPhoto
	for _, size := range PhotoSizes {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, images[size], &jpeg.Options{Quality: photoQuality}); err != nil {
			return PreparedPhoto{}, fmt.Errorf("catalog: encode photo: %w", err)
		}
		sum := sha256.Sum256(b.Bytes())
		r := images[size].Bounds()
		out.Files[size] = EncodedPhoto{Data: b.Bytes(), PhotoFile: PhotoFile{Width: r.Dx(), Height: r.Dy(),
			Hash: hex.EncodeToString(sum[:10]), Type: "image/jpeg"}}
	}
	return out, nil
}

// FitWithin is a w×h picture's size scaled down, ratio kept, until its longer side is at most bound; a picture
// already within it keeps its size. No side becomes 0.
func FitWithin(w, h, bound int) (int, int) {
	long := max(w, h)
	if long <= bound {
		return w, h
	}
	scale := func(n int) int { return max(1, int((int64(n)*int64(bound)+int64(long)/2)/int64(long))) }
	return scale(w), scale(h)
}

// scaled is src scaled to w×h (its ratio, from FitWithin) into an opaque RGBA over white. A source already that
// size is still drawn onto white, so every stored file is flattened the same way.
func scaled(src image.Image, w, h int) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Over)
		return dst
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	return dst
}

// upright turns a picture as its EXIF orientation (1–8) says it must be turned to be seen the right way up.
func upright(src *image.RGBA, orientation int) *image.RGBA {
	if orientation < 2 || orientation > 8 {
		return src
	}
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	dw, dh := w, h
	if orientation >= 5 {
		dw, dh = h, w
	}
	// from is, for a pixel of the result, the source pixel it shows.
	from := map[int]func(x, y int) (int, int){
		2: func(x, y int) (int, int) { return w - 1 - x, y },         // mirrored
		3: func(x, y int) (int, int) { return w - 1 - x, h - 1 - y }, // upside down
		4: func(x, y int) (int, int) { return x, h - 1 - y },         // mirrored upside down
		5: func(x, y int) (int, int) { return y, x },                 // mirrored, turned a quarter anticlockwise
		6: func(x, y int) (int, int) { return y, h - 1 - x },         // needs a quarter turn clockwise
		7: func(x, y int) (int, int) { return w - 1 - y, h - 1 - x }, // mirrored, turned a quarter clockwise
		8: func(x, y int) (int, int) { return w - 1 - y, x },         // needs a quarter turn anticlockwise
	}[orientation]
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			sx, sy := from(x, y)
			si := src.PixOffset(sx+src.Rect.Min.X, sy+src.Rect.Min.Y)
			copy(dst.Pix[dst.PixOffset(x, y):][:4], src.Pix[si:si+4])
		}
	}
	return dst
}

// PhotoMessage is the Persian sentence for an upload that was refused, "" when err is not about the upload.
func PhotoMessage(err error) string {
	for _, e := range []error{ErrPhotoTooLarge, ErrPhotoTooManyPixels, ErrPhotoType, ErrPhotoDamaged} {
		if errors.Is(err, e) {
			return apperr.MessageOf(e)
		}
	}
	return ""
}

// String is a size for logs: 1200×800.
func (f PhotoFile) String() string { return strconv.Itoa(f.Width) + "×" + strconv.Itoa(f.Height) }
