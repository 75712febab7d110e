package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"shop/internal/catalog"
)

// categoryRow is the categories table (migration 00070).
type categoryRow struct {
	Slug      string `gorm:"primaryKey"`
	Name      string
	Position  int
	Hidden    bool
	Parent    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (categoryRow) TableName() string { return "categories" }

func (r categoryRow) category() catalog.Category {
	return catalog.Category{Slug: r.Slug, Name: r.Name, Position: r.Position, Hidden: r.Hidden, Parent: r.Parent}
}

// Categories returns every category, hidden ones too, by position.
func (s *Store) Categories(ctx context.Context) (catalog.Categories, error) {
	var rows []categoryRow
	if err := s.read.WithContext(ctx).Order("position, slug").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: categories: %w", err)
	}
	out := make(catalog.Categories, len(rows))
	for i, r := range rows {
		out[i] = r.category()
	}
	return out, nil
}

// CreateCategory adds a category, last in the list (last among its parent's children).
func (s *Store) CreateCategory(ctx context.Context, c catalog.Category) error {
	if !catalog.ValidSlug(c.Slug) || c.Name == "" {
		return fmt.Errorf("store: create category %q: slug or name invalid", c.Slug)
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		all, err := categoriesIn(tx)
		if err != nil {
			return fmt.Errorf("store: create category %q: %w", c.Slug, err)
		}
		if _, taken := all.Find(c.Slug); taken {
			return fmt.Errorf("store: create category %q: %w", c.Slug, catalog.ErrCategoryExists)
		}
		if err := parentAllowed(all, c.Slug, c.Parent); err != nil {
			return fmt.Errorf("store: create category %q: %w", c.Slug, err)
		}
		position := 0
		for _, o := range all {
			position = max(position, o.Position+1)
		}
		now := time.Now().UTC()
		row := categoryRow{Slug: c.Slug, Name: c.Name, Position: position, Hidden: c.Hidden, Parent: c.Parent, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store: create category %q: %w", c.Slug, err)
		}
		return nil
	})
}

// UpdateCategory renames a category and sets its parent ("" for none). Its slug never changes: the shop's
// links and the products name it.
func (s *Store) UpdateCategory(ctx context.Context, slug, name, parent string) error {
	if name == "" {
		return fmt.Errorf("store: update category %q: empty name", slug)
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		all, err := categoriesIn(tx)
		if err != nil {
			return fmt.Errorf("store: update category %q: %w", slug, err)
		}
		old, ok := all.Find(slug)
		if !ok {
			return fmt.Errorf("store: update category %q: %w", slug, catalog.ErrCategoryNotFound)
		}
		if err := parentAllowed(all, slug, parent); err != nil {
			return fmt.Errorf("store: update category %q: %w", slug, err)
		}
		updates := map[string]any{"name": name, "parent": parent, "updated_at": time.Now().UTC()}
		if parent != old.Parent {
			// A category that changes group goes last in the new one.
			position := 0
			for _, o := range all {
				if o.Parent == parent && o.Slug != slug {
					position = max(position, o.Position+1)
				}
			}
			updates["position"] = position
		}
		if err := tx.Model(&categoryRow{}).Where("slug = ?", slug).Updates(updates).Error; err != nil {
			return fmt.Errorf("store: update category %q: %w", slug, err)
		}
		return nil
	})
}

// parentAllowed checks one level of parents: the parent is another category that has no parent itself, and a
// category with children stays top-level.
func parentAllowed(all catalog.Categories, slug, parent string) error {
	if parent == "" {
		return nil
	}
	p, ok := all.Find(parent)
	if !ok || parent == slug || p.Parent != "" || len(all.Children(slug)) > 0 {
		return catalog.ErrCategoryParent
	}
	return nil
}

// SetCategoryHidden hides a category from the shop (its page is a 404, the navigation leaves it out) or shows
// it again. Its products stay in the whole catalog either way.
func (s *Store) SetCategoryHidden(ctx context.Context, slug string, hidden bool) error {
	res := s.db.WithContext(ctx).Model(&categoryRow{}).Where("slug = ?", slug).
		Updates(map[string]any{"hidden": hidden, "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return fmt.Errorf("store: set category %q hidden=%v: %w", slug, hidden, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: set category %q hidden: %w", slug, catalog.ErrCategoryNotFound)
	}
	return nil
}

// MoveCategory moves a category one place up (by < 0) or down (by > 0) among its siblings (the top-level
// categories, or its parent's children); at either end it stays. The siblings are numbered afresh, so positions
// made equal by hand or by an old database sort out on the first move.
func (s *Store) MoveCategory(ctx context.Context, slug string, by int) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		all, err := categoriesIn(tx)
		if err != nil {
			return fmt.Errorf("store: move category %q: %w", slug, err)
		}
		c, ok := all.Find(slug)
		if !ok {
			return fmt.Errorf("store: move category %q: %w", slug, catalog.ErrCategoryNotFound)
		}
		var siblings []catalog.Category
		for _, o := range all { // all is by position, slug
			if o.Parent == c.Parent {
				siblings = append(siblings, o)
			}
		}
		i := slices.IndexFunc(siblings, func(o catalog.Category) bool { return o.Slug == slug })
		j := i
		switch {
		case by < 0:
			j = i - 1
		case by > 0:
			j = i + 1
		}
		if j < 0 || j >= len(siblings) || j == i {
			return nil
		}
		siblings[i], siblings[j] = siblings[j], siblings[i]
		now := time.Now().UTC()
		for pos, o := range siblings {
			if o.Position == pos {
				continue
			}
			if err := tx.Model(&categoryRow{}).Where("slug = ?", o.Slug).
				Updates(map[string]any{"position": pos, "updated_at": now}).Error; err != nil {
				return fmt.Errorf("store: move category %q: %w", slug, err)
			}
		}
		return nil
	})
}

func categoriesIn(tx *gormDB) (catalog.Categories, error) {
	var rows []categoryRow
	if err := tx.Order("position, slug").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(catalog.Categories, len(rows))
	for i, r := range rows {
		out[i] = r.category()
	}
	return out, nil
}

// categoryKnown checks, inside a product's save, that the product's category is a row.
func categoryKnown(tx *gormDB, slug string) error {
	if slug == "" {
		return nil
	}
	var n int64
	if err := tx.Model(&categoryRow{}).Where("slug = ?", slug).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%q: %w", slug, catalog.ErrUnknownCategory)
	}
	return nil
}
