package static

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// cssURL finds url("/static/...") references in a stylesheet.
var cssURL = regexp.MustCompile(`url\("(/static/[^"]+)"\)`)

// TestStylesheetURLsAreCurrent keeps the stylesheet's own references (fonts) pointing at files that exist, with
// the content hash URL gives them: a stale ?v= would be cached for a year under the wrong content.
func TestStylesheetURLsAreCurrent(t *testing.T) {
	css, err := fs.ReadFile(FS(), "css/shop.css")
	if err != nil {
		t.Fatal(err)
	}
	refs := cssURL.FindAllStringSubmatch(string(css), -1)
	if len(refs) == 0 {
		t.Fatal("no url() in css/shop.css")
	}
	for _, m := range refs {
		ref := m[1]
		path, _, _ := strings.Cut(strings.TrimPrefix(ref, "/static/"), "?")
		t.Run(path, func(t *testing.T) {
			if _, err := fs.Stat(FS(), path); err != nil {
				t.Fatalf("%s: %v", ref, err)
			}
			if want := URL(path); ref != want {
				t.Errorf("css refers to %s, want %s", ref, want)
			}
		})
	}
}
