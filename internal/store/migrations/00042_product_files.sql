-- A downloadable product says what the buyer receives: its files, one per line (name, format, size), shown on
-- the product page and edited in the dashboard.

-- +goose Up
ALTER TABLE products ADD COLUMN files text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE products DROP COLUMN files;
