// Package config holds the shop's configuration: every setting comes from a SHOP_* environment variable,
// a command-line flag of the same name may override it, and Validate says in one place what is wrong.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration of one shop process.
type Config struct {
	Addr          string // SHOP_ADDR: where the HTTP server listens
	Database      string // SHOP_DATABASE: SQLite file path or "file:" DSN, or a postgres:// URL
	DataDir       string // SHOP_DATA_DIR: folder for the database, the generated session key and logs
	SessionSecret string // SHOP_SESSION_SECRET: 32+ bytes; generated and persisted under DataDir when empty
	MetricsToken  string // SHOP_METRICS_TOKEN: bearer token for /metrics; empty = loopback only
	BaseURL       string // SHOP_BASE_URL: public URL of the shop (bank callbacks are built from it)
	PriceUnit     string // SHOP_PRICE_UNIT: toman (default) or rial; display only
	LogLevel      string // SHOP_LOG_LEVEL: debug, info, warn, error
	// PageCacheBytes bounds the memory of the kept catalog pages (SHOP_PAGE_CACHE_BYTES).
	PageCacheBytes int64

	// AdminIdle is how long an admin session lives without a request.
	AdminIdle time.Duration // SHOP_ADMIN_IDLE

	// Frotel
	FrotelURLs     []string      // SHOP_FROTEL_URLS: ordered mirror base URLs; empty = the built-in sandbox
	FrotelAPIKey   string        // SHOP_FROTEL_API_KEY
	FrotelTimeout  time.Duration // SHOP_FROTEL_TIMEOUT: per call
	FrotelCooldown time.Duration // SHOP_FROTEL_COOLDOWN: how long a failing mirror is skipped
	FrotelCities   string        // SHOP_FROTEL_CITIES: optional JSON file replacing the embedded province/city list
	SendMethods    []string      // SHOP_SEND_METHODS: offered send methods (pishtaz,sefareshi[,matbuat,peyk])
	FreeShipAbove  int64         // SHOP_FREE_SHIPPING_ABOVE: basket amount in rials above which shipping is free; 0 = never
	CourierPrice   int64         // SHOP_COURIER_PRICE: the seller's own fixed-price courier fee in rials; 0 = off
	CourierCities  []int         // SHOP_COURIER_CITIES: Frotel city ids the seller's courier serves
	QuoteCacheTTL  time.Duration // SHOP_QUOTE_CACHE_TTL

	// Loyalty club
	LoyaltyEnabled      bool     // SHOP_LOYALTY_ENABLED
	LoyaltyURL          string   // SHOP_LOYALTY_URL: base the method name is appended to; empty = built-in sandbox
	LoyaltyAppKey       string   // SHOP_LOYALTY_APP_KEY
	LoyaltyAppSecret    string   // SHOP_LOYALTY_APP_SECRET
	LoyaltyPinSHA256    string   // SHOP_LOYALTY_PIN_SHA256: hex SHA-256 of the server certificate
	LoyaltyCAFile       string   // SHOP_LOYALTY_CA_FILE: PEM file of the CA that signs the server certificate
	LoyaltyTerminals    []string // SHOP_LOYALTY_TERMINALS: the agency's terminal numbers
	LoyaltyChooseGroup  bool     // SHOP_LOYALTY_CHOOSE_GROUPS: the agency may choose customer/card groups
	LoyaltyEnglishNames bool     // SHOP_LOYALTY_ENGLISH_NAMES: the join form asks for the optional Latin names
	// SHOP_LOYALTY_CUSTOMER_GROUP, SHOP_LOYALTY_CARD_GROUP: the groups new members join (empty: the first listed)
	LoyaltyCustomerGroup string
	LoyaltyCardGroup     string
	LoyaltyTimeout       time.Duration // SHOP_LOYALTY_TIMEOUT
	LoyaltySyncWindow    string        // SHOP_LOYALTY_SYNC_WINDOW: HH:MM-HH:MM, Tehran time

	// Who may speak for the client's address, and how often one address may cost an upstream call or a row.
	TrustedProxies []*net.IPNet // SHOP_TRUSTED_PROXIES: peers whose X-Forwarded-For/X-Real-IP/X-Request-ID count
	RateCallback   RateLimit    // SHOP_RATE_CALLBACK: bank callbacks per IP
	RateTrack      RateLimit    // SHOP_RATE_TRACK: /track look-ups per IP
	RateCheckout   RateLimit    // SHOP_RATE_CHECKOUT: checkout form posts (quotes, loyalty, placing) per IP
	RateOrder      RateLimit    // SHOP_RATE_ORDER: pay, retry, verify-again and links refresh per IP
	RateAccount    RateLimit    // SHOP_RATE_ACCOUNT: one-time code requests and checks (/account, an order's code) per IP

	// SandboxBanks shapes the built-in Frotel sandbox: "default" offers two banks, "none" an empty bank list.
	SandboxBanks string // SHOP_SANDBOX_BANKS
	// LiveShapes makes the built-in Frotel sandbox answer in the shapes a live service and Iranian banks use.
	LiveShapes bool // SHOP_LIVE_SHAPES
	// SandboxBankPage is the shape of the sandbox's bank pages ("" for the usual ones; see sandbox.BankPages).
	SandboxBankPage string // SHOP_SANDBOX_BANK_PAGE

	// E-mail of the order link (off unless SHOP_SMTP_ADDR is set)
	SMTPAddr     string // SHOP_SMTP_ADDR: host:port of the seller's SMTP server
	SMTPFrom     string // SHOP_SMTP_FROM: the sender address
	SMTPUser     string // SHOP_SMTP_USER
	SMTPPassword string // SHOP_SMTP_PASSWORD (never logged)

	// SMS to buyers and the seller (off unless SHOP_SMS_PROVIDER is set)
	SMS SMS

	// Reconciliation and per-order bounds (money integrity)
	ReconcileGrace     time.Duration // SHOP_RECONCILE_GRACE: how long an order may stay registering, or a payment check under way, before it is taken for abandoned
	ReconcileInterval  time.Duration // SHOP_RECONCILE_INTERVAL: how often serve runs reconciliation
	LimitWindow        time.Duration // SHOP_LIMIT_WINDOW: the window of the per-order bounds
	LimitChecks        int64         // SHOP_LIMIT_CHECKS_PER_ORDER: checkPay calls per order per window
	LimitCallbacks     int64         // SHOP_LIMIT_CALLBACKS_PER_ORDER: stored bank callbacks per order per window
	LimitLinkRefreshes int64         // SHOP_LIMIT_LINK_REFRESHES: download-link refreshes per order per window
	LimitCODPerAddress int64         // SHOP_LIMIT_COD_PER_ADDRESS: cash-on-delivery orders one address sends to Frotel per hour (0 = off)
	LimitCODPerMobile  int64         // SHOP_LIMIT_COD_PER_MOBILE: unsettled cash-on-delivery orders per mobile (0 = off)
	VerifyWindow       time.Duration // SHOP_VERIFY_WINDOW: how long a checkPay answering errors is asked again
	StockHold          time.Duration // SHOP_STOCK_HOLD: how long an unpaid online order holds its stock before reconciliation gives it back
}

