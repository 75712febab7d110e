package frotel

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"
)

// BenchmarkQuoteFailover measures what a bad first mirror costs a quote.
// Cool-down is switched off so every iteration pays the failover, which is
// the worst case: the first call after each cool-down expiry.
func BenchmarkQuoteFailover(b *testing.B) {
	cases := []struct {
		name  string
		first behaviour
	}{
		{"all healthy", healthy},
		{"dead first mirror", refusing},
		{"blackholed first mirror", hanging},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			first, second := newFakeMirror(b, bc.first), newFakeMirror(b, healthy)
			newClient := func(urls ...string) *Client {
				c, err := New(Config{URLs: urls, APIKey: testAPIKey, Timeout: 50 * time.Millisecond, Cooldown: -1,
					Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
				if err != nil {
					b.Fatal(err)
				}
				return c
			}
			ctx := context.Background()

			// Baseline: one healthy mirror, same process, same fixture.
			base := newClient(second.URL)
			const warm = 50
			start := time.Now()
			for range warm {
				if _, err := base.GetPrices(ctx, testPriceRequest); err != nil {
					b.Fatal(err)
				}
			}
			baseline := time.Since(start) / warm

			c := newClient(first.URL, second.URL)
			b.ResetTimer()
			for b.Loop() {
				if _, err := c.GetPrices(ctx, testPriceRequest); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			perOp := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(perOp.Microseconds())/1000, "ms/quote")
			b.ReportMetric(float64((perOp-baseline).Microseconds())/1000, "added-ms/quote")
		})
	}
}
