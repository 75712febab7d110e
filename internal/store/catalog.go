package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"shop/internal/catalog"
	"shop/internal/iran"
)

// productRow is the products table. The schema is in migrations/; tags only name keys and columns.
type productRow struct {
	Code              string `gorm:"primaryKey"`
	Name              string
	Description       string
	Kind              string
	Price             int64
	Weight            int64
	DiscountPercent   int
	TaxPercent        int
	FreeShipping      bool
	CommissionPercent int
	MarketerID        string
	Image             string
	Files             string
	Category          string
	Active            bool
	Stock             *int64 // NULL: unlimited
	Position          int
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

func (productRow) TableName() string { return "products" }

func (r productRow) product() catalog.Product {
	return catalog.Product{
		Code: r.Code, Name: r.Name, Description: r.Description, Kind: catalog.Kind(r.Kind), Price: r.Price,
		Weight: r.Weight, DiscountPercent: r.DiscountPercent, TaxPercent: r.TaxPercent, FreeShipping: r.FreeShipping,
		CommissionPercent: r.CommissionPercent, MarketerID: r.MarketerID, Image: r.Image, Category: r.Category, Files: r.Files, Active: r.Active,
		CreatedAt: r.CreatedAt.UTC(), Stock: r.Stock,
	}
}

func productRowOf(p catalog.Product, position int) productRow {
	return productRow{
		Code: p.Code, Name: p.Name, Description: p.Description, Kind: string(p.Kind), Price: p.Price, Weight: p.Weight,
		DiscountPercent: p.DiscountPercent, TaxPercent: p.TaxPercent, FreeShipping: p.FreeShipping,
		CommissionPercent: p.CommissionPercent, MarketerID: p.MarketerID, Image: p.Image, Category: p.Category, Files: p.Files, Active: p.Active, Position: position,
		Stock: p.Stock,
	}
}

// ListProducts returns the active products in catalog order.
func (s *Store) ListProducts(ctx context.Context) ([]catalog.Product, error) {
	var rows []productRow
	if err := s.read.WithContext(ctx).Where("active = ?", true).Order("position, code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list products: %w", err)
	}
	out := make([]catalog.Product, len(rows))
	for i, r := range rows {
		out[i] = r.product()
	}
	if err := withPhotos(s.read.WithContext(ctx), out, nil); err != nil {
		return nil, err
	}
	return out, s.withVariants(ctx, out, nil)
}

// ProductsByCode returns the products (active or not) with the given codes; unknown codes are absent from the map.
func (s *Store) ProductsByCode(ctx context.Context, codes []string) (map[string]catalog.Product, error) {
	out := make(map[string]catalog.Product, len(codes))
	if len(codes) == 0 {
		return out, nil
	}
	var rows []productRow
	if err := s.read.WithContext(ctx).Where("code IN ?", codes).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: products by code: %w", err)
	}
	list := make([]catalog.Product, len(rows))
	for i, r := range rows {
		list[i] = r.product()
	}
	if err := s.withVariants(ctx, list, codes); err != nil {
		return nil, err
	}
	photos, err := photosOf(s.read.WithContext(ctx), codes)
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		p.Photos = photos[p.Code]
		out[p.Code] = p
	}
	return out, nil
}

// SaveProduct inserts or updates one product, its stock included (an import's; the history says "seller edit"
// with no name). Nil Variants leave the product's variants as they are (an import that does not know them); an
// empty, non-nil slice removes them.
func (s *Store) SaveProduct(ctx context.Context, p catalog.Product) error {
	return s.SaveProductBy(ctx, p, catalog.Edit{KeepVariants: p.Variants == nil})
}

