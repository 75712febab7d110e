package store_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"slices"
	"testing"

	"shop/internal/catalog"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// preparedPhoto is a real prepared photo of a w×h picture of one colour.
func preparedPhoto(t *testing.T, w, h int, c color.Color) catalog.PreparedPhoto {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w/2; x++ {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p, err := catalog.PreparePhoto(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func photoIDs(t *testing.T, s *store.Store, code string) []int64 {
	t.Helper()
	m, err := s.ProductsByCode(context.Background(), []string{code})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, p := range m[code].Photos {
		ids = append(ids, p.ID)
	}
	return ids
}

func TestProductPhotos(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		if _, err := s.SeedProducts(ctx, catalog.DemoProducts()); err != nil {
			t.Fatal(err)
		}
		const code = "tea-500"
		tea := catalog.DemoProducts()[1].Code
		red, green, blue := preparedPhoto(t, 1600, 900, color.RGBA{R: 255, A: 255}),
			preparedPhoto(t, 300, 500, color.RGBA{G: 255, A: 255}), preparedPhoto(t, 700, 700, color.RGBA{B: 255, A: 255})
		ids, err := s.AddProductPhotos(ctx, tea, []catalog.PreparedPhoto{red, green})
		if err != nil || len(ids) != 2 {
			t.Fatalf("add: %v, %v", ids, err)
		}
		more, err := s.AddProductPhotos(ctx, tea, []catalog.PreparedPhoto{blue})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, more...)
		if got := photoIDs(t, s, tea); !slices.Equal(got, ids) {
			t.Fatalf("order %v, want %v (added last)", got, ids)
		}

		// What the catalog lists has every size's pixel size and hash, and no bytes.
		all, err := s.AllProducts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(all, func(p catalog.Product) bool { return p.Code == tea })
		first := all[i].Photos[0]
		for _, size := range catalog.PhotoSizes {
			if first.File(size) != red.Files[size].PhotoFile {
				t.Errorf("%s listed as %+v, stored %+v", size.Name(), first.File(size), red.Files[size].PhotoFile)
			}
		}
		if other := all[0]; len(other.Photos) != 0 {
			t.Errorf("%s has photos %+v", other.Code, other.Photos)
		}

		f, err := s.PhotoFile(ctx, ids[1], catalog.PhotoMedium)
		if err != nil || !bytes.Equal(f.Data, green.Files[catalog.PhotoMedium].Data) || f.Type != "image/jpeg" {
			t.Fatalf("photo file: %v, %d bytes, %q", err, len(f.Data), f.Type)
		}

		moves := []struct {
			name string
			id   int64
			move catalog.PhotoMove
			want []int64
		}{
			{"last to the front", ids[2], catalog.PhotoFirst, []int64{ids[2], ids[0], ids[1]}},
			{"up at the front stays", ids[2], catalog.PhotoUp, []int64{ids[2], ids[0], ids[1]}},
			{"down", ids[0], catalog.PhotoDown, []int64{ids[2], ids[1], ids[0]}},
			{"down at the end stays", ids[0], catalog.PhotoDown, []int64{ids[2], ids[1], ids[0]}},
			{"up", ids[0], catalog.PhotoUp, []int64{ids[2], ids[0], ids[1]}},
		}
		for _, m := range moves {
			if err := s.MoveProductPhoto(ctx, tea, m.id, m.move); err != nil {
				t.Fatalf("%s: %v", m.name, err)
			}
			if got := photoIDs(t, s, tea); !slices.Equal(got, m.want) {
				t.Fatalf("%s: %v, want %v", m.name, got, m.want)
			}
		}

		if err := s.SetProductPhotoAlt(ctx, tea, ids[0], "بسته‌ی چای از روبه‌رو"); err != nil {
			t.Fatal(err)
		}
		m, _ := s.ProductsByCode(ctx, []string{tea})
		if p := m[tea].Photos[1]; p.ID != ids[0] || p.AltOr("x") != "بسته‌ی چای از روبه‌رو" || m[tea].Photos[0].AltOr("نام") != "نام" {
			t.Errorf("alt texts: %+v", m[tea].Photos)
		}

		if err := s.DeleteProductPhoto(ctx, tea, ids[2]); err != nil {
			t.Fatal(err)
		}
		if got := photoIDs(t, s, tea); !slices.Equal(got, []int64{ids[0], ids[1]}) {
			t.Fatalf("after delete %v", got)
		}
		if _, err := s.PhotoFile(ctx, ids[2], catalog.PhotoThumb); !errors.Is(err, catalog.ErrPhotoNotFound) {
			t.Errorf("a deleted photo's file: %v", err)
		}

		// Another product's photo id, a product that does not exist, and too many photos are refused.
		saffron := catalog.DemoProducts()[0].Code
		for name, err := range map[string]error{
			"move another's":   s.MoveProductPhoto(ctx, saffron, ids[0], catalog.PhotoFirst),
			"delete another's": s.DeleteProductPhoto(ctx, saffron, ids[0]),
			"alt of another's": s.SetProductPhotoAlt(ctx, saffron, ids[0], "x"),
		} {
			if !errors.Is(err, catalog.ErrPhotoNotFound) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, err := s.AddProductPhotos(ctx, code, []catalog.PreparedPhoto{red}); !errors.Is(err, catalog.ErrProductNotFound) {
			t.Errorf("photo of no product: %v", err)
		}
		many := make([]catalog.PreparedPhoto, catalog.MaxPhotosPerProduct-1)
		for i := range many {
			many[i] = blue
		}
		if _, err := s.AddProductPhotos(ctx, tea, many); !errors.Is(err, catalog.ErrTooManyPhotos) {
			t.Errorf("past the bound: %v", err)
		}
		if got := photoIDs(t, s, tea); len(got) != 2 {
			t.Errorf("a refused upload left %d photos", len(got))
		}
	})
}
