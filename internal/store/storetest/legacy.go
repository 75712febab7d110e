package storetest

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// LegacyCopy copies the store's fixture of a database made by the first release (commit 533a554, schema by gorm's
// AutoMigrate: four orders, the demo catalog, loyalty rows, two job runs) to the test's temporary folder, so the
// committed file is never migrated, and returns the copy's path.
func LegacyCopy(t testing.TB) string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	src, err := os.Open(filepath.Join(filepath.Dir(here), "..", "testdata", "legacy_automigrate.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "legacy.db")
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
