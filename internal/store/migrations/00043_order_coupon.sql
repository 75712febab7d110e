-- A Frotel coupon sent with an order, and what it took off the goods: the order's total is goods - discount +
-- shipping, and a registration sent again (reconciliation) sends the same coupon.

-- +goose Up
ALTER TABLE orders ADD COLUMN coupon text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN coupon_discount {{.Int}} NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE orders DROP COLUMN coupon_discount;
ALTER TABLE orders DROP COLUMN coupon;
