package catalog

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"strconv"
	"testing"
)

// picture is a w×h test image: a colour gradient, so a scaled copy is not uniform, with a red top-left quadrant
// that shows which way up it ended.
func picture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{R: 30, G: uint8(x * 255 / w), B: uint8(y * 255 / h), A: 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{R: 230, G: 20, B: 20, A: 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation puts an APP1 EXIF segment saying orientation o right after a JPEG's start marker, as a phone
// writes it (big-endian TIFF, one directory entry).
func withOrientation(jpg []byte, o uint16, order binary.ByteOrder) []byte {
	tiff := make([]byte, 8+2+12+4)
	if order == binary.BigEndian {
		copy(tiff, "MM")
	} else {
		copy(tiff, "II")
	}
	order.PutUint16(tiff[2:], 42)
	order.PutUint32(tiff[4:], 8)
	order.PutUint16(tiff[8:], 1)
	order.PutUint16(tiff[10:], 0x0112)
	order.PutUint16(tiff[12:], 3)
	order.PutUint32(tiff[14:], 1)
	order.PutUint16(tiff[18:], o)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// pngHeader is a PNG whose header says w×h and which has no pixels: what a decompression bomb shows before
// its few kilobytes inflate to gigabytes.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	out := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d")
	out = append(out, chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}

func TestPreparePhotoKeepsRatioAndBounds(t *testing.T) {
	webp, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		w, h int // the upload's size
	}{
		{"portrait jpeg", encodeJPEG(t, picture(675, 1300)), 675, 1300},
		{"landscape jpeg", encodeJPEG(t, picture(1500, 700)), 1500, 700},
		{"square png", encodePNG(t, picture(1230, 1230)), 1230, 1230},
		{"between the sizes", encodeJPEG(t, picture(500, 375)), 500, 375},
		{"tiny png", encodePNG(t, picture(40, 30)), 40, 30},
		{"a strip", encodePNG(t, picture(1900, 10)), 1900, 10},
		{"webp", webp, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.w == 0 {
				cfg, _, err := image.DecodeConfig(bytes.NewReader(tt.data))
				if err != nil {
					t.Fatal(err)
				}
				tt.w, tt.h = cfg.Width, cfg.Height
			}
			p, err := PreparePhoto(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			for _, size := range PhotoSizes {
				f := p.Files[size]
				bound := size.Bound()
				if max(f.Width, f.Height) > bound {
					t.Errorf("%s is %s, over %d", size.Name(), f, bound)
				}
				if max(tt.w, tt.h) <= bound && (f.Width != tt.w || f.Height != tt.h) {
					t.Errorf("%s is %s: an upload within the bound keeps its %d×%d", size.Name(), f, tt.w, tt.h)
				}
				if max(tt.w, tt.h) > bound && max(f.Width, f.Height) != bound {
					t.Errorf("%s is %s: the long side should be %d", size.Name(), f, bound)
				}
				// The ratio is kept to within the rounding of one pixel on the short side.
				if d := f.Width*tt.h - f.Height*tt.w; d < 0 && -d > max(tt.w, tt.h) || d > max(tt.w, tt.h) {
					t.Errorf("%s is %s: not the ratio of %d×%d", size.Name(), f, tt.w, tt.h)
				}
				cfg, format, err := image.DecodeConfig(bytes.NewReader(f.Data))
				if err != nil || format != "jpeg" || f.Type != "image/jpeg" {
					t.Fatalf("%s: stored as %q (%s), %v", size.Name(), format, f.Type, err)
				}
				if cfg.Width != f.Width || cfg.Height != f.Height {
					t.Errorf("%s says %s, its file is %d×%d", size.Name(), f, cfg.Width, cfg.Height)
				}
				if len(f.Hash) != 20 {
					t.Errorf("%s hash %q", size.Name(), f.Hash)
				}
			}
		})
	}
}

func TestPreparePhotoRefuses(t *testing.T) {
	var gifData bytes.Buffer
	if err := gif.Encode(&gifData, picture(20, 20), nil); err != nil {
		t.Fatal(err)
	}
	jpg := encodeJPEG(t, picture(200, 100))
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"a bomb: a png header of 100000×100000", pngHeader(100_000, 100_000), ErrPhotoTooManyPixels},
		{"just over the pixel bound", pngHeader(10_000, MaxPhotoPixels/10_000+1), ErrPhotoTooManyPixels},
		{"text", []byte("this is not a picture at all"), ErrPhotoType},
		{"an svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>`), ErrPhotoType},
		{"a gif", gifData.Bytes(), ErrPhotoType},
		{"empty", nil, ErrPhotoType},
		{"a cut-off jpeg", jpg[:len(jpg)/2], ErrPhotoDamaged},
		{"too many bytes", append(bytes.Clone(jpg), make([]byte, MaxPhotoBytes)...), ErrPhotoTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PreparePhoto(tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if PhotoMessage(err) == "" {
				t.Errorf("no Persian message for %v", err)
			}
		})
	}
}

func TestPreparePhotoTurnsByEXIF(t *testing.T) {
	src := encodeJPEG(t, picture(200, 100)) // landscape, red top-left
	tests := []struct {
		orientation uint16
		order       binary.ByteOrder
		w, h        int
		redX, redY  int // a point inside the red quadrant after turning
	}{
		{1, binary.BigEndian, 200, 100, 40, 20},
		{3, binary.LittleEndian, 200, 100, 160, 80}, // upside down: red goes bottom-right
		{6, binary.BigEndian, 100, 200, 80, 40},     // a quarter clockwise: red goes top-right
		{8, binary.LittleEndian, 100, 200, 20, 160}, // a quarter anticlockwise: red goes bottom-left
		{2, binary.BigEndian, 200, 100, 160, 20},    // mirrored: red goes top-right
		{4, binary.LittleEndian, 200, 100, 40, 80},  // mirrored upside down: red goes bottom-left
		{5, binary.LittleEndian, 100, 200, 20, 40},  // transposed: red stays top-left
		{7, binary.BigEndian, 100, 200, 80, 160},    // transverse: red goes bottom-right
		{9, binary.BigEndian, 200, 100, 40, 20},     // not an orientation: as stored
		{0, binary.LittleEndian, 200, 100, 40, 20},  // zero: as stored
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(int(tt.orientation)), func(t *testing.T) {
			data := withOrientation(src, tt.orientation, tt.order)
			p, err := PreparePhoto(data)
			if err != nil {
				t.Fatal(err)
			}
			large := p.Files[PhotoLarge]
			if large.Width != tt.w || large.Height != tt.h {
				t.Fatalf("large is %s, want %d×%d", large, tt.w, tt.h)
			}
			img, err := jpeg.Decode(bytes.NewReader(large.Data))
			if err != nil {
				t.Fatal(err)
			}
			r, g, b, _ := img.At(tt.redX, tt.redY).RGBA()
			if r>>8 < 180 || g>>8 > 80 || b>>8 > 80 {
				t.Errorf("(%d,%d) is %d,%d,%d: the red corner is not where orientation %d puts it", tt.redX, tt.redY, r>>8, g>>8, b>>8, tt.orientation)
			}
			if bytes.Contains(large.Data, []byte("Exif")) {
				t.Error("the stored file still carries EXIF")
			}
		})
	}
}