// SaveProductBy is SaveProduct by a named person (e.By, an admin's e-mail, kept in the stock history). With
// KeepStock an existing product's quantity is left as it is in the database, and with KeepVariants its variants
// (their stocks included): the seller's form did not change them, and writing back what the form showed would
// undo the orders placed since it was opened.
func (s *Store) SaveProductBy(ctx context.Context, p catalog.Product, e catalog.Edit) error {
	by, keepStock := e.By, e.KeepStock
	if err := p.Validate(); err != nil {
		return fmt.Errorf("store: save product: %w", err)
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		if err := categoryKnown(tx, p.Category); err != nil {
			return fmt.Errorf("store: save product %q: %w", p.Code, err)
		}
		// A product keeps its place in the catalog; a new one goes last.
		var existing productRow
		position := 0
		switch err := tx.Where("code = ?", p.Code).Limit(1).Find(&existing).Error; {
		case err != nil:
			return fmt.Errorf("store: save product %q: %w", p.Code, err)
		case existing.Code != "":
			position = existing.Position
		default:
			var n int64
			if err := tx.Model(&productRow{}).Count(&n).Error; err != nil {
				return fmt.Errorf("store: save product %q: %w", p.Code, err)
			}
			position = int(n)
		}
		row := productRowOf(p, position)
		row.CreatedAt = existing.CreatedAt
		if keepStock && existing.Code != "" {
			if err := tx.Omit("stock").Save(&row).Error; err != nil {
				return fmt.Errorf("store: save product %q: %w", p.Code, err)
			}
			return s.saveVariantsUnless(tx, p, e)
		}
		if err := tx.Save(&row).Error; err != nil {
			return fmt.Errorf("store: save product %q: %w", p.Code, err)
		}
		if err := s.saveVariantsUnless(tx, p, e); err != nil {
			return fmt.Errorf("store: save product %q: %w", p.Code, err)
		}
		if sameStock(existing.Stock, p.Stock) && existing.Code != "" || existing.Code == "" && p.Stock == nil {
			return nil
		}
		var delta int64
		if p.Stock != nil && existing.Stock != nil {
			delta = *p.Stock - *existing.Stock
		} else if p.Stock != nil {
			delta = *p.Stock
		}
		return s.recordStockMove(tx, stockLine{Code: p.Code}, delta, p.Stock, catalog.StockSellerEdit, 0, by)
	})
}

func (s *Store) saveVariantsUnless(tx *gormDB, p catalog.Product, e catalog.Edit) error {
	if e.KeepVariants {
		return nil
	}
	return s.saveVariants(tx, p, e.By)
}

