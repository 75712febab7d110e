// Package store is the only package that talks to the database. It wraps gorm with the SQLite driver
// (PostgreSQL later is a driver swap), owns the row structs and the migrations, and satisfies the small
// storage interfaces that the domain packages (catalog, checkout, loyalty, jobs) declare.
package store

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ErrNotFound is returned when a row asked for by key does not exist.
var ErrNotFound = errors.New("store: not found")

// Store is a handle on the shop's database. It is safe for concurrent use.
type Store struct {
	db *gorm.DB
}

// Open opens (creating if needed) the SQLite database at path and migrates the schema.
// path may be a plain file path or a "file:" DSN; WAL, a busy timeout and foreign keys are always on.
func Open(path string) (*Store, error) {
	dsn := sqliteDSN(path)
	if !strings.HasPrefix(path, "file:") && path != ":memory:" {
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create database folder: %w", err)
			}
		}
	}
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{
		Logger:                 logger.New(slogWriter{}, logger.Config{SlowThreshold: 500 * time.Millisecond, LogLevel: logger.Warn, IgnoreRecordNotFoundError: true}),
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// SQLite allows one writer at a time; a small pool plus the busy timeout keeps writers queueing
	// instead of failing with SQLITE_BUSY.
	sqlDB.SetMaxOpenConns(4)
	s := &Store{db: db}
	if err := s.migrate(); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return s, nil
}

func sqliteDSN(path string) string {
	const opts = "_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on&_txlock=immediate"
	if strings.HasPrefix(path, "file:") {
		if strings.Contains(path, "?") {
			return path + "&" + opts
		}
		return path + "?" + opts
	}
	return "file:" + path + "?" + opts
}

// Close releases the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return sqlDB.Close()
}

// Ping checks that the database answers; /healthz uses it.
func (s *Store) Ping() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return sqlDB.Ping()
}

func (s *Store) migrate() error {
	var models []any
	models = append(models, catalogModels()...)
	models = append(models, orderModels()...)
	models = append(models, loyaltyModels()...)
	models = append(models, jobModels()...)
	if err := s.db.AutoMigrate(models...); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// slogWriter sends gorm's own warnings (slow queries, errors) to slog.
type slogWriter struct{}

func (slogWriter) Printf(format string, args ...any) {
	slog.Warn("store: gorm", "detail", fmt.Sprintf(format, args...))
}

// gormDB is gorm's handle, named once so transaction callbacks read plainly.
type gormDB = gorm.DB