// SMS is the text-message provider. Provider "" means SMS is off: no message is queued and no code is asked for.
type SMS struct {
	Provider    string // SHOP_SMS_PROVIDER: kavenegar, or sandbox (the built-in fake; `make run` sets it); empty = off
	URL         string // SHOP_SMS_URL: the provider's API base
	APIKey      string // SHOP_SMS_API_KEY (never logged: Kavenegar puts it in the URL path)
	Sender      string // SHOP_SMS_SENDER: the sending line number
	OTPTemplate string // SHOP_SMS_OTP_TEMPLATE: with it, one-time codes go through the provider's template (verify/lookup)
}

// SMSDefaultURL is Kavenegar's public API.
const SMSDefaultURL = "https://api.kavenegar.com"

// Getenv is the shape of os.Getenv, injected so tests never touch the process environment.
type Getenv func(string) string

// Load reads the configuration from the environment, applying defaults.
func Load(getenv Getenv) (Config, error) {
	c := Config{
		Addr:              or(getenv("SHOP_ADDR"), "127.0.0.1:8080"),
		DataDir:           or(getenv("SHOP_DATA_DIR"), "data"),
		SessionSecret:     getenv("SHOP_SESSION_SECRET"),
		MetricsToken:      getenv("SHOP_METRICS_TOKEN"),
		BaseURL:           strings.TrimRight(getenv("SHOP_BASE_URL"), "/"),
		PriceUnit:         or(getenv("SHOP_PRICE_UNIT"), "toman"),
		LogLevel:          or(getenv("SHOP_LOG_LEVEL"), "info"),
		FrotelURLs:        list(getenv("SHOP_FROTEL_URLS")),
		FrotelAPIKey:      getenv("SHOP_FROTEL_API_KEY"),
		FrotelCities:      getenv("SHOP_FROTEL_CITIES"),
		SendMethods:       list(or(getenv("SHOP_SEND_METHODS"), "pishtaz,sefareshi")),
		LoyaltyURL:        strings.TrimRight(getenv("SHOP_LOYALTY_URL"), "/"),
		LoyaltyAppKey:     getenv("SHOP_LOYALTY_APP_KEY"),
		LoyaltyAppSecret:  getenv("SHOP_LOYALTY_APP_SECRET"),
		LoyaltyPinSHA256:  getenv("SHOP_LOYALTY_PIN_SHA256"),
		LoyaltyCAFile:     getenv("SHOP_LOYALTY_CA_FILE"),
		LoyaltyTerminals:  list(getenv("SHOP_LOYALTY_TERMINALS")),
		LoyaltySyncWindow: or(getenv("SHOP_LOYALTY_SYNC_WINDOW"), "02:00-05:00"),
		SandboxBanks:      or(getenv("SHOP_SANDBOX_BANKS"), "default"),
	}
	c.SMS = SMS{Provider: strings.ToLower(strings.TrimSpace(getenv("SHOP_SMS_PROVIDER"))),
		URL:    strings.TrimRight(or(getenv("SHOP_SMS_URL"), SMSDefaultURL), "/"),
		APIKey: strings.TrimSpace(getenv("SHOP_SMS_API_KEY")), Sender: strings.TrimSpace(getenv("SHOP_SMS_SENDER")),
		OTPTemplate: strings.TrimSpace(getenv("SHOP_SMS_OTP_TEMPLATE"))}
	c.Database = or(getenv("SHOP_DATABASE"), strings.TrimRight(c.DataDir, "/")+"/shop.db")
	var errs []error
	c.FrotelTimeout = duration(getenv, "SHOP_FROTEL_TIMEOUT", 10*time.Second, &errs)
	c.FrotelCooldown = duration(getenv, "SHOP_FROTEL_COOLDOWN", 30*time.Second, &errs)
	c.QuoteCacheTTL = duration(getenv, "SHOP_QUOTE_CACHE_TTL", 5*time.Minute, &errs)
	c.LoyaltyTimeout = duration(getenv, "SHOP_LOYALTY_TIMEOUT", 3*time.Second, &errs)
	c.AdminIdle = duration(getenv, "SHOP_ADMIN_IDLE", 30*time.Minute, &errs)
	c.FreeShipAbove = integer(getenv, "SHOP_FREE_SHIPPING_ABOVE", 0, &errs)
	c.SMTPAddr, c.SMTPFrom = strings.TrimSpace(getenv("SHOP_SMTP_ADDR")), strings.TrimSpace(getenv("SHOP_SMTP_FROM"))
	c.SMTPUser, c.SMTPPassword = getenv("SHOP_SMTP_USER"), getenv("SHOP_SMTP_PASSWORD")
	c.ReconcileGrace = duration(getenv, "SHOP_RECONCILE_GRACE", 2*time.Minute, &errs)
	c.ReconcileInterval = duration(getenv, "SHOP_RECONCILE_INTERVAL", 5*time.Minute, &errs)
	c.LimitWindow = duration(getenv, "SHOP_LIMIT_WINDOW", time.Hour, &errs)
	c.LimitChecks = integer(getenv, "SHOP_LIMIT_CHECKS_PER_ORDER", 10, &errs)
	c.LimitCallbacks = integer(getenv, "SHOP_LIMIT_CALLBACKS_PER_ORDER", 60, &errs)
	c.LimitLinkRefreshes = integer(getenv, "SHOP_LIMIT_LINK_REFRESHES", 5, &errs)
	c.LimitCODPerAddress = integer(getenv, "SHOP_LIMIT_COD_PER_ADDRESS", 5, &errs)
	c.LimitCODPerMobile = integer(getenv, "SHOP_LIMIT_COD_PER_MOBILE", 2, &errs)
	c.VerifyWindow = duration(getenv, "SHOP_VERIFY_WINDOW", time.Hour, &errs)
	c.StockHold = duration(getenv, "SHOP_STOCK_HOLD", time.Hour, &errs)
	c.CourierPrice = integer(getenv, "SHOP_COURIER_PRICE", 0, &errs)
	c.PageCacheBytes = integer(getenv, "SHOP_PAGE_CACHE_BYTES", 16<<20, &errs)
	c.LoyaltyEnabled = boolean(getenv, "SHOP_LOYALTY_ENABLED", true, &errs)
	c.LiveShapes = boolean(getenv, "SHOP_LIVE_SHAPES", false, &errs)
	c.SandboxBankPage = strings.TrimSpace(getenv("SHOP_SANDBOX_BANK_PAGE"))
	c.LoyaltyChooseGroup = boolean(getenv, "SHOP_LOYALTY_CHOOSE_GROUPS", true, &errs)
	c.LoyaltyEnglishNames = boolean(getenv, "SHOP_LOYALTY_ENGLISH_NAMES", false, &errs)
	c.TrustedProxies = trustedProxies(getenv, "SHOP_TRUSTED_PROXIES", &errs)
	c.RateCallback = rateLimit(getenv, "SHOP_RATE_CALLBACK", "30/1m", &errs)
	c.RateTrack = rateLimit(getenv, "SHOP_RATE_TRACK", "10/1m", &errs)
	c.RateCheckout = rateLimit(getenv, "SHOP_RATE_CHECKOUT", "30/1m", &errs)
	c.RateOrder = rateLimit(getenv, "SHOP_RATE_ORDER", "20/1m", &errs)
	c.RateAccount = rateLimit(getenv, "SHOP_RATE_ACCOUNT", "20/10m", &errs)
	c.LoyaltyCustomerGroup = strings.TrimSpace(getenv("SHOP_LOYALTY_CUSTOMER_GROUP"))
	c.LoyaltyCardGroup = strings.TrimSpace(getenv("SHOP_LOYALTY_CARD_GROUP"))
	for _, s := range list(getenv("SHOP_COURIER_CITIES")) {
		id, err := strconv.Atoi(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("SHOP_COURIER_CITIES: %q is not a city id", s))
			continue
		}
		c.CourierCities = append(c.CourierCities, id)
	}
	if c.LoyaltyTerminals == nil && c.LoyaltyURL == "" {
		c.LoyaltyTerminals = []string{"10001001", "10001002"} // the sandbox's terminals
	}
	return c, errors.Join(errs...)
}

