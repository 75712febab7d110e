-- Every write of an order bumps its version, and a write names the version it read: two writers that read the
-- same row can no longer both write it whole, the second losing nothing but re-reading and re-applying its change.

-- +goose Up
ALTER TABLE orders ADD COLUMN version {{.Int}} NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE orders DROP COLUMN version;
