package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"shop/internal/catalog"
)

// photoRow is product_photos: one photo of a product, its place among them and its alternative text. Its files
// (one per size, with the bytes) are photoFileRow; migrations/00080 says why the bytes are in the database.
type photoRow struct {
	ID          int64 `gorm:"primaryKey"`
	ProductCode string
	Position    int
	Alt         string
	CreatedAt   time.Time
}

func (photoRow) TableName() string { return "product_photos" }

type photoFileRow struct {
	PhotoID     int64  `gorm:"primaryKey"`
	Size        string `gorm:"primaryKey"`
	Width       int
	Height      int
	Hash        string
	ContentType string
	Data        []byte
}

func (photoFileRow) TableName() string { return "product_photo_files" }

// photoListing is a photo's file as listed for the catalog: everything but the bytes.
type photoListing struct {
	ID          int64
	ProductCode string
	Alt         string
	Size        string
	Width       int
	Height      int
	Hash        string
	ContentType string
}

// photosOf returns the photos of the given products (all products when codes is nil), in order, without bytes.
func photosOf(db *gormDB, codes []string) (map[string][]catalog.Photo, error) {
	q := db.Table("product_photos AS p").
		Select("p.id, p.product_code, p.alt, f.size, f.width, f.height, f.hash, f.content_type").
		Joins("JOIN product_photo_files AS f ON f.photo_id = p.id").
		Order("p.product_code, p.position, p.id")
	if codes != nil {
		if len(codes) == 0 {
			return map[string][]catalog.Photo{}, nil
		}
		q = q.Where("p.product_code IN ?", codes)
	}
	var rows []photoListing
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: product photos: %w", err)
	}
	out := map[string][]catalog.Photo{}
	for _, r := range rows {
		size, ok := catalog.PhotoSizeNamed(r.Size)
		if !ok {
			continue // a size a later version stored and this one does not know
		}
		list := out[r.ProductCode]
		if n := len(list); n == 0 || list[n-1].ID != r.ID {
			list = append(list, catalog.Photo{ID: r.ID, Alt: r.Alt})
		}
		list[len(list)-1].Files[size] = catalog.PhotoFile{Width: r.Width, Height: r.Height, Hash: r.Hash, Type: r.ContentType}
		out[r.ProductCode] = list
	}
	return out, nil
}

// withPhotos gives each product its photos.
func withPhotos(db *gormDB, products []catalog.Product, codes []string) error {
	photos, err := photosOf(db, codes)
	if err != nil {
		return err
	}
	for i := range products {
		products[i].Photos = photos[products[i].Code]
	}
	return nil
}

// AddProductPhotos adds prepared photos after a product's others, all or none; it returns their ids.
func (s *Store) AddProductPhotos(ctx context.Context, code string, photos []catalog.PreparedPhoto) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		var n int64
		if err := tx.Model(&productRow{}).Where("code = ?", code).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return catalog.ErrProductNotFound
		}
		var existing []photoRow
		if err := tx.Where("product_code = ?", code).Order("position").Find(&existing).Error; err != nil {
			return err
		}
		if len(existing)+len(photos) > catalog.MaxPhotosPerProduct {
			return catalog.ErrTooManyPhotos
		}
		next := 0
		if len(existing) > 0 {
			next = existing[len(existing)-1].Position + 1
		}
		now := time.Now().UTC()
		for i, p := range photos {
			row := photoRow{ProductCode: code, Position: next + i, CreatedAt: now}
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
			files := make([]photoFileRow, 0, len(p.Files))
			for _, size := range catalog.PhotoSizes {
				f := p.Files[size]
				files = append(files, photoFileRow{PhotoID: row.ID, Size: size.Name(), Width: f.Width, Height: f.Height,
					Hash: f.Hash, ContentType: f.Type, Data: f.Data})
			}
			if err := tx.Create(&files).Error; err != nil {
				return err
			}
			ids = append(ids, row.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: add photos of %q: %w", code, err)
	}
	return ids, nil
}

// MoveProductPhoto moves one of a product's photos (to the front, one up, one down) and numbers them all again
// in their new order.
func (s *Store) MoveProductPhoto(ctx context.Context, code string, id int64, move catalog.PhotoMove) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		var ids []int64
		if err := tx.Model(&photoRow{}).Where("product_code = ?", code).Order("position, id").Pluck("id", &ids).Error; err != nil {
			return err
		}
		if !slices.Contains(ids, id) {
			return catalog.ErrPhotoNotFound
		}
		for pos, pid := range move.Moved(ids, id) {
			if err := tx.Model(&photoRow{}).Where("id = ?", pid).Update("position", pos).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: move photo %d of %q: %w", id, code, err)
	}
	return nil
}

// DeleteProductPhoto removes one of a product's photos with its files.
func (s *Store) DeleteProductPhoto(ctx context.Context, code string, id int64) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		// The files go first and explicitly: the foreign key's cascade would do it, but only where the database
		// enforces foreign keys, and a database adopted from an older one might not.
		res := tx.Where("id = ? AND product_code = ?", id, code).Limit(1).Find(&photoRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return catalog.ErrPhotoNotFound
		}
		if err := tx.Where("photo_id = ?", id).Delete(&photoFileRow{}).Error; err != nil {
			return err
		}
		return tx.Where("id = ?", id).Delete(&photoRow{}).Error
	})
	if err != nil {
		return fmt.Errorf("store: delete photo %d of %q: %w", id, code, err)
	}
	return nil
}

// SetProductPhotoAlt sets a photo's alternative text; "" makes it the product's name again.
func (s *Store) SetProductPhotoAlt(ctx context.Context, code string, id int64, alt string) error {
	res := s.db.WithContext(ctx).Model(&photoRow{}).Where("id = ? AND product_code = ?", id, code).Update("alt", alt)
	if res.Error != nil {
		return fmt.Errorf("store: photo %d of %q alt: %w", id, code, res.Error)
	}
	if res.RowsAffected == 0 {
		// SQLite and PostgreSQL count a row matched even when its value was already that: zero is no such photo.
		return catalog.ErrPhotoNotFound
	}
	return nil
}

// PhotoFile reads one size of one photo, with its bytes, for serving.
func (s *Store) PhotoFile(ctx context.Context, id int64, size catalog.PhotoSize) (catalog.EncodedPhoto, error) {
	var row photoFileRow
	res := s.read.WithContext(ctx).Where("photo_id = ? AND size = ?", id, size.Name()).Limit(1).Find(&row)
	if res.Error != nil {
		return catalog.EncodedPhoto{}, fmt.Errorf("store: photo file %d %s: %w", id, size.Name(), res.Error)
	}
	if res.RowsAffected == 0 {
		return catalog.EncodedPhoto{}, catalog.ErrPhotoNotFound
	}
	return catalog.EncodedPhoto{Data: row.Data, PhotoFile: catalog.PhotoFile{Width: row.Width, Height: row.Height,
		Hash: row.Hash, Type: row.ContentType}}, nil
}
