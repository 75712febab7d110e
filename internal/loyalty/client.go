package loyalty

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// ClientConfig configures a Client.
type ClientConfig struct {
	// BaseURL is what the method name is appended to, e.g. https://212.80.25.71/api/api/GeneralApi.
	BaseURL   string
	AppKey    string
	AppSecret string
	// Timeout bounds one call; zero means 10s. Callers may set a shorter deadline on the context.
	Timeout time.Duration
	// PinSHA256 is the hex SHA-256 of the server's leaf certificate (DER), optional; colons and case are
	// ignored. With a pin, a certificate whose hash differs is refused even if a CA vouches for it.
	PinSHA256 string
	// CAFile is a PEM file of the CA(s) that sign the server certificate, replacing the system roots.
	CAFile string
	// PinOnly replaces the chain check by the pin check. It is switched on automatically when a pin is
	// set, no CAFile is given and the BaseURL host is a bare IP address (as the real endpoint is):
	// public CAs rarely issue certificates for bare IPs, and an exact pin is the stronger check there.
	// It is never allowed without a pin.
	PinOnly bool
	// HTTPClient is used when set (tests); its transport gets the TLS settings above when they are given.
	HTTPClient *http.Client
	Logger     *slog.Logger
	// Observe, when set, is told how each API call ended: ok, unavailable or refused (the shop's metrics).
	Observe func(method, outcome string, d time.Duration)
}

// Client calls the club's general web service. It is safe for concurrent use.
type Client struct {
	base      string
	appKey    string
	appSecret string
	timeout   time.Duration
	http      *http.Client
	log       *slog.Logger
	observe   func(method, outcome string, d time.Duration)
}

// NewClient checks cfg and builds a Client.
func NewClient(cfg ClientConfig) (*Client, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("loyalty: base URL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if cfg.AppKey == "" || cfg.AppSecret == "" {
		return nil, errors.New("loyalty: AppKey and AppSecret are required")
	}
	c := &Client{
		base:      strings.TrimRight(cfg.BaseURL, "/"),
		appKey:    cfg.AppKey,
		appSecret: cfg.AppSecret,
		timeout:   cfg.Timeout,
		log:       cfg.Logger,
		observe:   cfg.Observe,
	}
	if c.timeout <= 0 {
		c.timeout = 10 * time.Second
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	pinOnly := cfg.PinOnly || (cfg.PinSHA256 != "" && cfg.CAFile == "" && net.ParseIP(u.Hostname()) != nil)
	tlsCfg, err := tlsConfig(cfg.PinSHA256, cfg.CAFile, pinOnly)
	if err != nil {
		return nil, err
	}
	c.http = cfg.HTTPClient
	if c.http == nil {
		c.http = &http.Client{}
		if tlsCfg == nil {
			c.http.Transport = http.DefaultTransport
		}
	}
	if tlsCfg != nil {
		hc := *c.http
		var tr *http.Transport
		switch t := hc.Transport.(type) {
		case nil:
			tr = http.DefaultTransport.(*http.Transport).Clone()
		case *http.Transport:
			tr = t.Clone()
		default:
			return nil, errors.New("loyalty: certificate pinning needs an *http.Transport")
		}
		tr.TLSClientConfig = tlsCfg
		hc.Transport = tr
		c.http = &hc
	}
	return c, nil
}

// UnanchoredBareIP reports whether baseURL is https on a bare IP address with neither a pin nor a CA
// file: public CAs rarely certify a bare IP (the real club's is most likely self-signed), so every call
// would fail the certificate check and the club would look merely "unavailable". `serve` warns at start.
func UnanchoredBareIP(baseURL, pinSHA256, caFile string) bool {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme != "https" || net.ParseIP(u.Hostname()) == nil {
		return false
	}
	return strings.TrimSpace(pinSHA256) == "" && strings.TrimSpace(caFile) == ""
}

// tlsConfig builds the TLS settings; nil means the defaults (system roots, no pin).
func tlsConfig(pinHex, caFile string, pinOnly bool) (*tls.Config, error) {
	if pinHex == "" && caFile == "" {
		if pinOnly {
			return nil, errors.New("loyalty: pin-only mode needs a certificate pin")
		}
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("loyalty: CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("loyalty: CA file %s holds no PEM certificate", caFile)
		}
		cfg.RootCAs = pool
	}
	if pinHex == "" {
		if pinOnly {
			return nil, errors.New("loyalty: pin-only mode needs a certificate pin")
		}
		return cfg, nil
	}
	pin, err := hex.DecodeString(strings.ToLower(strings.ReplaceAll(strings.TrimSpace(pinHex), ":", "")))
	if err != nil || len(pin) != sha256.Size {
		return nil, errors.New("loyalty: certificate pin must be the hex SHA-256 of the certificate")
	}
	if pinOnly && caFile == "" {
		// The chain check is replaced, never dropped: VerifyConnection below refuses any certificate
		// but the pinned one, and it runs on every handshake, resumed ones included.
		cfg.InsecureSkipVerify = true
	}
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("loyalty: server sent no certificate")
		}
		sum := sha256.Sum256(cs.PeerCertificates[0].Raw)
		if !bytes.Equal(sum[:], pin) {
			return fmt.Errorf("loyalty: server certificate %x does not match the pin", sum)
		}
		return nil
	}
	return cfg, nil
}

