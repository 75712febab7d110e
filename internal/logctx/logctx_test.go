package logctx_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"shop/internal/logctx"
)

func TestEveryLineOfARequestCarriesItsID(t *testing.T) {
	var out bytes.Buffer
	log := slog.New(logctx.NewHandler(slog.NewTextHandler(&out, nil))).With("component", "checkout")
	ctx := logctx.WithRequestID(context.Background(), "req-42")
	for _, tc := range []struct {
		name string
		log  func()
		want string
	}{
		{"with the request's context", func() { log.WarnContext(ctx, "quote failed") }, "request_id=req-42"},
		{"a group keeps it", func() { log.WithGroup("g").InfoContext(ctx, "x", "a", 1) }, "request_id=req-42"},
		{"outside a request", func() { log.Info("started") }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out.Reset()
			tc.log()
			line := out.String()
			if tc.want == "" && strings.Contains(line, "request_id") || tc.want != "" && !strings.Contains(line, tc.want) {
				t.Errorf("line %q, want %q", line, tc.want)
			}
			if strings.Count(line, "request_id") > 1 {
				t.Errorf("the id twice: %q", line)
			}
		})
	}
}
