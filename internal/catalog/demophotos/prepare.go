//go:build ignore

// prepare.go writes the stored sizes of pictures, as the shop prepares an upload: go run prepare.go OUTDIR
// PICTURE... (scripts/demo-photos.sh runs it). Each NAME.png becomes OUTDIR/NAME-thumb.jpg, -medium.jpg and
// -large.jpg.
package main

import (
	"os"
	"path/filepath"
	"strings"

	"shop/internal/catalog"
)

func main() {
	out := os.Args[1]
	for _, path := range os.Args[2:] {
		data, err := os.ReadFile(path)
		if err != nil {
			panic(err)
		}
		p, err := catalog.PreparePhoto(data)
		if err != nil {
			panic(path + ": " + err.Error())
		}
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		for _, size := range catalog.PhotoSizes {
			if err := os.WriteFile(filepath.Join(out, name+"-"+size.Name()+".jpg"), p.Files[size].Data, 0o644); err != nil {
				panic(err)
			}
		}
	}
}
