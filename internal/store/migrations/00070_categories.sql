-- The seller's own categories (issue 21): rows edited in the dashboard (/admin/categories) instead of a list in
-- the code. A product still names its category by slug (products.category, migration 00035), so the rows below
-- are the demo's four with the slugs and names the code had, and every product keeps its category. A slug never
-- changes once made (it is in the shop's URLs); the name, the place in the list, hidden and the parent do.
-- parent is the slug of a top-level category, or '' for a top-level one: one level only, which the store checks.

-- +goose Up
CREATE TABLE categories (
    slug text PRIMARY KEY,
    name text NOT NULL,
    position {{.Int}} NOT NULL DEFAULT 0,
    hidden {{.Bool}} NOT NULL DEFAULT false,
    parent text NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
CREATE INDEX idx_categories_position ON categories (position, slug);
INSERT INTO categories (slug, name, position, hidden, parent, created_at, updated_at) VALUES
    ('food', 'خوراکی و نوشیدنی', 0, false, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('home', 'خانه و هدیه', 1, false, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('learning', 'کتاب و آموزش', 2, false, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('services', 'خدمات', 3, false, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- +goose Down
DROP TABLE categories;