// FrotelSandbox reports whether Frotel calls go to the built-in sandbox.
func (c Config) FrotelSandbox() bool { return len(c.FrotelURLs) == 0 }

// LoyaltySandbox reports whether loyalty calls go to the built-in sandbox.
func (c Config) LoyaltySandbox() bool { return c.LoyaltyURL == "" }

// SecureCookies reports whether cookies must carry the Secure flag (the shop is served over https).
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Validate reports every problem with the configuration at once.
// RegisterKinds is how many orders one basket can make (goods, files, services), registered one after another.
const RegisterKinds = 3

// Warnings are settings that work but not as they should; serve logs them at start.
func (c Config) Warnings() []string {
	var out []string
	mirrors := len(c.FrotelURLs)
	if c.FrotelSandbox() {
		mirrors = 3
	}
	if whole := c.FrotelTimeout * time.Duration(mirrors*RegisterKinds); c.ReconcileGrace > 0 && c.ReconcileGrace <= whole {
		// A mixed basket's last order waits behind the others' registrations, unsent: reconciliation may take it
		// over before checkout reaches it. The send is claimed, so Frotel still gets one registration, but the
		// shopper's page then waits for reconciliation.
		out = append(out, fmt.Sprintf("SHOP_RECONCILE_GRACE (%v) is not longer than SHOP_FROTEL_TIMEOUT × mirrors × kinds (%v × %d × %d = %v): reconciliation may send a mixed basket's last order before checkout does",
			c.ReconcileGrace, c.FrotelTimeout, mirrors, RegisterKinds, whole))
	}
	return out
}

