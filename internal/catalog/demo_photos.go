package catalog

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/jpeg" // the demo photos' files are JPEG
)

// demoPhotoFiles are the demo catalog's photos, already prepared in every size (scripts/demo-photos.sh makes
// them from the bundled drawings with catalog.PreparePhoto), so seeding a new shop copies bytes and decodes
// nothing: preparing them at each start of a test shop cost seconds under the race detector.
//
//go:embed demophotos/*.jpg
var demoPhotoFiles embed.FS

// demoPhotoNames are each demo product's photos, in order. Four products have three photos (square,
// landscape and portrait, close-ups among them); the others one.
var demoPhotoNames = map[string][]string{
	"saffron-1m":         {"saffron-1", "saffron-2", "saffron-3"},
	"teapot-porcelain":   {"teapot-1", "teapot-2", "teapot-3"},
	"kashan-rug-1x15":    {"rug-1", "rug-2", "rug-3"},
	"lahijan-tea-500":    {"tea"},
	"notebook-leather":   {"notebook"},
	"ebook-cooking":      {"ebook"},
	"course-calligraphy": {"course"},
	"samovar-install":    {"service-install"},
	"decor-consult":      {"service-consult"},
	"tshirt-persian":     {"tshirt-1", "tshirt-2", "tshirt-3"},
}

// DemoPhotos are the demo products' photos by product code, in order, ready to store.
func DemoPhotos() (map[string][]PreparedPhoto, error) {
	out := make(map[string][]PreparedPhoto, len(demoPhotoNames))
	for code, names := range demoPhotoNames {
		for _, name := range names {
			var p PreparedPhoto
			for _, size := range PhotoSizes {
				data, err := demoPhotoFiles.ReadFile("demophotos/" + name + "-" + size.Name() + ".jpg")
				if err != nil {
					return nil, fmt.Errorf("catalog: demo photo: %w", err)
				}
				cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
				if err != nil {
					return nil, fmt.Errorf("catalog: demo photo %s: %w", name, err)
				}
				sum := sha256.Sum256(data)
				p.Files[size] = EncodedPhoto{Data: data, PhotoFile: PhotoFile{Width: cfg.Width, Height: cfg.Height,
					Hash: hex.EncodeToString(sum[:10]), Type: "image/jpeg"}}
			}
			out[code] = append(out[code], p)
		}
	}
	return out, nil
}
