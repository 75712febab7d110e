// Package static embeds the shop's stylesheets, scripts, fonts and images, so the binary alone serves the shop.
// URL gives each file a content-hashed query string, so browsers may cache them for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sync"
)

//go:embed css js fonts img
var files embed.FS

// FS is the embedded static tree, rooted at web/static.
func FS() fs.FS { return files }

var (
	hashOnce sync.Once
	hashes   map[string]string
)

// URL returns the public URL of an embedded file (path relative to web/static, e.g. "css/shop.css"),
// with a short content hash so a new build never serves a stale cached copy.
func URL(path string) string {
	hashOnce.Do(func() {
		hashes = map[string]string{}
		_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := files.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			hashes[p] = hex.EncodeToString(sum[:4])
			return nil
		})
	})
	if h, ok := hashes[path]; ok {
		return "/static/" + path + "?v=" + h
	}
	return "/static/" + path
}
