package sandbox

import (
	"archive/zip"
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// linkLifetime is how long a virtual order's download link works.
const linkLifetime = 7 * 24 * time.Hour

type download struct {
	token   string
	name    string // file name, e.g. ebook-12.pdf
	ext     string // pdf, zip or txt: what links' "mime" field says
	content []byte
	expire  time.Time
	count   int // successful downloads
}

var fileTypes = map[string]string{
	"pdf": "application/pdf",
	"zip": "application/zip",
	"txt": "text/plain; charset=utf-8",
}

// newDownload makes the file one virtual item delivers. The kind follows the
// product code (…zip… a zip, …txt… a text file, anything else a PDF), so
// tests can ask for each.
func (f *Frotel) newDownload(o *order, it item) *download {
	code := strings.ToLower(it.ProCode)
	ext := "pdf"
	switch {
	case strings.Contains(code, "zip"):
		ext = "zip"
	case strings.Contains(code, "txt"):
		ext = "txt"
	}
	d := &download{
		token:  randomHex(16),
		name:   fileBase(it.ProCode) + "." + ext,
		ext:    ext,
		expire: f.opts.Now().Add(linkLifetime),
	}
	text := fmt.Sprintf("Frotel sandbox download\nfactor %s\nproduct %s\ncount %d\n", o.factor, it.ProCode, it.Count)
	switch ext {
	case "zip":
		d.content = zipFile("readme.txt", text)
	case "txt":
		d.content = []byte(text + it.Name + "\n")
	default:
		d.content = tinyPDF("Frotel sandbox: " + o.factor + " " + fileBase(it.ProCode))
	}
	f.downloads[d.token] = d
	return d
}

// fileBase keeps a product code safe as a file name.
func fileBase(code string) string {
	var b strings.Builder
	for _, c := range code {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "file"
	}
	return b.String()
}

func zipFile(name, text string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err == nil {
		_, err = w.Write([]byte(text))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		panic(err) // writes to memory do not fail
	}
	return buf.Bytes()
}

// tinyPDF builds a valid one-page PDF showing line (ASCII only).
func tinyPDF(line string) []byte {
	line = strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(line)
	stream := fmt.Sprintf("BT /F1 14 Tf 24 72 Td (%s) Tj ET", line)
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, obj := range objects {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return buf.Bytes()
}

func humanSize(n int) string {
	if n < 1024 {
		return strconv.Itoa(n) + " B"
	}
	return strconv.Itoa((n+1023)/1024) + " KB"
}

// serveFile serves GET /files/{token}/{name}: 404 for unknown links, 410 once
// expired or past DownloadLimit.
func (f *Frotel) serveFile(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	d := f.downloads[r.PathValue("token")]
	if d == nil || d.name != r.PathValue("name") {
		f.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	if f.opts.Now().After(d.expire) {
		f.mu.Unlock()
		http.Error(w, "لینک دانلود منقضی شده است", http.StatusGone)
		return
	}
	if f.opts.DownloadLimit > 0 && d.count >= f.opts.DownloadLimit {
		f.mu.Unlock()
		http.Error(w, "سقف دفعات دانلود این لینک پر شده است", http.StatusGone)
		return
	}
	d.count++
	content, name, ext := d.content, d.name, d.ext
	f.mu.Unlock()

	h := w.Header()
	h.Set("Content-Type", fileTypes[ext])
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(len(content)))
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(content)
}
