-- The schema as gorm's AutoMigrate made it before the shop had migrations (commit 533a554): same tables,
-- columns, types, indexes and foreign keys. Every statement is IF NOT EXISTS, so this migration also adopts a
-- database AutoMigrate created, leaving its rows as they are. Placeholders: see internal/store/migrate.go.

-- +goose Up
CREATE TABLE IF NOT EXISTS products (
    code text,
    name text NOT NULL,
    description text,
    kind text NOT NULL,
    price {{.Int}} NOT NULL,
    weight {{.Int}} NOT NULL,
    discount_percent {{.Int}} NOT NULL,
    tax_percent {{.Int}} NOT NULL,
    free_shipping {{.Bool}} NOT NULL,
    commission_percent {{.Int}} NOT NULL,
    marketer_id text,
    image text,
    active {{.Bool}} NOT NULL,
    position {{.Int}} NOT NULL,
    created_at {{.Time}},
    updated_at {{.Time}},
    PRIMARY KEY (code)
);
CREATE INDEX IF NOT EXISTS idx_products_kind ON products (kind);
CREATE INDEX IF NOT EXISTS idx_products_active ON products (active);

CREATE TABLE IF NOT EXISTS orders (
    id {{.Serial}},
    token text NOT NULL,
    group_token text NOT NULL,
    kind text NOT NULL,
    state text NOT NULL,
    first_name text,
    last_name text,
    mobile text,
    phone text,
    gender {{.Int}} NOT NULL,
    email text,
    address text,
    postal_code text,
    province_id {{.Int}} NOT NULL,
    province_name text,
    city_id {{.Int}} NOT NULL,
    city_name text,
    message text,
    ip text,
    send {{.Int}} NOT NULL,
    payment {{.Int}} NOT NULL,
    free_ship {{.Bool}} NOT NULL,
    goods_total {{.Int}} NOT NULL,
    shipping {{.Int}} NOT NULL,
    total {{.Int}} NOT NULL,
    factor_id text,
    factor_total {{.Int}} NOT NULL,
    banks text,
    remainder {{.Int}} NOT NULL,
    retrying {{.Bool}} NOT NULL,
    tracking_code text,
    downloads text,
    links_error text,
    problem text,
    created_at {{.Time}},
    updated_at {{.Time}}
);
-- The token is the shopper's key to an order and the bank callback's; the factor id is empty until Frotel
-- registers the order, so it is indexed but cannot be unique.
CREATE UNIQUE INDEX IF NOT EXISTS idx_orders_token ON orders (token);
CREATE INDEX IF NOT EXISTS idx_orders_group ON orders (group_token);
CREATE INDEX IF NOT EXISTS idx_orders_state ON orders (state);
CREATE INDEX IF NOT EXISTS idx_orders_mobile ON orders (mobile);
CREATE INDEX IF NOT EXISTS idx_orders_factor_id ON orders (factor_id);

CREATE TABLE IF NOT EXISTS order_items (
    id {{.Serial}},
    order_id {{.Int}} NOT NULL,
    position {{.Int}} NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    unit_price {{.Int}} NOT NULL,
    count {{.Int}} NOT NULL,
    unit_weight {{.Int}} NOT NULL,
    discount_percent {{.Int}} NOT NULL,
    tax_percent {{.Int}} NOT NULL,
    free_shipping {{.Bool}} NOT NULL,
    commission_percent {{.Int}} NOT NULL,
    marketer_id {{.Int}} NOT NULL,
    total {{.Int}} NOT NULL,
    CONSTRAINT fk_orders_items FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_order_items_order_id ON order_items (order_id);

CREATE TABLE IF NOT EXISTS payment_attempts (
    id {{.Serial}},
    order_id {{.Int}} NOT NULL,
    via text NOT NULL,
    bank_id text,
    error text,
    created_at {{.Time}},
    CONSTRAINT fk_payment_attempts_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_payment_attempts_order_id ON payment_attempts (order_id);

CREATE TABLE IF NOT EXISTS payment_callbacks (
    id {{.Serial}},
    order_id {{.Int}} NOT NULL,
    payment_id text,
    ref text,
    method text,
    params text,
    outcome text,
    received_at {{.Time}} NOT NULL,
    CONSTRAINT fk_payment_callbacks_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_payment_callbacks_order_id ON payment_callbacks (order_id);

CREATE TABLE IF NOT EXISTS payment_verifications (
    id {{.Serial}},
    order_id {{.Int}} NOT NULL,
    payment_id text NOT NULL,
    ref text,
    status text NOT NULL,
    verified {{.Bool}} NOT NULL,
    message text,
    tracking_code text,
    error text,
    checked_at {{.Time}},
    created_at {{.Time}},
    updated_at {{.Time}},
    CONSTRAINT fk_payment_verifications_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);
-- Unique (order, payment) is what lets ClaimVerification hand out each checkPay exactly once.
CREATE UNIQUE INDEX IF NOT EXISTS idx_payment_verifications_order_payment ON payment_verifications (order_id, payment_id);

-- Terminal + RRN + local time is unique, so the nightly loyalty pull can be repeated without duplicates.
CREATE TABLE IF NOT EXISTS loyalty_terminal_transactions (
    id {{.Serial}},
    terminal text NOT NULL,
    rrn text NOT NULL,
    local_time {{.Time}} NOT NULL,
    pan_masked text,
    amount {{.Int}},
    tr_amount {{.Int}},
    fetched_at {{.Time}}
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_loyalty_terminal_tx ON loyalty_terminal_transactions (terminal, rrn, local_time);
CREATE INDEX IF NOT EXISTS idx_loyalty_terminal_transactions_local_time ON loyalty_terminal_transactions (local_time);

CREATE TABLE IF NOT EXISTS loyalty_mapped_transactions (
    id {{.Serial}},
    terminal text NOT NULL,
    rrn text NOT NULL,
    local_time {{.Time}} NOT NULL,
    pan_masked text,
    amount {{.Int}},
    tr_amount {{.Int}},
    fetched_at {{.Time}}
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_loyalty_mapped_tx ON loyalty_mapped_transactions (terminal, rrn, local_time);
CREATE INDEX IF NOT EXISTS idx_loyalty_mapped_transactions_local_time ON loyalty_mapped_transactions (local_time);

CREATE TABLE IF NOT EXISTS job_runs (
    id {{.Serial}},
    name text NOT NULL,
    started_at {{.Time}} NOT NULL,
    finished_at {{.Time}},
    rows_seen {{.Int}},
    rows_new {{.Int}},
    ok {{.Bool}} NOT NULL DEFAULT false,
    error text,
    gap_flag {{.Bool}} NOT NULL DEFAULT false,
    gap_note text
);
CREATE INDEX IF NOT EXISTS idx_job_runs_name_started ON job_runs (name, started_at);

-- +goose Down
DROP TABLE job_runs;
DROP TABLE loyalty_mapped_transactions;
DROP TABLE loyalty_terminal_transactions;
DROP TABLE payment_verifications;
DROP TABLE payment_callbacks;
DROP TABLE payment_attempts;
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE products;
