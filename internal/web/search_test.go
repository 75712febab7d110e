package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"shop/internal/web/webtest"
)

// Search reads Persian as shoppers type it (Arabic yeh and kaf, Persian digits) and says so when nothing matches.
func TestSearch(t *testing.T) {
	ts, _ := newShop(t)
	c := webtest.NewClient(t, ts.URL)
	tests := []struct {
		q     string
		want  []string
		empty bool
	}{
		{q: "چاي", want: []string{"lahijan-tea-500"}},
		{q: "۵۰۰ گرم", want: []string{"lahijan-tea-500"}},
		{q: "كتاب", want: []string{"ebook-cooking"}},
		{q: "هیچ‌چیز ناموجود", empty: true},
		{q: ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			page := c.Get("/search?" + url.Values{"q": {tt.q}}.Encode())
			if page.Status != http.StatusOK {
				t.Fatalf("status %d", page.Status)
			}
			for _, code := range tt.want {
				if !page.Has("product-" + code) {
					t.Errorf("no %s for %q", code, tt.q)
				}
			}
			if got := len(allWithTestid(page, "price")); got != len(tt.want) {
				t.Errorf("%d products for %q, want %d", got, tt.q, len(tt.want))
			}
			if page.Has("search-empty") != tt.empty {
				t.Errorf("empty state shown %v, want %v", page.Has("search-empty"), tt.empty)
			}
			if got := page.Attr("search-q", "value"); got != tt.q {
				t.Errorf("the query box holds %q, want %q", got, tt.q)
			}
		})
	}
	// Adding from the results comes back to them.
	back := "/search?" + url.Values{"q": {"چای"}}.Encode()
	r := c.Submit(back, "/cart/add", url.Values{"code": {"lahijan-tea-500"}, "back": {back}})
	if r.Status != http.StatusSeeOther || r.Location != back {
		t.Errorf("add from search: status %d location %q, want %q", r.Status, r.Location, back)
	}
}
