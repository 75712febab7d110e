-- One-time codes that prove a shopper holds a mobile (sign-in at /account, the confirmation of a cash-on-delivery
-- order). Only an HMAC of the digits is kept; tries and use are compare-and-set columns. A mobile's orders are
-- listed newest first at /account/orders, hence the index on (mobile, created_at).

-- +goose Up
CREATE TABLE one_time_codes (
    id {{.Serial}},
    mobile text NOT NULL,
    code_hash text NOT NULL,
    tries {{.Int}} NOT NULL DEFAULT 0,
    created_at {{.Time}} NOT NULL,
    expires_at {{.Time}} NOT NULL,
    used_at {{.Time}}
);
CREATE INDEX idx_one_time_codes_mobile_created ON one_time_codes (mobile, created_at);
CREATE INDEX idx_orders_mobile_created ON orders (mobile, created_at);

-- +goose Down
DROP INDEX idx_orders_mobile_created;
DROP TABLE one_time_codes;
