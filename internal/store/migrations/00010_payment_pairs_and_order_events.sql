-- Money integrity (issue 10): a verification is claimed per (order, payment id, bank reference), so a forged pair
-- can never take the place of the genuine one; orders remember whether their register call was sent and whether
-- a bank return went unconfirmed; every decision about an order (reconciliation above all) is kept as an event.

-- +goose Up
UPDATE payment_verifications SET ref = '' WHERE ref IS NULL;
DROP INDEX IF EXISTS idx_payment_verifications_order_payment;
CREATE UNIQUE INDEX IF NOT EXISTS ux_payment_verifications_pair ON payment_verifications (order_id, payment_id, ref);
CREATE INDEX IF NOT EXISTS idx_payment_verifications_status ON payment_verifications (status);
CREATE INDEX IF NOT EXISTS idx_payment_callbacks_order_received ON payment_callbacks (order_id, received_at);

ALTER TABLE orders ADD COLUMN register_sent_at {{.Time}};
ALTER TABLE orders ADD COLUMN payment_unconfirmed {{.Bool}} NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS idx_orders_state_updated ON orders (state, updated_at);

CREATE TABLE order_events (
    id {{.Serial}},
    order_id {{.Int}} NOT NULL,
    at {{.Time}} NOT NULL,
    kind text NOT NULL,
    actor text NOT NULL,
    message text NOT NULL,
    evidence text,
    CONSTRAINT fk_order_events_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);
CREATE INDEX idx_order_events_order ON order_events (order_id, id);

-- +goose Down
DROP TABLE order_events;
DROP INDEX IF EXISTS idx_orders_state_updated;
ALTER TABLE orders DROP COLUMN payment_unconfirmed;
ALTER TABLE orders DROP COLUMN register_sent_at;
DROP INDEX IF EXISTS idx_payment_callbacks_order_received;
DROP INDEX IF EXISTS idx_payment_verifications_status;
DROP INDEX IF EXISTS ux_payment_verifications_pair;
CREATE UNIQUE INDEX idx_payment_verifications_order_payment ON payment_verifications (order_id, payment_id);
