// Package storetest opens fresh, empty stores for tests: on SQLite in t.TempDir() always, and on PostgreSQL too
// when SHOP_TEST_POSTGRES names a server (make test-postgres starts a throwaway one). Each PostgreSQL store gets
// a schema of its own, dropped when the test ends, so tests stay independent and may run in parallel.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"shop/internal/store"
)

// EnvPostgres names the PostgreSQL server URL the suites also run on, e.g.
// postgres://postgres@127.0.0.1:5433/shop?sslmode=disable.
const EnvPostgres = "SHOP_TEST_POSTGRES"

// Backend is one kind of database the suites run on.
type Backend struct {
	Name   string // "sqlite" or "postgres": the subtest name
	server string // the PostgreSQL URL; "" for SQLite
}

// Backends lists SQLite and, when SHOP_TEST_POSTGRES is set, PostgreSQL.
func Backends() []Backend {
	out := []Backend{{Name: "sqlite"}}
	if url := os.Getenv(EnvPostgres); url != "" {
		out = append(out, Backend{Name: "postgres", server: url})
	}
	return out
}

// Postgres reports whether the backend is PostgreSQL.
func (b Backend) Postgres() bool { return b.server != "" }

// Each runs fn as a subtest named after each backend.
func Each(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, b) })
	}
}

// Open opens a fresh store on SQLite, closed when the test ends. Tests that should also run on PostgreSQL use
// Each and Backend.Open.
func Open(t testing.TB) *store.Store {
	t.Helper()
	return Backend{Name: "sqlite"}.Open(t)
}

// Open opens a store on a new, empty database of this backend, closed when the test ends.
func (b Backend) Open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(b.NewDSN(t))
	if err != nil {
		t.Fatalf("storetest: open %s: %v", b.Name, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// NewDSN makes a new, empty database for the test and returns what store.Open takes to open it, so that a test
// may open it more than once. On PostgreSQL it is a schema of its own (the URL sets search_path), dropped when
// the test ends; on SQLite a file in t.TempDir().
func (b Backend) NewDSN(t testing.TB) string {
	t.Helper()
	if !b.Postgres() {
		return filepath.Join(t.TempDir(), "shop.db")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var random [6]byte
	_, _ = rand.Read(random[:])
	schema := "test_" + hex.EncodeToString(random[:])
	conn, err := pgx.Connect(ctx, b.server)
	if err != nil {
		t.Fatalf("storetest: connect to %s: %v", EnvPostgres, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("storetest: create schema: %v", err)
	}
	// Registered before the caller's Open registers its Close, so it runs after the store is closed.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, b.server)
		if err != nil {
			t.Errorf("storetest: drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("storetest: drop schema %s: %v", schema, err)
		}
	})
	sep := "?"
	if strings.Contains(b.server, "?") {
		sep = "&"
	}
	return b.server + sep + "search_path=" + schema
}
