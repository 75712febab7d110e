package main

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// scenario is one row of the table. setup runs once per client, untimed; iter is one timed iteration: a single
// request for the pages, or every request a browser makes for the flows.
type scenario struct {
	name  string
	setup func(ctx context.Context, c *client) error
	iter  func(ctx context.Context, c *client) error
	// page, when set, is the one GET of iter: the same-bytes server answers it too, with the shop's answer to a
	// client that setup left alike, captured once.
	page string
}

type result struct {
	name      string
	latencies []time.Duration
	errors    int
	firstErr  error
	elapsed   time.Duration
	rss       string        // the shop's peak resident set (VmHWM) once the scenario is over
	cpu       time.Duration // the server's CPU time (user and system) over the timed part
	yard      float64       // the bare server's req/s around this scenario (the mean of before and after)
	same      float64       // the same-bytes server's req/s around this scenario; 0 when it has no page
}

// merge adds o (another slice of the same scenario) to r.
func (r result) merge(o result) result {
	if r.name == "" {
		r.name = o.name
	}
	r.latencies = append(r.latencies, o.latencies...)
	slices.Sort(r.latencies)
	r.errors += o.errors
	if r.firstErr == nil {
		r.firstErr = o.firstErr
	}
	r.elapsed += o.elapsed
	r.cpu += o.cpu
	return r
}

// cpuPerIter is the server's CPU time per completed iteration.
func (r result) cpuPerIter() time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.cpu / time.Duration(len(r.latencies))
}

func (r result) rps() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(len(r.latencies)) / r.elapsed.Seconds()
}

func (r result) p(pct int) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[(len(r.latencies)-1)*pct/100]
}

// transport is shared by every client of a run so connections are kept alive, as a browser would. It does not
// inflate answers itself: the client asks for gzip and inflates only the pages it reads (client.go).
func transport(conns int) *http.Transport {
	return &http.Transport{MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, IdleConnTimeout: time.Minute,
		DisableCompression: true}
}

// drive runs sc with opt.conns clients against the server for opt.dur (or opt.maxIters iterations, whichever is
// first), and reads the server's CPU time before and after the timed part.
func drive(ctx context.Context, server *proc, sc scenario, opt options) result {
	base := server.url
	tr := transport(opt.conns)
	defer tr.CloseIdleConnections()
	clients := make([]*client, opt.conns)
	res := result{name: sc.name}
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		res.errors++
		if res.firstErr == nil {
			res.firstErr = err
		}
	}
	var wg sync.WaitGroup
	for i := range clients {
		clients[i] = newClient(base, tr, i)
		if sc.setup != nil {
			wg.Go(func() {
				if err := sc.setup(ctx, clients[i]); err != nil {
					fail(err)
				}
			})
		}
	}
	wg.Wait()
	if res.errors > 0 {
		return res
	}

	runCtx, cancel := context.WithTimeout(ctx, opt.dur)
	defer cancel()
	var left atomic.Int64
	left.Store(int64(opt.maxIters))
	lat := make([][]time.Duration, opt.conns)
	cpu0 := server.cpu()
	start := time.Now()
	for i, c := range clients {
		wg.Go(func() {
			for runCtx.Err() == nil && left.Add(-1) >= 0 {
				t0 := time.Now()
				err := sc.iter(runCtx, c)
				if runCtx.Err() != nil {
					return // cut short by the end of the run: neither a result nor an error
				}
				if err != nil {
					fail(err)
					continue
				}
				lat[i] = append(lat[i], time.Since(t0))
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.cpu = server.cpu() - cpu0
	for _, l := range lat {
		res.latencies = append(res.latencies, l...)
	}
	slices.Sort(res.latencies)
	return res
}