// maxBody bounds a response; a week of transactions of a busy terminal fits many times over.
const maxBody = 16 << 20

// call performs one API method and returns the decoded envelope of a successful (non-negative) answer.
// params never hold AppKey/AppSecret: they are added here and never logged.
func (c *Client) call(ctx context.Context, verb, method string, params url.Values) (env envelope, err error) {
	if c.observe != nil {
		defer func(start time.Time) { c.observe(method, callOutcome(err), time.Since(start)) }(time.Now())
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	all := url.Values{}
	for k, v := range params {
		all[k] = v
	}
	all.Set("AppKey", c.appKey)
	all.Set("AppSecret", c.appSecret)
	endpoint := c.base + "/" + method
	var req *http.Request
	if verb == http.MethodGet {
		req, err = http.NewRequestWithContext(ctx, verb, endpoint+"?"+all.Encode(), nil)
	} else {
		req, err = http.NewRequestWithContext(ctx, verb, endpoint, strings.NewReader(all.Encode()))
		if req != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		return envelope{}, fmt.Errorf("loyalty: %s: %w", method, err)
	}
	req.Header.Set("Accept", "application/json")
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		// url.Error carries the URL, and with it the secrets of a GET: keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		c.log.WarnContext(req.Context(), "loyalty: call failed", "method", method, "params", redact(params), "error", err)
		return envelope{}, fmt.Errorf("loyalty: %s: %w: %w", method, ErrUnavailable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return envelope{}, fmt.Errorf("loyalty: %s: %w: read: %w", method, ErrUnavailable, err)
	}
	c.log.DebugContext(req.Context(), "loyalty: response", "method", method, "params", redact(params), "http_status", resp.StatusCode,
		"duration", time.Since(start), "body", maskCardsIn(string(body)))
	env, err = decodeEnvelope(body)
	if err != nil {
		// ASP.NET answers some failures with an HTML page or an empty body; to the caller the service is
		// simply not available.
		return envelope{}, fmt.Errorf("loyalty: %s: %w: http %d: %w", method, ErrUnavailable, resp.StatusCode, err)
	}
	if err := statusError(method, int(env.Status), string(env.ErrorMessage)); err != nil {
		return env, err
	}
	return env, nil
}

// callOutcome names how a call ended, for Observe: ok, unavailable (no usable answer) or refused (the club
// answered with an error status).
func callOutcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrUnavailable):
		return "unavailable"
	}
	return "refused"
}

// redact returns params fit for a log line: card numbers masked. AppKey/AppSecret are never in params.
func redact(params url.Values) string {
	out := url.Values{}
	for k, vs := range params {
		for _, v := range vs {
			switch k {
			case "AppKey", "AppSecret":
				v = "REDACTED"
			case "CardNo", "CardNumber", "MappedCards":
				parts := strings.Split(v, ",")
				for i, p := range parts {
					parts[i] = MaskPAN(p)
				}
				v = strings.Join(parts, ",")
			}
			out.Add(k, v)
		}
	}
	s, _ := url.QueryUnescape(out.Encode())
	return s
}
