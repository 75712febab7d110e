package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"shop/internal/web/httpkit"
)

// staticFiles serves the embedded web/static tree outside echo's middleware chain: a stylesheet needs no session,
// no CSRF cookie and no request log, and a response without Set-Cookie or Vary: Cookie is one a CDN or proxy may
// keep. Text files are gzipped once at start-up, not per request.
type staticFiles struct {
	files   map[string]staticFile // by path under /static/
	started time.Time
}

type staticFile struct {
	contentType string
	hash        string // the same short content hash static.URL puts in ?v=
	plain, gz   []byte // gz is nil when compressing does not pay
}

// compressible lists the types worth gzipping; woff2 and png are compressed already.
func compressible(contentType string) bool {
	for _, p := range []string{"text/", "application/javascript", "image/svg+xml", "application/json"} {
		if strings.HasPrefix(contentType, p) {
			return true
		}
	}
	return false
}

func newStaticFiles(fsys fs.FS) (*staticFiles, error) {
	s := &staticFiles{files: map[string]staticFile{}, started: time.Now()}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		f := staticFile{contentType: mime.TypeByExtension(path.Ext(p)), hash: hex.EncodeToString(sum[:4]), plain: b}
		if f.contentType == "" {
			f.contentType = http.DetectContentType(b)
		}
		// Compressed once at start-up, so even small files are worth it.
		if compressible(f.contentType) && len(b) >= 256 {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write(b)
			_ = zw.Close()
			if buf.Len() < len(b) {
				f.gz = buf.Bytes()
			}
		}
		s.files[p] = f
		return nil
	})
	return s, err
}

func (s *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	f, ok := s.files[strings.TrimPrefix(r.URL.Path, "/static/")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	// A URL with the current hash never changes: cache it for a year. Without (or with an old) hash, an hour.
	if r.URL.Query().Get("v") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	h.Set("Content-Type", f.contentType)
	body, etag := f.plain, `"`+f.hash+`"`
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if httpkit.AcceptsGzip(r) {
			body, etag = f.gz, `"`+f.hash+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", s.started, bytes.NewReader(body))
}
