package catalog

import (
	"context"
	"slices"
	"testing"
)

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"food": true, "dried-fruit": true, "a1": true, "2026": true,
		"": false, "Food": false, "dried fruit": false, "dried_fruit": false, "-a": false, "a-": false, "خوراکی": false,
		"a/b": false, "012345678901234567890123456789012345678901": false,
	} {
		if got := ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCategoriesOrderAndVisibility(t *testing.T) {
	cats := Categories{
		{Slug: "tea", Name: "چای", Position: 0, Parent: "food"},
		{Slug: "home", Name: "خانه", Position: 1, Hidden: true},
		{Slug: "rugs", Name: "فرش", Position: 0, Parent: "home"},
		{Slug: "food", Name: "خوراکی", Position: 2},
		{Slug: "saffron", Name: "زعفران", Position: 1, Parent: "food", Hidden: true},
		{Slug: "books", Name: "کتاب", Position: 0},
	}
	slugs := func(cs Categories) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Slug)
		}
		return out
	}
	if got, want := slugs(cats.Ordered()), []string{"books", "home", "rugs", "food", "tea", "saffron"}; !slices.Equal(got, want) {
		t.Errorf("Ordered %v, want %v", got, want)
	}
	// A hidden parent hides its children; a hidden child alone is hidden.
	if got, want := slugs(cats.Shown()), []string{"books", "food", "tea"}; !slices.Equal(got, want) {
		t.Errorf("Shown %v, want %v", got, want)
	}
	products := []Product{{Code: "a", Category: "food"}, {Code: "b", Category: "tea"}, {Code: "c", Category: "saffron"}, {Code: "d", Category: "books"}}
	var codes []string
	for _, p := range cats.InCategory(products, "food") {
		codes = append(codes, p.Code)
	}
	if !slices.Equal(codes, []string{"a", "b"}) {
		t.Errorf("food lists %v: want its own and its visible child's", codes)
	}
}

// catSource is a Source with categories.
type catSource struct {
	fakeSource
	cats Categories
}

func (c *catSource) Categories(context.Context) (Categories, error) {
	return append(Categories(nil), c.cats...), nil
}

// A renamed category moves the snapshot's number as an edited product does: the kept pages are named by it.
func TestSnapshotFollowsCategories(t *testing.T) {
	ctx := context.Background()
	stock := int64(3)
	src := &catSource{fakeSource: fakeSource{products: []Product{{Code: "a", Active: true, Stock: &stock}}},
		cats: Categories{{Slug: "food", Name: "خوراکی"}}}
	s := NewSnapshot(src, 0)
	_, cats, v1, err := s.SharedAll(ctx)
	if err != nil || len(cats) != 1 {
		t.Fatalf("%v %v", cats, err)
	}
	s.Invalidate()
	if _, _, v, _ := s.SharedAll(ctx); v != v1 {
		t.Fatalf("a reload that found nothing new moved the number (%d -> %d): the stock pointer is new at each load", v1, v)
	}
	src.cats = Categories{{Slug: "food", Name: "خوراکی‌ها"}}
	s.Invalidate()
	_, cats, v2, _ := s.SharedAll(ctx)
	if v2 == v1 || cats[0].Name != "خوراکی‌ها" {
		t.Fatalf("after a rename: version %d (was %d), %+v", v2, v1, cats)
	}
}
