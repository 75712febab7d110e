package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
)

// MaxImageBytes bounds an uploaded product image.
const MaxImageBytes = 2 << 20

var (
	// ErrImageTooLarge: the upload is over MaxImageBytes.
	ErrImageTooLarge = errors.New("catalog: image too large")
	// ErrImageType: the upload's content is not a JPEG, PNG or WebP picture, whatever its name says.
	ErrImageType = errors.New("catalog: image is not jpeg, png or webp")
)

// imageTypes are the pictures the shop accepts, by the type the content sniffs as.
var imageTypes = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}

// uploadedName is how an uploaded image is named: its content's SHA-256 and the extension of its sniffed type.
// A name of this shape is an upload; anything else in Product.Image is one of the bundled pictures.
var uploadedName = regexp.MustCompile(`^[0-9a-f]{64}\.(jpg|png|webp)$`)

// UploadedImage reports whether a Product.Image names an uploaded picture (served from Images) rather than a
// bundled one under /static/img/.
func UploadedImage(name string) bool { return uploadedName.MatchString(name) }

// Images keeps uploaded product pictures in a folder, named by their content, so a name never changes meaning
// and can be cached forever.
type Images struct {
	Dir string
}

// Save checks an upload (size, and type by its content rather than its name) and stores it, returning the name
// to put in Product.Image.
func (im Images) Save(data []byte) (string, error) {
	if len(data) > MaxImageBytes {
		return "", ErrImageTooLarge
	}
	ext, ok := imageTypes[http.DetectContentType(data)]
	if !ok || len(data) == 0 {
		return "", ErrImageType
	}
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:]) + ext
	if err := os.MkdirAll(im.Dir, 0o755); err != nil {
		return "", fmt.Errorf("catalog: image folder: %w", err)
	}
	path := filepath.Join(im.Dir, name)
	if _, err := os.Stat(path); err == nil {
		return name, nil // the same picture was uploaded before
	}
	// Write beside it and rename, so a reader never sees half a file.
	tmp, err := os.CreateTemp(im.Dir, ".upload-*")
	if err != nil {
		return "", fmt.Errorf("catalog: save image: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("catalog: save image: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("catalog: save image: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", fmt.Errorf("catalog: save image: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("catalog: save image: %w", err)
	}
	return name, nil
}

// Path is where an uploaded image's file is; ok is false for a name that is not an upload's.
func (im Images) Path(name string) (string, bool) {
	if !UploadedImage(name) || im.Dir == "" {
		return "", false
	}
	return filepath.Join(im.Dir, name), true
}
