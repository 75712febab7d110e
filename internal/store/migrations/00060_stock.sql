-- Stock (issue 21): a product's quantity (NULL: unlimited), what each order reserved and where that reservation
-- stands (held while an online order can be paid, taken, released), and every change of a quantity with who made
-- it and why, so a seller can follow each unit.

-- +goose Up
ALTER TABLE products ADD COLUMN stock {{.Int}};

CREATE TABLE order_stock (
    order_id {{.Int}} PRIMARY KEY,
    state text NOT NULL,
    lines text NOT NULL,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL,
    CONSTRAINT fk_order_stock_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);
CREATE INDEX idx_order_stock_state_created ON order_stock (state, created_at);

CREATE TABLE stock_moves (
    id {{.Serial}},
    product_code text NOT NULL,
    variant text NOT NULL DEFAULT '',
    delta {{.Int}} NOT NULL,
    stock_after {{.Int}},
    reason text NOT NULL,
    order_id {{.Int}},
    actor text NOT NULL DEFAULT '',
    at {{.Time}} NOT NULL
);
CREATE INDEX idx_stock_moves_product ON stock_moves (product_code, id);

-- +goose Down
DROP TABLE stock_moves;
DROP TABLE order_stock;
ALTER TABLE products DROP COLUMN stock;
