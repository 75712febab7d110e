-- The dashboard's overview lists what runs low on every visit: partial indexes keep that to the counted rows
-- however large the catalog (most products are not counted).

-- +goose Up
CREATE INDEX idx_products_stock ON products (stock) WHERE stock IS NOT NULL;
CREATE INDEX idx_product_variants_stock ON product_variants (stock) WHERE stock IS NOT NULL;

-- +goose Down
DROP INDEX idx_product_variants_stock;
DROP INDEX idx_products_stock;
