-- The bank step is a page of ours reached by GET (issue 23): the pay POST records the attempt with the bank form
-- Frotel returned and redirects to /orders/TOKEN/bank/KEY, which shows that form once. Back from the bank then
-- returns through that address to the order page instead of a browser's "Confirm Form Resubmission".

-- +goose Up
ALTER TABLE payment_attempts ADD COLUMN step_key text NOT NULL DEFAULT '';
ALTER TABLE payment_attempts ADD COLUMN form text NOT NULL DEFAULT '';
ALTER TABLE payment_attempts ADD COLUMN shown_at {{.Time}};
CREATE INDEX IF NOT EXISTS idx_payment_attempts_step_key ON payment_attempts (step_key);

-- +goose Down
DROP INDEX IF EXISTS idx_payment_attempts_step_key;
ALTER TABLE payment_attempts DROP COLUMN shown_at;
ALTER TABLE payment_attempts DROP COLUMN form;
ALTER TABLE payment_attempts DROP COLUMN step_key;
