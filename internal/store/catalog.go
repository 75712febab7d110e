package store

import (
	"context"
	"fmt"
	"time"

	"shop/internal/catalog"
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
	for _, p := range list {
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
		if err := tx.Create(&rows).Error; err != nil {
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
