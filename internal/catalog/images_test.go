package catalog

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"testing"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImagesSave(t *testing.T) {
	im := Images{Dir: t.TempDir()}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"png", pngBytes(t), nil},
		{"jpeg", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 64)...), nil},
		{"webp", append([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), make([]byte, 32)...), nil},
		{"svg is refused", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ErrImageType},
		{"html named .png is refused", []byte("<html><body>hi</body></html>"), ErrImageType},
		{"gif is refused", []byte("GIF89a\x01\x00\x01\x00"), ErrImageType},
		{"empty", nil, ErrImageType},
		{"too large", append(pngBytes(t), make([]byte, MaxImageBytes)...), ErrImageTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, err := im.Save(tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Save = %q, %v; want %v", name, err, tt.want)
			}
			if err != nil {
				return
			}
			if !UploadedImage(name) {
				t.Fatalf("name %q does not look like an upload", name)
			}
			path, ok := im.Path(name)
			got, rerr := os.ReadFile(path)
			if !ok || rerr != nil || !bytes.Equal(got, tt.data) {
				t.Fatalf("stored file %q: ok=%v err=%v", path, ok, rerr)
			}
		})
	}
	if _, ok := im.Path("../shop.db"); ok {
		t.Fatal("Path accepted a name that is not an upload's")
	}
	if UploadedImage("tea.svg") {
		t.Fatal("a bundled picture is not an upload")
	}
}
