package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/catalog"
)

// PhotoFiles reads the stored files of products' photos.
type PhotoFiles interface {
	PhotoFile(ctx context.Context, id int64, size catalog.PhotoSize) (catalog.EncodedPhoto, error)
}

// photoShow serves one size of a photo: /photos/ID/SIZE-HASH.jpg (templates.PhotoPath). A photo's files never
// change once stored and the URL names their bytes by hash, so browsers and any cache in front keep them a year
// without asking again; a URL whose hash is not the file's is a 404, never other bytes under an old name.
func (s *Server) photoShow(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return echo.ErrNotFound
	}
	name, ok := strings.CutSuffix(c.Param("file"), ".jpg")
	sizeName, hash, ok2 := strings.Cut(name, "-")
	size, ok3 := catalog.PhotoSizeNamed(sizeName)
	if !ok || !ok2 || !ok3 || hash == "" {
		return echo.ErrNotFound
	}
	etag := `"` + hash + `"`
	if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		// The URL's hash is the bytes': a browser asking with it has them (a forced reload sends this).
		c.Response().Header().Set("ETag", etag)
		return c.NoContent(http.StatusNotModified)
	}
	f, err := s.deps.Photos.PhotoFile(c.Request().Context(), id, size)
	if errors.Is(err, catalog.ErrPhotoNotFound) || err == nil && f.Hash != hash {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", etag)
	// Only JPEG the shop encoded itself is stored; the sandbox keeps a browser from running anything opened here.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, f.Type, f.Data)
}
