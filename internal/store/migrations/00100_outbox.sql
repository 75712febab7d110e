-- The outbox: every message to a buyer or the seller (SMS, e-mail, one-time codes) is a row written in the same
-- transaction as the order move or event that causes it, and a sender job sends it later. A sender claims a row
-- by compare-and-set on its lease (lease_until), so several instances send each message once.
--
-- body is the text rendered from the seller's template when the row is written (subject only for e-mail); code
-- holds a one-time code until it is sent, then it is emptied. dedupe, when set, makes a message
-- that a replayed move would queue again a no-op (NULLs never collide).

-- +goose Up
CREATE TABLE outbox (
    id {{.Serial}},
    channel text NOT NULL,
    event text NOT NULL,
    order_id {{.Int}},
    receptor text NOT NULL,
    subject text NOT NULL DEFAULT '',
    body text NOT NULL DEFAULT '',
    code text NOT NULL DEFAULT '',
    priority {{.Int}} NOT NULL DEFAULT 0,
    state text NOT NULL,
    attempts {{.Int}} NOT NULL DEFAULT 0,
    next_at {{.Time}} NOT NULL,
    lease_until {{.Time}},
    lease_holder text NOT NULL DEFAULT '',
    last_error text NOT NULL DEFAULT '',
    dedupe text,
    created_at {{.Time}} NOT NULL,
    sent_at {{.Time}},
    expires_at {{.Time}}
);
CREATE INDEX outbox_due ON outbox (state, next_at);
CREATE INDEX outbox_order ON outbox (order_id);
CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe);

-- +goose Down
DROP TABLE outbox;