func (c Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("SHOP_ADDR is empty"))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("SHOP_BASE_URL %q is not an absolute http(s) URL", c.BaseURL))
		}
	}
	if c.PageCacheBytes < 256<<10 {
		errs = append(errs, fmt.Errorf("SHOP_PAGE_CACHE_BYTES %d: at least 262144 (256 KB)", c.PageCacheBytes))
	}
	if c.PriceUnit != "toman" && c.PriceUnit != "rial" {
		errs = append(errs, fmt.Errorf("SHOP_PRICE_UNIT %q: want toman or rial", c.PriceUnit))
	}
	if c.SessionSecret != "" && len(c.SessionSecret) < 32 {
		errs = append(errs, errors.New("SHOP_SESSION_SECRET must be at least 32 characters"))
	}
	for _, u := range c.FrotelURLs {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, fmt.Errorf("SHOP_FROTEL_URLS: %q is not an absolute http(s) URL", u))
		}
	}
	if !c.FrotelSandbox() && c.FrotelAPIKey == "" {
		errs = append(errs, errors.New("SHOP_FROTEL_API_KEY is required with SHOP_FROTEL_URLS"))
	}
	if !c.LoyaltySandbox() && c.LoyaltyEnabled && (c.LoyaltyAppKey == "" || c.LoyaltyAppSecret == "") {
		errs = append(errs, errors.New("SHOP_LOYALTY_APP_KEY and SHOP_LOYALTY_APP_SECRET are required with SHOP_LOYALTY_URL"))
	}
	if c.SMTPAddr != "" && !strings.Contains(c.SMTPFrom, "@") {
		errs = append(errs, errors.New("SHOP_SMTP_FROM must be the sender's e-mail address when SHOP_SMTP_ADDR is set"))
	}
	if c.SMS.Provider != "" && c.SMS.Provider != "sandbox" {
		if c.SMS.APIKey == "" {
			errs = append(errs, fmt.Errorf("SHOP_SMS_API_KEY is required with SHOP_SMS_PROVIDER=%s", c.SMS.Provider))
		}
		if p, err := url.Parse(c.SMS.URL); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, fmt.Errorf("SHOP_SMS_URL %q is not an absolute http(s) URL", c.SMS.URL))
		}
	}
	if c.ReconcileInterval < time.Second || c.ReconcileGrace <= 0 || c.LimitWindow <= 0 {
		errs = append(errs, errors.New("SHOP_RECONCILE_INTERVAL (1s or more), SHOP_RECONCILE_GRACE and SHOP_LIMIT_WINDOW must be positive"))
	}
	mirrors := len(c.FrotelURLs)
	if c.FrotelSandbox() {
		mirrors = 3 // the built-in sandbox's
	}
	if c.ReconcileGrace > 0 && c.ReconcileGrace <= c.FrotelTimeout*time.Duration(mirrors) {
		// A payment check tries every mirror in turn; one still under way must never be taken for abandoned.
		errs = append(errs, fmt.Errorf("SHOP_RECONCILE_GRACE (%v) must be longer than SHOP_FROTEL_TIMEOUT × mirrors (%v × %d)",
			c.ReconcileGrace, c.FrotelTimeout, mirrors))
	}
	if c.StockHold < time.Minute {
		errs = append(errs, errors.New("SHOP_STOCK_HOLD must be a minute or more: a shopper needs time to pay at the bank"))
	}
	if c.LimitCODPerAddress < 0 || c.LimitCODPerMobile < 0 {
		errs = append(errs, errors.New("SHOP_LIMIT_COD_PER_ADDRESS and SHOP_LIMIT_COD_PER_MOBILE must be 0 (off) or more"))
	}
	if c.LimitChecks < 1 || c.LimitCallbacks < 1 || c.LimitLinkRefreshes < 1 {
		errs = append(errs, errors.New("SHOP_LIMIT_CHECKS_PER_ORDER, SHOP_LIMIT_CALLBACKS_PER_ORDER and SHOP_LIMIT_LINK_REFRESHES must be 1 or more"))
	}
	if c.SandboxBanks != "default" && c.SandboxBanks != "none" {
		errs = append(errs, fmt.Errorf("SHOP_SANDBOX_BANKS %q: want default or none", c.SandboxBanks))
	}
	switch c.SandboxBankPage {
	case "", "compact", "mellat", "saman", "parsian", "two-forms", "spec", "script":
	default:
		errs = append(errs, fmt.Errorf("SHOP_SANDBOX_BANK_PAGE %q: want compact, mellat, saman, parsian, two-forms, spec or script", c.SandboxBankPage))
	}
	if c.FreeShipAbove < 0 || c.CourierPrice < 0 {
		errs = append(errs, errors.New("SHOP_FREE_SHIPPING_ABOVE and SHOP_COURIER_PRICE cannot be negative"))
	}
	return errors.Join(errs...)
}

func or(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return strings.TrimSpace(v)
}

func list(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.TrimRight(p, "/"))
		}
	}
	return out
}

func duration(getenv Getenv, name string, def time.Duration, errs *[]error) time.Duration {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		*errs = append(*errs, fmt.Errorf("%s: %q is not a positive duration like 10s", name, v))
		return def
	}
	return d
}

func integer(getenv Getenv, name string, def int64, errs *[]error) int64 {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s: %q is not a whole number", name, v))
		return def
	}
	return n
}

func boolean(getenv Getenv, name string, def bool, errs *[]error) bool {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s: %q is not true or false", name, v))
		return def
	}
	return b
}
