package main

import (
	"context"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The shop's live heap is small (a few megabytes: the catalog, kept pages, decoded sessions), and with the Go
// runtime's defaults the collector runs whenever the heap doubles: some forty times a second under a campaign's
// load, a fifth of the CPU of every catalog page. tuneGC lets the heap grow to three times what is live (GOGC=200)
// and bounds it with a soft memory limit that follows the live heap: never below minMemoryLimit (24 MiB: with the
// binary mapped in, that keeps the process under 60 MB at its busiest), always twice the live heap plus room for
// stacks and the runtime, so a shop whose catalog or traffic makes the live heap large
// gets GOGC=100's behaviour back instead of a collector that never stops. An operator's GOGC or GOMEMLIMIT in the
// environment wins: then the shop changes nothing.
const (
	gcPercent      = 200
	minMemoryLimit = 24 << 20 // the Go runtime's total at which the collector starts working harder
	memoryHeadroom = 12 << 20 // stacks, the collector's own data, buffers in flight
	gcTuneEvery    = 5 * time.Second
)

// memoryLimit is the soft limit for a live heap of live bytes.
func memoryLimit(live uint64) int64 {
	return max(minMemoryLimit, 2*int64(live)+memoryHeadroom)
}

// tuneGC applies the above until ctx ends, unless the environment sets GOGC or GOMEMLIMIT.
func tuneGC(ctx context.Context, log *slog.Logger) {
	if _, ok := os.LookupEnv("GOGC"); ok {
		return
	}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		return
	}
	debug.SetGCPercent(gcPercent)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(memoryLimit(sample[0].Value.Uint64()))
		}
	}
	set()
	log.Debug("gc tuned", "gogc", gcPercent, "memory_limit_min_mb", minMemoryLimit>>20)
	go func() {
		t := time.NewTicker(gcTuneEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				set()
			}
		}
	}()
}
