-- A product's photos, ordered (the first is its cards'), each stored in three sizes. The bytes live in the
-- database rather than under SHOP_DATA_DIR: several instances share one PostgreSQL and nothing else (README,
-- "Running in production"), so a photo uploaded through one instance must be served by all of them, and a backup
-- of the database is then a backup of the whole shop. A photo is a few hundred kilobytes in all and is sent
-- with a year's caching, so the database reads one rarely.

-- +goose Up
CREATE TABLE product_photos (
    id {{.Serial}},
    product_code text NOT NULL REFERENCES products (code) ON DELETE CASCADE,
    position integer NOT NULL,
    alt text NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL
);
CREATE INDEX idx_product_photos_product ON product_photos (product_code, position);

-- One row per size (thumb, medium, large). hash is the start of the bytes' SHA-256, part of the URL.
CREATE TABLE product_photo_files (
    photo_id {{.Int}} NOT NULL REFERENCES product_photos (id) ON DELETE CASCADE,
    size text NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    hash text NOT NULL,
    content_type text NOT NULL,
    data {{.Blob}} NOT NULL,
    PRIMARY KEY (photo_id, size)
);

-- +goose Down
DROP TABLE product_photo_files;
DROP TABLE product_photos;
