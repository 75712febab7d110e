// Package store is the only package that talks to the database. It wraps gorm with the SQLite or the
// PostgreSQL driver, owns the row structs and the versioned SQL migrations (migrations/, run at Open), and
// satisfies the small storage interfaces that the domain packages (catalog, checkout, loyalty, jobs) declare.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"shop/internal/notify"
)

// ErrNotFound is returned when a row asked for by key does not exist.
var ErrNotFound = errors.New("store: not found")

// Store is a handle on the shop's database. It is safe for concurrent use.
type Store struct {
	// db takes every write (and reads inside a write transaction). On SQLite it is a single connection:
	// SQLite has one writer at a time, and queueing writers in the pool beats retrying on SQLITE_BUSY.
	db *gorm.DB
	// read takes reads outside transactions: on SQLite a pool of query-only connections that WAL lets run
	// beside the writer; on PostgreSQL (and an in-memory SQLite) the same handle as db.
	read       *gorm.DB
	dialect    dialect
	migrations *goose.Provider
	// notify says which message channels are on and where links point; zero queues no messages (outbox.go).
	notify notify.Config
	// stockVersion counts committed stock changes (stock.go), for the catalog snapshot.
	stockVersion atomic.Uint64
}

// Option shapes a Store at Open.
type Option func(*Store)

// WithNotify turns on the outbox: order moves and events queue the buyer's and the seller's messages, in their
// transaction, on the channels c has on.
func WithNotify(c notify.Config) Option { return func(s *Store) { s.notify = c } }

// Open opens (creating if needed) the database named by dsn and brings its schema up to date.
//
// A "postgres://" or "postgresql://" URL opens PostgreSQL. Anything else is SQLite: a plain file path or a
// "file:" DSN, with WAL, a busy timeout and foreign keys always on.
func Open(dsn string, opts ...Option) (*Store, error) {
	var (
		s   *Store
		err error
	)
	if isPostgresURL(dsn) {
		s, err = openPostgres(dsn)
	} else {
		s, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(s)
	}
	if err := s.migrate(context.Background()); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

func isPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:                 logger.New(slogWriter{}, logger.Config{SlowThreshold: 500 * time.Millisecond, LogLevel: logger.Warn, IgnoreRecordNotFoundError: true}),
		SkipDefaultTransaction: true,
		// Statements are prepared once per connection and kept: preparing each query again was a tenth of a
		// checkout's CPU on SQLite.
		PrepareStmt:        true,
		PrepareStmtMaxSize: 256, // the shop's queries are a few dozen shapes; a bound all the same
		NowFunc:            func() time.Time { return dbTime(time.Now()) },
	}
}

func openSQLite(path string) (*Store, error) {
	if !strings.HasPrefix(path, "file:") && path != ":memory:" {
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create database folder: %w", err)
			}
		}
	}
	db, err := gorm.Open(sqlite.Open(sqliteDSN(path, "_txlock=immediate")), gormConfig())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, read: db, dialect: sqliteDialect}
	writer, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	// Each connection to an in-memory database is a database of its own, so that one keeps a single handle.
	if path == ":memory:" || strings.Contains(path, "mode=memory") {
		return s, nil
	}
	read, err := gorm.Open(sqlite.Open(sqliteDSN(path, "_query_only=true")), gormConfig())
	if err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	readers, err := read.DB()
	if err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	readers.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	s.read = read
	return s, nil
}

// sqliteDSN adds the shop's settings to the file's URL. Each connection's page cache is 512 KB rather than
// SQLite's 2 MB: five connections kept their own copies of the same pages, which the operating system's cache
// already holds once.
func sqliteDSN(path, extra string) string {
	opts := "_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on&_cache_size=-512&" + extra
	if strings.HasPrefix(path, "file:") {
		if strings.Contains(path, "?") {
			return path + "&" + opts
		}
		return path + "?" + opts
	}
	return "file:" + path + "?" + opts
}

func openPostgres(url string) (*Store, error) {
	// Times are stored as timestamptz and always read back as UTC; the session zone only matters to
	// anyone reading with psql, so it is UTC unless the URL says otherwise.
	if !strings.Contains(url, "timezone=") {
		if strings.Contains(url, "?") {
			url += "&timezone=UTC"
		} else {
			url += "?timezone=UTC"
		}
	}
	db, err := gorm.Open(postgres.Open(url), gormConfig())
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	pool, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	// PostgreSQL runs writers side by side; the pool only has to stay well under max_connections (100 by
	// default) when several instances share one server.
	pool.SetMaxOpenConns(16)
	pool.SetMaxIdleConns(8)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{db: db, read: db, dialect: postgresDialect}, nil
}

// Close releases the database.
func (s *Store) Close() error {
	var errs []error
	for _, g := range s.handles() {
		sqlDB, err := g.DB()
		if err == nil {
			err = sqlDB.Close()
		}
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// handles lists the distinct gorm handles: one, or a writer and a reader pool.
func (s *Store) handles() []*gorm.DB {
	if s.read == s.db {
		return []*gorm.DB{s.db}
	}
	return []*gorm.DB{s.db, s.read}
}

// Ping checks that the database answers; /healthz uses it.
func (s *Store) Ping() error {
	return s.ping(context.Background())
}

func (s *Store) ping(ctx context.Context) error {
	for _, g := range s.handles() {
		sqlDB, err := g.DB()
		if err == nil {
			err = sqlDB.PingContext(ctx)
		}
		if err != nil {
			return fmt.Errorf("store: ping: %w", err)
		}
	}
	return nil
}

// dbTime is how every time goes into the database: UTC, to the microsecond, which is what PostgreSQL keeps,
// so that a time written and read back is equal on both databases.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// optionalTime stores a zero time as NULL.
func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = dbTime(t)
	return &t
}

// sqlDB is the write pool's database/sql handle, which the migrations run on.
func (s *Store) sqlDB() (*sql.DB, error) { return s.db.DB() }

// slogWriter sends gorm's own warnings (slow queries, errors) to slog.
type slogWriter struct{}

func (slogWriter) Printf(format string, args ...any) {
	slog.Warn("store: gorm", "detail", fmt.Sprintf(format, args...))
}

// gormDB is gorm's handle, named once so transaction callbacks read plainly.
type gormDB = gorm.DB

// unprepared runs a transaction's statements on its connection directly, without the prepared-statement cache.
// On SQLite the writer is one connection: a statement prepared inside the transaction waits for the cache's lock,
// which a request outside it may hold while it waits for that same connection (a deadlock seen under -race with
// a hundred concurrent checkouts).
func unprepared(tx *gormDB) *gormDB {
	p, ok := tx.Statement.ConnPool.(*gorm.PreparedStmtTX)
	if !ok {
		return tx
	}
	tx = tx.Session(&gorm.Session{})
	tx.Statement.ConnPool = p.Tx
	return tx
}
