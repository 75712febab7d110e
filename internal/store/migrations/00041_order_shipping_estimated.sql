-- An order whose shipping cost is the seller's fallback price (Frotel could not quote at checkout) says so: the
-- amount is an estimate and Frotel's factor has the real one.

-- +goose Up
ALTER TABLE orders ADD COLUMN shipping_estimated {{.Bool}} NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE orders DROP COLUMN shipping_estimated;
