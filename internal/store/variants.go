package store

import (
	"context"
	"encoding/json"
	"fmt"

	"shop/internal/catalog"
	"shop/internal/checkout"
)

// variantRow is the product_variants table. Options are JSON text: they are only ever read with their product.
type variantRow struct {
	ID          int64 `gorm:"primaryKey"`
	ProductCode string
	Code        string
	Options     string
	Stock       *int64
	PriceDelta  int64
	Position    int
}

func (variantRow) TableName() string { return "product_variants" }

type optionJSON struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func (r variantRow) variant() (catalog.Variant, error) {
	var opts []optionJSON
	if err := json.Unmarshal([]byte(r.Options), &opts); err != nil {
		return catalog.Variant{}, fmt.Errorf("variant %s options: %w", r.Code, err)
	}
	v := catalog.Variant{Code: r.Code, Stock: r.Stock, PriceDelta: r.PriceDelta, Options: make([]catalog.OptionValue, len(opts))}
	for i, o := range opts {
		v.Options[i] = catalog.OptionValue{Name: o.Name, Value: o.Value}
	}
	return v, nil
}

func variantRowOf(productCode string, position int, v catalog.Variant) (variantRow, error) {
	opts := make([]optionJSON, len(v.Options))
	for i, o := range v.Options {
		opts[i] = optionJSON{Name: o.Name, Value: o.Value}
	}
	b, err := json.Marshal(opts)
	if err != nil {
		return variantRow{}, err
	}
	return variantRow{ProductCode: productCode, Code: v.Code, Options: string(b), Stock: v.Stock, PriceDelta: v.PriceDelta, Position: position}, nil
}

// withVariants fills the products' variants, in their order, with one query (every variant when codes is nil).
func (s *Store) withVariants(ctx context.Context, products []catalog.Product, codes []string) error {
	if len(products) == 0 {
		return nil
	}
	q := s.read.WithContext(ctx).Order("product_code, position, id")
	if codes != nil {
		q = q.Where("product_code IN ?", codes)
	}
	var rows []variantRow
	if err := q.Find(&rows).Error; err != nil {
		return fmt.Errorf("store: variants: %w", err)
	}
	if len(rows) == 0 {
		return nil
	}
	by := map[string][]catalog.Variant{}
	for _, r := range rows {
		v, err := r.variant()
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		by[r.ProductCode] = append(by[r.ProductCode], v)
	}
	for i := range products {
		products[i].Variants = by[products[i].Code]
	}
	return nil
}

// saveVariants replaces a product's variants with p's, recording each quantity that changed in the stock
// history. A variant keeps its row (and id) while its code stays.
func (s *Store) saveVariants(tx *gormDB, p catalog.Product, by string) error {
	var old []variantRow
	if err := tx.Where("product_code = ?", p.Code).Find(&old).Error; err != nil {
		return err
	}
	was := map[string]variantRow{}
	for _, r := range old {
		was[r.Code] = r
	}
	keep := map[string]bool{}
	for i, v := range p.Variants {
		row, err := variantRowOf(p.Code, i, v)
		if err != nil {
			return err
		}
		prev, existed := was[v.Code]
		if existed {
			row.ID = prev.ID
		}
		if err := tx.Save(&row).Error; err != nil {
			return fmt.Errorf("variant %s: %w", v.Code, err)
		}
		keep[v.Code] = true
		if existed && sameStock(prev.Stock, v.Stock) || !existed && v.Stock == nil {
			continue
		}
		var delta int64
		switch {
		case v.Stock != nil && existed && prev.Stock != nil:
			delta = *v.Stock - *prev.Stock
		case v.Stock != nil:
			delta = *v.Stock
		}
		if err := s.recordStockMove(tx, stockLine{Code: p.Code, Variant: v.Code}, delta, v.Stock, catalog.StockSellerEdit, 0, by); err != nil {
			return err
		}
	}
	for _, r := range old {
		if !keep[r.Code] {
			if err := tx.Delete(&variantRow{}, r.ID).Error; err != nil {
				return fmt.Errorf("remove variant %s: %w", r.Code, err)
			}
		}
	}
	return nil
}

// VariantCodeTaken reports whether code is already a product's code or another product's variant's: a variant's
// code is Frotel's pro_code for its line, so it must name one thing only.
func (s *Store) VariantCodeTaken(ctx context.Context, code, exceptProduct string) (bool, error) {
	var n int64
	if err := s.read.WithContext(ctx).Model(&variantRow{}).Where("code = ? AND product_code <> ?", code, exceptProduct).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: variant code: %w", err)
	}
	if n > 0 {
		return true, nil
	}
	if err := s.read.WithContext(ctx).Model(&productRow{}).Where("code = ?", code).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: variant code: %w", err)
	}
	return n > 0, nil
}

// OrderLines reads the lines of many orders at once, for the export's items column: only what it names of each
// (code, variant, name, count), scanned without gorm's reflection, since a year's export reads a quarter of a
// million of them.
func (s *Store) OrderLines(ctx context.Context, ids []int64) (map[int64][]checkout.Item, error) {
	out := make(map[int64][]checkout.Item, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.read.WithContext(ctx).Model(&orderItemRow{}).Select("order_id", "code", "variant", "name", "count").
		Where("order_id IN ?", ids).Order("order_id, position").Rows()
	if err != nil {
		return nil, fmt.Errorf("store: order lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var it checkout.Item
		if err := rows.Scan(&id, &it.Code, &it.Variant, &it.Name, &it.Count); err != nil {
			return nil, fmt.Errorf("store: order lines: %w", err)
		}
		out[id] = append(out[id], it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: order lines: %w", err)
	}
	return out, nil
}
