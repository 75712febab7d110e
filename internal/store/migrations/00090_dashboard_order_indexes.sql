-- Indexes for every filter of the dashboard's orders list, its keyset pages and the overview's sums (issue 21), so
-- that none of them reads the whole orders table at a seller's real volume (100,000 orders a year):
--   the list unfiltered, by dates, the export and the overview walk created_at (then id, the keyset's tie-break);
--   the overview's day tallies read state, payment and total from that same index, never the rows;
--   state (held orders first, a state, "needs a person"), payment way and kind each have theirs, in list order.
-- The state index (state) alone is dropped: (state, created_at, id) answers everything it did. Checked by
-- TestDashboardQueriesUseIndexes (EXPLAIN QUERY PLAN).

-- +goose Up
CREATE INDEX IF NOT EXISTS idx_orders_created ON orders (created_at, id, state, payment, total);
CREATE INDEX IF NOT EXISTS idx_orders_state_created ON orders (state, created_at, id);
CREATE INDEX IF NOT EXISTS idx_orders_payment_created ON orders (payment, created_at, id);
CREATE INDEX IF NOT EXISTS idx_orders_kind_created ON orders (kind, created_at, id);
DROP INDEX IF EXISTS idx_orders_state;
-- The overview's payment success rate: finished checks since a day, verified or not.
CREATE INDEX IF NOT EXISTS idx_payment_verifications_status_checked ON payment_verifications (status, checked_at, verified);
DROP INDEX IF EXISTS idx_payment_verifications_status;

-- +goose Down
CREATE INDEX IF NOT EXISTS idx_payment_verifications_status ON payment_verifications (status);
DROP INDEX IF EXISTS idx_payment_verifications_status_checked;
CREATE INDEX IF NOT EXISTS idx_orders_state ON orders (state);
DROP INDEX IF EXISTS idx_orders_kind_created;
DROP INDEX IF EXISTS idx_orders_payment_created;
DROP INDEX IF EXISTS idx_orders_state_created;
DROP INDEX IF EXISTS idx_orders_created;
