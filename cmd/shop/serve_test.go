package main

import (
	"testing"

	"shop/internal/config"
)

// env is a getenv over a map, with the data folder in a temporary directory.
func env(t *testing.T, vars map[string]string) config.Getenv {
	t.Helper()
	dir := t.TempDir()
	return func(name string) string {
		if name == "SHOP_DATA_DIR" {
			return dir
		}
		return vars[name]
	}
}

// TestMemoryLimit: the soft limit never falls under the floor and always leaves the live heap room to double.
func TestMemoryLimit(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, minMemoryLimit},
		{3 << 20, minMemoryLimit},
		{6 << 20, minMemoryLimit},
		{20 << 20, 40<<20 + memoryHeadroom},
		{200 << 20, 400<<20 + memoryHeadroom},
	} {
		if got := memoryLimit(tc.live); got != tc.want {
			t.Errorf("memoryLimit(%d MiB) = %d MiB, want %d MiB", tc.live>>20, got>>20, tc.want>>20)
		}
		if got := memoryLimit(tc.live); got < 2*int64(tc.live) {
			t.Errorf("memoryLimit(%d MiB) leaves no room to double", tc.live>>20)
		}
	}
}
