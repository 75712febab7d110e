package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"shop/internal/catalog"
	"shop/internal/store/storetest"
)

func slugsOf(cs catalog.Categories) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Slug)
	}
	return out
}

// The migration makes the demo's categories rows, with the slugs and names the code had, so every product keeps
// its category.
func TestCategoriesMigrated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		cats, err := s.Categories(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := catalog.Categories{
			{Slug: "food", Name: "خوراکی و نوشیدنی", Position: 0},
			{Slug: "home", Name: "خانه و هدیه", Position: 1},
			{Slug: "learning", Name: "کتاب و آموزش", Position: 2},
			{Slug: "services", Name: "خدمات", Position: 3},
		}
		if !slices.Equal(cats, want) {
			t.Fatalf("categories %+v\nwant %+v", cats, want)
		}
		if _, err := s.SeedProducts(context.Background(), catalog.DemoProducts()); err != nil {
			t.Fatal(err)
		}
		products, _ := s.AllProducts(context.Background())
		for _, p := range products {
			if _, ok := cats.Find(p.Category); !ok {
				t.Errorf("%s names category %q, not a row", p.Code, p.Category)
			}
		}
	})
}

func TestCategoryEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		if err := s.CreateCategory(ctx, catalog.Category{Slug: "nuts", Name: "آجیل"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateCategory(ctx, catalog.Category{Slug: "nuts", Name: "دوباره"}); !errors.Is(err, catalog.ErrCategoryExists) {
			t.Fatalf("duplicate slug: %v", err)
		}
		if err := s.CreateCategory(ctx, catalog.Category{Slug: "pistachio", Name: "پسته", Parent: "nuts"}); err != nil {
			t.Fatal(err)
		}
		for name, c := range map[string]catalog.Category{
			"child of a child": {Slug: "grade-a", Name: "x", Parent: "pistachio"},
			"missing parent":   {Slug: "grade-a", Name: "x", Parent: "no-such"},
			"its own parent":   {Slug: "grade-a", Name: "x", Parent: "grade-a"},
		} {
			if err := s.CreateCategory(ctx, c); !errors.Is(err, catalog.ErrCategoryParent) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if err := s.UpdateCategory(ctx, "nuts", "آجیل", "food"); !errors.Is(err, catalog.ErrCategoryParent) {
			t.Errorf("a parent made a child: %v", err)
		}
		if err := s.UpdateCategory(ctx, "no-such", "x", ""); !errors.Is(err, catalog.ErrCategoryNotFound) {
			t.Errorf("rename a missing one: %v", err)
		}
		if err := s.UpdateCategory(ctx, "food", "خوراکی‌ها", ""); err != nil {
			t.Fatal(err)
		}
		if err := s.MoveCategory(ctx, "nuts", -1); err != nil {
			t.Fatal(err)
		}
		if err := s.MoveCategory(ctx, "food", -1); err != nil { // already first: stays
			t.Fatal(err)
		}
		if err := s.MoveCategory(ctx, "pistachio", -1); err != nil { // the only child: stays
			t.Fatal(err)
		}
		if err := s.SetCategoryHidden(ctx, "home", true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCategoryHidden(ctx, "no-such", true); !errors.Is(err, catalog.ErrCategoryNotFound) {
			t.Errorf("hide a missing one: %v", err)
		}
		cats, err := s.Categories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := slugsOf(cats.Ordered()), []string{"food", "home", "learning", "nuts", "pistachio", "services"}; !slices.Equal(got, want) {
			t.Fatalf("order %v, want %v", got, want)
		}
		if got, want := slugsOf(cats.Shown()), []string{"food", "learning", "nuts", "pistachio", "services"}; !slices.Equal(got, want) {
			t.Fatalf("shown %v, want %v", got, want)
		}
		if food, _ := cats.Find("food"); food.Name != "خوراکی‌ها" {
			t.Errorf("rename: %+v", food)
		}
		// A product may only name a category that is a row.
		p := catalog.DemoProducts()[0]
		p.Category = "no-such"
		if err := s.SaveProduct(ctx, p); !errors.Is(err, catalog.ErrUnknownCategory) {
			t.Fatalf("a product in an unknown category: %v", err)
		}
		p.Category = "pistachio"
		if err := s.SaveProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
	})
}
