package frotel

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Config configures a Client.
type Config struct {
	// URLs are the mirrors' base URLs in order of preference, up to the
	// method path, e.g. "http://webservice1.link/ws/v1/rest".
	URLs   []string
	APIKey string
	// Timeout bounds one attempt on one mirror; default 10s.
	Timeout time.Duration
	// Cooldown is how long a failing mirror is skipped; default 30s, and a
	// negative value disables cool-down (benchmarks, tests).
	Cooldown   time.Duration
	HTTPClient *http.Client
	Now        func() time.Time
	Logger     *slog.Logger
	// Observe, when set, is told about every attempt on every mirror (the shop's metrics count them). It runs on
	// the caller's goroutine and must be quick.
	Observe func(Attempt)
}

// Attempt is one try of one API method on one mirror, as Observe sees it. Outcome is one of ok, api_error,
// bad_result, bad_response, http_5xx, timeout, unreachable, transport_error, cancelled, bad_request and
// outcome_unknown, the same words as the "frotel call" log line.
type Attempt struct {
	Method   string // the API path, e.g. "getPrices.json"
	Mirror   string // the mirror's host
	Outcome  string
	Duration time.Duration
}

const (
	defaultTimeout  = 10 * time.Second
	defaultCooldown = 30 * time.Second
	maxBodyBytes    = 1 << 20
)

// Client calls the Frotel seller API. It is safe for concurrent use.
type Client struct {
	apiKey   string
	timeout  time.Duration
	cooldown time.Duration
	http     *http.Client
	now      func() time.Time
	log      *slog.Logger
	observe  func(Attempt)

	mu      sync.Mutex
	mirrors []*mirror
}

// mirror is one base URL and its health; guarded by Client.mu.
type mirror struct {
	base string
	host string

	requests     int64
	errors       int64
	totalLatency time.Duration
	lastLatency  time.Duration
	lastErrorAt  time.Time
	lastError    string
	downUntil    time.Time
}

// MirrorStat is a snapshot of one mirror's counters.
type MirrorStat struct {
	URL          string
	Requests     int64
	Errors       int64
	TotalLatency time.Duration
	LastLatency  time.Duration
	LastErrorAt  time.Time // zero if it never failed
	LastError    string
	DownUntil    time.Time // in the past (or zero) when the mirror is in use
}

// New checks cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	if len(cfg.URLs) == 0 {
		return nil, fmt.Errorf("frotel: new client: %w: no mirror URLs", ErrInvalidRequest)
	}
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, fmt.Errorf("frotel: new client: %w: empty API key", ErrInvalidRequest)
	}
	if cfg.Timeout < 0 {
		return nil, fmt.Errorf("frotel: new client: %w: negative timeout", ErrInvalidRequest)
	}
	c := &Client{
		apiKey:   cfg.APIKey,
		timeout:  cfg.Timeout,
		cooldown: cfg.Cooldown,
		http:     cfg.HTTPClient,
		now:      cfg.Now,
		log:      cfg.Logger,
		observe:  cfg.Observe,
	}
	if c.timeout == 0 {
		c.timeout = defaultTimeout
	}
	if c.cooldown == 0 {
		c.cooldown = defaultCooldown
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	for _, raw := range cfg.URLs {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("frotel: new client: %w: bad mirror URL %q", ErrInvalidRequest, raw)
		}
		c.mirrors = append(c.mirrors, &mirror{base: strings.TrimRight(u.String(), "/"), host: u.Host})
	}
	return c, nil
}

// MirrorStats returns a snapshot of every mirror, in configured order.
func (c *Client) MirrorStats() []MirrorStat {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]MirrorStat, len(c.mirrors))
	for i, m := range c.mirrors {
		out[i] = MirrorStat{
			URL:          m.base,
			Requests:     m.requests,
			Errors:       m.errors,
			TotalLatency: m.totalLatency,
			LastLatency:  m.lastLatency,
			LastErrorAt:  m.lastErrorAt,
			LastError:    m.lastError,
			DownUntil:    m.downUntil,
		}
	}
	return out
}

// candidates are the mirrors to try, in order: those not cooling down, or
// all of them when every one is, since a possibly-recovered mirror beats a
// certain failure.
func (c *Client) candidates() []*mirror {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	up := make([]*mirror, 0, len(c.mirrors))
	for _, m := range c.mirrors {
		if !now.Before(m.downUntil) {
			up = append(up, m)
		}
	}
	if len(up) == 0 {
		return append(up, c.mirrors...)
	}
	return up
}

// record books one attempt; markDown rests the mirror for the cool-down.
func (c *Client) record(m *mirror, latency time.Duration, err error, markDown bool) {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	m.requests++
	m.totalLatency += latency
	m.lastLatency = latency
	if err != nil {
		m.errors++
		m.lastErrorAt = now
		m.lastError = err.Error()
	}
	if markDown && c.cooldown > 0 {
		m.downUntil = now.Add(c.cooldown)
	}
}
