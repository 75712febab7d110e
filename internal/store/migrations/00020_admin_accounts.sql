-- Admin accounts and their server-side sessions. A session row is what a signed-in cookie points at (by the
-- SHA-256 of its token, so a copy of the table signs nobody in); deleting the row signs the browser out.

-- +goose Up
CREATE TABLE admin_accounts (
    id {{.Serial}},
    email text NOT NULL,
    password_hash text NOT NULL,
    role text NOT NULL,
    created_at {{.Time}} NOT NULL,
    last_sign_in_at {{.Time}}
);
CREATE UNIQUE INDEX ux_admin_accounts_email ON admin_accounts (email);

CREATE TABLE admin_sessions (
    token_hash text PRIMARY KEY,
    account_id {{.Int}} NOT NULL,
    created_at {{.Time}} NOT NULL,
    last_seen_at {{.Time}} NOT NULL,
    CONSTRAINT fk_admin_sessions_account FOREIGN KEY (account_id) REFERENCES admin_accounts (id) ON DELETE CASCADE
);
CREATE INDEX idx_admin_sessions_account_id ON admin_sessions (account_id);

-- +goose Down
DROP TABLE admin_sessions;
DROP TABLE admin_accounts;
