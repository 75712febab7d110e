-- Variants (issue 21): a product's combinations of options (size, colour), each with its own code (Frotel's
-- pro_code for the line), stock (NULL: unlimited) and price difference in rials; an order's line remembers which
-- variant it was.

-- +goose Up
CREATE TABLE product_variants (
    id {{.Serial}},
    product_code text NOT NULL,
    code text NOT NULL,
    options text NOT NULL,
    stock {{.Int}},
    price_delta {{.Int}} NOT NULL DEFAULT 0,
    position {{.Int}} NOT NULL DEFAULT 0,
    CONSTRAINT fk_product_variants_product FOREIGN KEY (product_code) REFERENCES products (code) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ux_product_variants_code ON product_variants (code);
CREATE INDEX idx_product_variants_product ON product_variants (product_code, position);

ALTER TABLE order_items ADD COLUMN variant text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE order_items DROP COLUMN variant;
DROP TABLE product_variants;
