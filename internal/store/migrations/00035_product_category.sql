-- Categories (issue 13): each product belongs to one category, named by a slug the shop's URLs use (/c/SLUG);
-- the slugs and their Persian names are the catalog package's list. Products made before this migration have no
-- category ('') and are listed only in the whole catalog; the demo catalog's products are placed here.

-- +goose Up
ALTER TABLE products ADD COLUMN category text NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS idx_products_category ON products (category, position);
UPDATE products SET category = 'food' WHERE code IN ('saffron-1m', 'lahijan-tea-500') AND category = '';
UPDATE products SET category = 'home' WHERE code IN ('notebook-leather', 'teapot-porcelain', 'kashan-rug-1x15') AND category = '';
UPDATE products SET category = 'learning' WHERE code IN ('ebook-cooking', 'course-calligraphy') AND category = '';
UPDATE products SET category = 'services' WHERE code IN ('samovar-install', 'decor-consult') AND category = '';

-- +goose Down
DROP INDEX IF EXISTS idx_products_category;
ALTER TABLE products DROP COLUMN category;
