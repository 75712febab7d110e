package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// settingRow is one of the seller's settings (the shop_settings table).
type settingRow struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedAt time.Time
}

func (settingRow) TableName() string { return "shop_settings" }

// LoadSettings returns every stored setting by key.
func (s *Store) LoadSettings(ctx context.Context) (map[string]string, error) {
	var rows []settingRow
	if err := s.read.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: load settings: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Key] = r.Value
	}
	return out, nil
}

// SaveSettings writes the given settings in one transaction, replacing their old values.
func (s *Store) SaveSettings(ctx context.Context, values map[string]string) error {
	now := dbTime(time.Now())
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		for k, v := range values {
			row := settingRow{Key: k, Value: v, UpdatedAt: now}
			if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}},
				DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"})}).Create(&row).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save settings: %w", err)
	}
	return nil
}