func TestPreparePhotoFlattensTransparency(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 60, 60)) // fully transparent
	for y := 20; y < 40; y++ {
		for x := 20; x < 40; x++ {
			img.SetNRGBA(x, y, color.NRGBA{G: 200, A: 255})
		}
	}
	webp, err := os.ReadFile("testdata/gopher-doc.with-alpha.lossless.webp")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"png": encodePNG(t, img), "webp with alpha": webp} {
		t.Run(name, func(t *testing.T) {
			p, err := PreparePhoto(data)
			if err != nil {
				t.Fatal(err)
			}
			out, err := jpeg.Decode(bytes.NewReader(p.Files[PhotoThumb].Data))
			if err != nil {
				t.Fatal(err)
			}
			r, g, b, _ := out.At(1, 1).RGBA()
			if r>>8 < 240 || g>>8 < 240 || b>>8 < 240 {
				t.Errorf("a transparent corner came out %d,%d,%d, not white", r>>8, g>>8, b>>8)
			}
		})
	}
}

func TestFitWithin(t *testing.T) {
	tests := []struct{ w, h, bound, wantW, wantH int }{
		{1200, 800, 320, 320, 213},
		{800, 1200, 320, 213, 320},
		{320, 320, 320, 320, 320},
		{100, 50, 320, 100, 50},
		{5000, 1, 320, 320, 1},
		{1, 1, 320, 1, 1},
	}
	for _, tt := range tests {
		if w, h := FitWithin(tt.w, tt.h, tt.bound); w != tt.wantW || h != tt.wantH {
			t.Errorf("FitWithin(%d, %d, %d) = %d×%d, want %d×%d", tt.w, tt.h, tt.bound, w, h, tt.wantW, tt.wantH)
		}
	}
}

func TestJPEGOrientation(t *testing.T) {
	jpg := encodeJPEG(t, picture(8, 8))
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"none", jpg, 1},
		{"six, big-endian", withOrientation(jpg, 6, binary.BigEndian), 6},
		{"eight, little-endian", withOrientation(jpg, 8, binary.LittleEndian), 8},
		{"out of range", withOrientation(jpg, 42, binary.BigEndian), 1},
		{"cut inside the segment", withOrientation(jpg, 6, binary.BigEndian)[:20], 1},
		{"not a jpeg", []byte("GIF89a"), 1},
		{"empty", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := JPEGOrientation(tt.data); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

// FuzzJPEGOrientation: whatever the bytes, the EXIF reader answers an orientation and never reads outside them.
func FuzzJPEGOrientation(f *testing.F) {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, picture(4, 4), nil)
	f.Add(b.Bytes())
	f.Add(withOrientation(b.Bytes(), 6, binary.BigEndian))
	f.Add(withOrientation(b.Bytes(), 3, binary.LittleEndian))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := JPEGOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}
