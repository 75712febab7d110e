-- What Frotel's tracking last said about an order: its status label (verbatim), the postal barcode once the
-- parcel ships, and when the shop last asked. The admin's refresh button and the sync-status job write them.

-- +goose Up
ALTER TABLE orders ADD COLUMN tracking_status text;
ALTER TABLE orders ADD COLUMN barcode text;
ALTER TABLE orders ADD COLUMN tracked_at {{.Time}};

-- +goose Down
ALTER TABLE orders DROP COLUMN tracked_at;
ALTER TABLE orders DROP COLUMN barcode;
ALTER TABLE orders DROP COLUMN tracking_status;
