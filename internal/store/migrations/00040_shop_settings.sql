-- The seller's settings edited in the dashboard, one row per setting under the shop's own key (see
-- internal/settings). A key that has no row takes its default from the configuration.

-- +goose Up
CREATE TABLE shop_settings (
    key text PRIMARY KEY,
    value text NOT NULL,
    updated_at {{.Time}} NOT NULL
);

-- +goose Down
DROP TABLE shop_settings;
