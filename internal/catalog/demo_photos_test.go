package catalog

import "testing"

// TestDemoPhotos: every demo product has photos, at least two have three, and each stored size keeps the
// bound and the ratio of the others.
func TestDemoPhotos(t *testing.T) {
	photos, err := DemoPhotos()
	if err != nil {
		t.Fatal(err)
	}
	three := 0
	for _, p := range DemoProducts() {
		list := photos[p.Code]
		if len(list) == 0 {
			t.Errorf("%s has no photo", p.Code)
		}
		if len(list) == 3 {
			three++
		}
		for i, ph := range list {
			large := ph.Files[PhotoLarge]
			for _, size := range PhotoSizes {
				f := ph.Files[size]
				if max(f.Width, f.Height) > size.Bound() || f.Width == 0 || f.Height == 0 {
					t.Errorf("%s photo %d %s is %s", p.Code, i, size.Name(), f)
				}
				if w, h := FitWithin(large.Width, large.Height, size.Bound()); f.Width != w || f.Height != h {
					t.Errorf("%s photo %d %s is %s, want %d×%d from the large %s", p.Code, i, size.Name(), f, w, h, large)
				}
			}
		}
	}
	if three < 2 {
		t.Errorf("%d demo products have three photos, want at least 2", three)
	}
	if len(photos) != len(DemoProducts()) {
		t.Errorf("photos for %d products, the demo has %d", len(photos), len(DemoProducts()))
	}
}