func sameStock(a, b *int64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// SeedProducts fills an empty catalog with products; it does nothing when any product exists, so a seller's
// own catalog is never overwritten. It reports whether it seeded.
func (s *Store) SeedProducts(ctx context.Context, products []catalog.Product) (bool, error) {
	seeded := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		var n int64
		if err := tx.Model(&productRow{}).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		rows := make([]productRow, len(products))
		for i, p := range products {
			p.Active = true
			if err := p.Validate(); err != nil {
				return err
			}
			rows[i] = productRowOf(p, i)
		}
		seeded = true
		// In batches: one INSERT of a few thousand products would pass SQLite's limit of bound variables.
		if err := tx.CreateInBatches(&rows, 500).Error; err != nil {
			return err
		}
		for _, p := range products {
			for i, v := range p.Variants {
				row, err := variantRowOf(p.Code, i, v)
				if err != nil {
					return err
				}
				if err := tx.Create(&row).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: seed products: %w", err)
	}
	return seeded, nil
}

// AllProducts returns every product, hidden ones too, in catalog order: the catalog snapshot loads it whole, and
// the dashboard lists it.
func (s *Store) AllProducts(ctx context.Context) ([]catalog.Product, error) {
	var rows []productRow
	if err := s.read.WithContext(ctx).Order("position, code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: all products: %w", err)
	}
	out := make([]catalog.Product, len(rows))
	for i, r := range rows {
		out[i] = r.product()
	}
	if err := withPhotos(s.read.WithContext(ctx), out, nil); err != nil {
		return nil, err
	}
	return out, s.withVariants(ctx, out, nil)
}

// SetProductActive shows a product in the catalog again or hides it. Orders keep their own copy of each item,
// so hiding a product changes no order.
func (s *Store) SetProductActive(ctx context.Context, code string, active bool) error {
	res := s.db.WithContext(ctx).Model(&productRow{}).Where("code = ?", code).
		Updates(map[string]any{"active": active, "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return fmt.Errorf("store: set product %q active=%v: %w", code, active, res.Error)
	}
	if res.RowsAffected == 0 {
		return catalog.ErrProductNotFound
	}
	return nil
}

// ListProductPage returns one page of every product (hidden ones too) that matches the filter, in catalog
// order: each word of the query in the name or the code, the name compared with Persian letters on both sides
// (catalog.Fold's yeh and kaf, as the order search does), the code without regard to case.
func (s *Store) ListProductPage(ctx context.Context, f catalog.ProductFilter) (catalog.ProductPage, error) {
	where := func() *gormDB {
		q := s.read.WithContext(ctx).Model(&productRow{})
		if len(f.Categories) > 0 {
			q = q.Where("category IN ?", f.Categories)
		}
		for _, word := range strings.Fields(iran.NormalizeDigits(f.Query)) {
			name := "%" + escapeLike(persianLetters.Replace(word)) + "%"
			code := "%" + escapeLike(strings.ToLower(word)) + "%"
			q = q.Where("("+foldLetters("name")+" LIKE ? ESCAPE '\\' OR LOWER(code) LIKE ? ESCAPE '\\')", name, code)
		}
		return q
	}
	var total, hidden int64
	if err := where().Count(&total).Error; err != nil {
		return catalog.ProductPage{}, fmt.Errorf("store: count products: %w", err)
	}
	if err := where().Where("active = ?", false).Count(&hidden).Error; err != nil {
		return catalog.ProductPage{}, fmt.Errorf("store: count hidden products: %w", err)
	}
	var rows []productRow
	if err := where().Order("position, code").Offset(f.Offset()).Limit(f.Limit()).Find(&rows).Error; err != nil {
		return catalog.ProductPage{}, fmt.Errorf("store: list products: %w", err)
	}
	out := catalog.ProductPage{Total: int(total), Hidden: int(hidden), Products: make([]catalog.Product, len(rows))}
	codes := make([]string, len(rows))
	for i, r := range rows {
		out.Products[i], codes[i] = r.product(), r.Code
	}
	if len(codes) > 0 {
		if err := withPhotos(s.read.WithContext(ctx), out.Products, codes); err != nil {
			return catalog.ProductPage{}, fmt.Errorf("store: photos of the product page: %w", err)
		}
	}
	return out, nil
}

// SaveProducts creates the products whose code is new (last in the catalog, in the order given) and updates the
// others (in place, keeping their creation time), all in one transaction: a CSV import is all or nothing.
func (s *Store) SaveProducts(ctx context.Context, products []catalog.Product) error {
	for _, p := range products {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("store: save products: %w", err)
		}
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		tx = unprepared(tx)
		cats, err := categoriesIn(tx)
		if err != nil {
			return fmt.Errorf("store: save products: %w", err)
		}
		var existing []productRow
		if err := tx.Select("code", "position", "created_at", "stock").Find(&existing).Error; err != nil {
			return fmt.Errorf("store: save products: %w", err)
		}
		old := make(map[string]productRow, len(existing))
		next := 0
		for _, r := range existing {
			old[r.Code] = r
			next = max(next, r.Position+1)
		}
		now := time.Now().UTC()
		for _, p := range products {
			if _, ok := cats.Find(p.Category); p.Category != "" && !ok {
				return fmt.Errorf("store: save product %q: %q: %w", p.Code, p.Category, catalog.ErrUnknownCategory)
			}
			prev, ok := old[p.Code]
			position := prev.Position
			if !ok {
				position = next
				next++
			}
			row := productRowOf(p, position)
			row.CreatedAt, row.UpdatedAt = prev.CreatedAt, now
			if !ok {
				row.CreatedAt = now
			}
			old[p.Code] = row
			if err := tx.Save(&row).Error; err != nil {
				return fmt.Errorf("store: save product %q: %w", p.Code, err)
			}
			// The stock history says what the import changed, as it says what the form changes.
			if ok && sameStock(prev.Stock, p.Stock) || !ok && p.Stock == nil {
				continue
			}
			var delta int64
			if p.Stock != nil && ok && prev.Stock != nil {
				delta = *p.Stock - *prev.Stock
			} else if p.Stock != nil {
				delta = *p.Stock
			}
			if err := s.recordStockMove(tx, stockLine{Code: p.Code}, delta, p.Stock, catalog.StockSellerEdit, 0, "import"); err != nil {
				return fmt.Errorf("store: save product %q: %w", p.Code, err)
			}
		}
		return nil
	})
}
