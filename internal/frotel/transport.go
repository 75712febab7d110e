package frotel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"
)

// retryRule says when a failed call may be sent to the next mirror.
type retryRule int

const (
	// retryAlways: the method only reads (getPrices, tracking, orderPay,
	// checkCoupon) or is idempotent upstream (checkPay verifies one payment
	// id), so any failure may be retried elsewhere.
	retryAlways retryRule = iota
	// retryIfUnsent: the method creates an order or a payment attempt, so it
	// moves on only when the request certainly never reached a server.
	retryIfUnsent
)

// call is one API method invocation.
type call struct {
	op     string // for errors and logs: "get prices"
	path   string // "order/getPrices.json"
	params *form  // without api; do adds it first
	retry  retryRule
	// decode reads the result of a code 0 envelope.
	decode func(result json.RawMessage) error
	// decodeAt, when set, replaces decode and also gets the URL the answer came from (the bank pages of pay and
	// continuePay may name their form's action relative to it).
	decodeAt func(result json.RawMessage, from string) error
}

// attempt is what happened on one mirror.
type attempt struct {
	err error
	// final stops failover: success, APIError, or the caller's context.
	final bool
	// reached is true once a connection was handed to the request, i.e.
	// bytes may have left for the server.
	reached bool
	// mirrorFault rests the mirror for the cool-down.
	mirrorFault bool
	outcome     string
}

// do sends c over the mirrors following the retry rule. Errors come back
// wrapped as "frotel: <op>: ...".
func (c *Client) do(ctx context.Context, cl call) error {
	body := &form{}
	body.set("api", c.apiKey)
	body.pairs = append(body.pairs, cl.params.pairs...)
	encoded := body.encode()

	var lastErr error
	for _, m := range c.candidates() {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("frotel: %s: %w", cl.op, err)
		}
		start := time.Now()
		a := c.attempt(ctx, m, cl, encoded)
		latency := time.Since(start)
		// An APIError or the caller's cancellation says nothing about the
		// mirror's health, so only non-final failures count against it.
		var mirrorErr error
		if !a.final {
			mirrorErr = a.err
		}
		c.record(m, latency, mirrorErr, a.mirrorFault)

		outcome := a.outcome
		if !a.final && cl.retry == retryIfUnsent && a.reached {
			outcome = "outcome_unknown"
		}
		level := slog.LevelInfo
		attrs := []slog.Attr{
			slog.String("method", cl.path),
			slog.String("mirror", m.host),
			slog.Duration("duration", latency),
			slog.String("outcome", outcome),
		}
		if a.err != nil {
			level = slog.LevelWarn
			attrs = append(attrs, slog.String("error", a.err.Error()))
		}
		c.log.LogAttrs(ctx, level, "frotel call", attrs...)
		if c.observe != nil {
			c.observe(Attempt{Method: cl.path, Mirror: m.host, Outcome: outcome, Duration: latency})
		}

		switch {
		case a.final && a.err == nil:
			return nil
		case a.final:
			return fmt.Errorf("frotel: %s: %w", cl.op, a.err)
		case cl.retry == retryIfUnsent && a.reached:
			return fmt.Errorf("frotel: %s: %w: %w", cl.op, ErrOutcomeUnknown, a.err)
		}
		lastErr = a.err
	}
	return fmt.Errorf("frotel: %s: %w: %w", cl.op, ErrUnavailable, lastErr)
}

func (c *Client) attempt(ctx context.Context, m *mirror, cl call, body string) attempt {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	// GotConn is the last moment we know nothing was written: a connection
	// refused, a DNS failure or a dial timeout never get that far.
	var gotConn atomic.Bool
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { gotConn.Store(true) },
	})
	req, err := http.NewRequestWithContext(actx, http.MethodPost, m.base+"/"+cl.path, strings.NewReader(body))
	if err != nil {
		return attempt{err: err, final: true, outcome: "bad_request"}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	resp, err := c.http.Do(req)
	if err != nil {
		return transportFailure(ctx, cl.retry, err, gotConn.Load())
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return transportFailure(ctx, cl.retry, err, true)
	}
	if len(raw) > maxBodyBytes {
		return attempt{err: fmt.Errorf("%w: body over %d bytes", ErrBadResponse, maxBodyBytes), reached: true, mirrorFault: true, outcome: "bad_response"}
	}
	// A 5xx is the server answering that it failed, but a register call may
	// already have created the order before failing, so for those the caller
	// gets ErrOutcomeUnknown (reached is true); read-only calls move on.
	if resp.StatusCode >= 500 {
		return attempt{err: fmt.Errorf("%w: HTTP %d", ErrBadResponse, resp.StatusCode), reached: true, mirrorFault: true, outcome: "http_5xx"}
	}
	env, err := decodeEnvelope(raw)
	if err != nil {
		return attempt{err: fmt.Errorf("HTTP %d: %w", resp.StatusCode, err), reached: true, mirrorFault: true, outcome: "bad_response"}
	}
	if env.Code != 0 {
		return attempt{err: &APIError{Code: env.Code, Message: env.Message}, final: true, reached: true, outcome: "api_error"}
	}
	decode := cl.decode
	if cl.decodeAt != nil {
		decode = func(raw json.RawMessage) error { return cl.decodeAt(raw, req.URL.String()) }
	}
	if err := decode(env.Result); err != nil {
		// The envelope is fine, so the mirror is not rested, but a read-only
		// call may still find a saner answer on the next mirror.
		return attempt{err: err, reached: true, outcome: "bad_result"}
	}
	return attempt{final: true, reached: true, outcome: "ok"}
}

// transportFailure classifies a failed exchange. The caller's own
// cancellation is final and says nothing about the mirror's health.
func transportFailure(ctx context.Context, rule retryRule, err error, reached bool) attempt {
	if ctxErr := ctx.Err(); ctxErr != nil {
		if reached && rule == retryIfUnsent {
			// Still let register callers know the order may exist.
			return attempt{err: fmt.Errorf("%w: %w", ErrOutcomeUnknown, ctxErr), final: true, reached: true, outcome: "cancelled"}
		}
		return attempt{err: ctxErr, final: true, outcome: "cancelled"}
	}
	outcome := "unreachable"
	if reached {
		outcome = "transport_error"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		outcome = "timeout"
	}
	return attempt{err: err, reached: reached, mirrorFault: true, outcome: outcome}
}
