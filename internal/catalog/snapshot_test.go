package catalog

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fakeSource counts loads and serves whatever products it holds.
type fakeSource struct {
	products []Product
	loads    int
	err      error
}

func (f *fakeSource) AllProducts(context.Context) ([]Product, error) {
	f.loads++
	return append([]Product(nil), f.products...), f.err
}

func TestSnapshot(t *testing.T) {
	ctx := context.Background()
	src := &fakeSource{products: []Product{
		{Code: "a", Name: "A", Active: true}, {Code: "b", Name: "B", Active: false}, {Code: "c", Name: "C", Active: true},
	}}
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	s := NewSnapshot(src, time.Minute)
	s.now = func() time.Time { return now }

	list := func() []string {
		t.Helper()
		ps, err := s.ListProducts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, p := range ps {
			codes = append(codes, p.Code)
		}
		return codes
	}
	steps := []struct {
		name      string
		before    func()
		wantList  string
		wantLoads int
	}{
		{"first read loads, active only, in order", nil, "a,c", 1},
		{"second read is served from memory", nil, "a,c", 1},
		{"invalidate reloads", func() { src.products[1].Active = true; s.Invalidate() }, "a,b,c", 2},
		{"older than max age reloads", func() { src.products = src.products[:1]; now = now.Add(2 * time.Minute) }, "a", 3},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.before != nil {
				st.before()
			}
			got := ""
			for i, c := range list() {
				if i > 0 {
					got += ","
				}
				got += c
			}
			if got != st.wantList || src.loads != st.wantLoads {
				t.Errorf("list %q after %d loads, want %q after %d", got, src.loads, st.wantList, st.wantLoads)
			}
		})
	}

	t.Run("by code includes inactive products and skips unknown codes", func(t *testing.T) {
		src.products = []Product{{Code: "a", Active: true}, {Code: "off", Active: false}}
		s.Invalidate()
		m, err := s.ProductsByCode(ctx, []string{"a", "off", "nope"})
		if err != nil || len(m) != 2 || m["off"].Code != "off" {
			t.Errorf("ProductsByCode = %v, %v", m, err)
		}
		if _, err := Lookup(ctx, s, "off"); !errors.Is(err, ErrProductNotFound) {
			t.Errorf("Lookup of an inactive product: %v, want ErrProductNotFound", err)
		}
	})
	t.Run("a failed load is an error and is tried again", func(t *testing.T) {
		src.err = errors.New("database down")
		s.Invalidate()
		if _, err := s.ListProducts(ctx); err == nil {
			t.Fatal("want an error")
		}
		src.err = nil
		if got := list(); len(got) != 1 {
			t.Errorf("after recovery: %v", got)
		}
	})
	t.Run("callers cannot change the snapshot", func(t *testing.T) {
		ps, _ := s.ListProducts(ctx)
		ps[0].Name = "changed"
		again, _ := s.ListProducts(ctx)
		if again[0].Name == "changed" {
			t.Error("the snapshot shares its slice with callers")
		}
	})
}

// TestSnapshotShared: the number Shared returns stays while the products do, and changes with every load, so a
// page kept under it is never served after a change.
func TestSnapshotShared(t *testing.T) {
	ctx := context.Background()
	src := &fakeSource{products: []Product{{Code: "a", Active: true}, {Code: "b", Active: true}}}
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	s := NewSnapshot(src, time.Minute)
	s.now = func() time.Time { return now }
	read := func() ([]Product, uint64) {
		t.Helper()
		ps, v, err := s.Shared(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ps, v
	}
	first, v1 := read()
	if len(first) != 2 {
		t.Fatalf("%d products, want 2", len(first))
	}
	if _, v := read(); v != v1 {
		t.Fatalf("version moved from %d to %d without a load", v1, v)
	}
	src.products[1].Active = false
	s.Invalidate()
	after, v2 := read()
	if v2 == v1 || len(after) != 1 {
		t.Fatalf("after an edit: version %d (was %d), %d products", v2, v1, len(after))
	}
	now = now.Add(2 * time.Minute)
	if _, v3 := read(); v3 != v2 || src.loads != 3 {
		t.Fatalf("a reload that found nothing new moved the version from %d to %d (%d loads)", v2, v3, src.loads)
	}
	src.products[0].Price = 1000
	now = now.Add(2 * time.Minute)
	_, v4 := read()
	if v4 == v2 {
		t.Fatal("a reload that found a new price kept the version")
	}
	src.products[1].Active = true
	s.Invalidate()
	if _, v5 := read(); v5 == v4 {
		t.Fatal("a product shown again kept the version")
	}
	src.err = errors.New("database down")
	s.Invalidate()
	if _, _, err := s.Shared(ctx); err == nil {
		t.Fatal("a failed load was not reported")
	}
}

// TestSnapshotFollowsPhotos: a photo added, moved or described on another instance moves the version at the
// next load (the kept pages are built again); the same photos loaded again, in new slices, do not.
func TestSnapshotFollowsPhotos(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	src := &fakeSource{products: []Product{{Code: "a", Active: true}}}
	s := NewSnapshot(src, time.Minute)
	s.now = func() time.Time { return now }
	photo := func(id int64, alt string) Photo {
		return Photo{ID: id, Alt: alt, Files: [3]PhotoFile{{Width: 320, Height: 200, Hash: "t"}, {Width: 640, Height: 400, Hash: "m"}, {Width: 1200, Height: 750, Hash: "l"}}}
	}
	steps := []struct {
		name   string
		photos []Photo
		moves  bool
	}{
		{"a photo added", []Photo{photo(1, "")}, true},
		{"the same photo loaded again", []Photo{photo(1, "")}, false},
		{"a second one", []Photo{photo(1, ""), photo(2, "")}, true},
		{"the second made first", []Photo{photo(2, ""), photo(1, "")}, true},
		{"an alt text", []Photo{photo(2, "از بالا"), photo(1, "")}, true},
		{"loaded again", []Photo{photo(2, "از بالا"), photo(1, "")}, false},
		{"one deleted", []Photo{photo(1, "")}, true},
	}
	_, version, err := s.Shared(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		src.products[0].Photos = st.photos
		now = now.Add(2 * time.Minute) // the change was made elsewhere: only the age limit reloads
		ps, v, err := s.Shared(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if moved := v != version; moved != st.moves {
			t.Errorf("%s: version moved %v, want %v", st.name, moved, st.moves)
		}
		if len(ps[0].Photos) != len(st.photos) {
			t.Errorf("%s: %d photos served", st.name, len(ps[0].Photos))
		}
		version = v
	}
}
