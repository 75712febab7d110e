-- Several instances on one database run each scheduled job once: the instance holding a job's lease runs it.

-- +goose Up
CREATE TABLE job_leases (
    name text NOT NULL,
    holder text NOT NULL,
    expires_at {{.Time}} NOT NULL,
    PRIMARY KEY (name)
);

-- +goose Down
DROP TABLE job_leases;
