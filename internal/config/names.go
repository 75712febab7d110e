package config

import (
	"fmt"
	"strings"
)

// Var documents one SHOP_* variable; `shop help` and the README list them, and each is also a flag.
type Var struct {
	Name    string
	Default string
	Help    string
}

// Vars lists every setting the shop reads.
var Vars = []Var{
	{"SHOP_ADDR", "127.0.0.1:8080", "address the HTTP server listens on"},
	{"SHOP_BASE_URL", "http://SHOP_ADDR", "public URL of the shop; bank callbacks and the sandbox's links are built from it; https turns on Secure cookies"},
	{"SHOP_DATA_DIR", "data", "folder for the database and the generated session key"},
	{"SHOP_DATABASE", "SHOP_DATA_DIR/shop.db", "SQLite file (or file: DSN; WAL, busy timeout and foreign keys always on), or a postgres:// URL"},
	{"SHOP_SESSION_SECRET", "generated into SHOP_DATA_DIR/session.key", "32+ characters; signs and encrypts the session cookie"},
	{"SHOP_METRICS_TOKEN", "", "bearer token that opens /metrics to a scraper anywhere; without it /metrics answers only direct loopback requests of a shop not behind https"},
	{"SHOP_PRICE_UNIT", "toman", "toman or rial: how prices are shown (amounts are always stored and sent in rials)"},
	{"SHOP_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"SHOP_PAGE_CACHE_BYTES", "16777216 (16 MB)", "memory, in bytes, of the catalog, category and product pages kept rendered and compressed"},
	{"SHOP_ADMIN_IDLE", "30m", "an admin session ends after this long without a request"},
	{"SHOP_FROTEL_URLS", "the built-in sandbox's three mirrors", "ordered, comma-separated Frotel base URLs ending before the method path, e.g. http://webservice1.link/ws/v1/rest"},
	{"SHOP_FROTEL_API_KEY", "sandbox key", "the seller's Frotel API key (never logged)"},
	{"SHOP_FROTEL_TIMEOUT", "10s", "timeout of one Frotel call"},
	{"SHOP_FROTEL_COOLDOWN", "30s", "how long a failing Frotel mirror is skipped"},
	{"SHOP_FROTEL_CITIES", "embedded list", "JSON file of Frotel's provinces and cities ([{id,name,cities}]) replacing the embedded one"},
	{"SHOP_SEND_METHODS", "pishtaz,sefareshi", "send methods offered: pishtaz, sefareshi, matbuat, peyk"},
	{"SHOP_FREE_SHIPPING_ABOVE", "0 (off)", "basket amount in rials above which shipping is free"},
	{"SHOP_COURIER_PRICE", "0 (off)", "fee in rials of the seller's own fixed-price courier (Frotel send type 20)"},
	{"SHOP_COURIER_CITIES", "", "comma-separated Frotel city ids the seller's courier serves"},
	{"SHOP_QUOTE_CACHE_TTL", "5m", "how long a shipping quote for the same inputs is reused"},
	{"SHOP_TRUSTED_PROXIES", "none", "comma-separated IPs or CIDR ranges of the reverse proxies in front of the shop; only their X-Forwarded-For, X-Real-IP and X-Request-ID are believed"},
	{"SHOP_RATE_CALLBACK", "30/1m", "bank callbacks (GET and POST /payment/callback/…) one IP may make, as requests/duration, or off"},
	{"SHOP_RATE_TRACK", "10/1m", "order look-ups on /track one IP may make"},
	{"SHOP_RATE_CHECKOUT", "30/1m", "checkout form posts (shipping quotes, loyalty look-ups and joins, placing) one IP may make"},
	{"SHOP_RATE_ORDER", "20/1m", "pay, pay-again, verify-again and download-links posts one IP may make, all order pages together"},
	{"SHOP_RATE_ACCOUNT", "20/10m", "one-time code requests and checks one IP may make (sign-in at /account, an order's code); each mobile also gets at most 5 codes an hour"},
	{"SHOP_SANDBOX_BANKS", "default", "sandbox only: default (two banks) or none (an empty bank list)"},
	{"SHOP_SANDBOX_BANK_PAGE", "", "sandbox only: the shape of every bank page pay hands out: compact, mellat, saman, parsian, two-forms, spec (the spec's example, no action) or script (no form)"},
	{"SHOP_LIVE_SHAPES", "false", "sandbox only: answer as a live Frotel and Iranian banks do (string numbers, [] and false for empty results, list-valued messages, extra fields, whole bank documents, a first checkPay error per payment); `shop sandbox -live-shapes`"},
	{"SHOP_LOYALTY_ENABLED", "true", "show the loyalty club box at checkout"},
	{"SHOP_LOYALTY_URL", "the built-in sandbox", "loyalty base URL the method name is appended to, e.g. https://212.80.25.71/api/api/GeneralApi"},
	{"SHOP_LOYALTY_APP_KEY", "sandbox key", "the agency's AppKey (never logged)"},
	{"SHOP_LOYALTY_APP_SECRET", "sandbox secret", "the agency's AppSecret (never logged)"},
	{"SHOP_LOYALTY_PIN_SHA256", "", "hex SHA-256 of the loyalty server's certificate, to pin it"},
	{"SHOP_LOYALTY_CA_FILE", "", "PEM file of the CA that signs the loyalty server's certificate"},
	{"SHOP_LOYALTY_TERMINALS", "sandbox terminals", "comma-separated terminal numbers of the agency"},
	{"SHOP_LOYALTY_ENGLISH_NAMES", "false", "the loyalty join form also asks for the (optional) Latin first and last names and sends them to the club"},
	{"SHOP_LOYALTY_CHOOSE_GROUPS", "true", "the agency may choose customer and card groups when registering"},
	{"SHOP_LOYALTY_CUSTOMER_GROUP", "the first listed", "customer group id new members join (the seller's choice; shoppers never pick)"},
	{"SHOP_LOYALTY_CARD_GROUP", "the first listed", "card group id new members join"},
	{"SHOP_LOYALTY_TIMEOUT", "3s", "timeout of one loyalty call (loyalty never blocks a purchase)"},
	{"SHOP_LOYALTY_SYNC_WINDOW", "02:00-05:00", "Tehran-time window of the nightly transaction pull"},
	{"SHOP_SMTP_ADDR", "", "host:port of an SMTP server: shoppers who give an e-mail get their order's link (off when empty)"},
	{"SHOP_SMTP_FROM", "", "the sender address of those e-mails"},
	{"SHOP_SMTP_USER", "", "SMTP user name, when the server asks for one"},
	{"SHOP_SMTP_PASSWORD", "", "SMTP password (never logged)"},
	{"SHOP_SMS_PROVIDER", "", "kavenegar sends SMS to buyers and the seller (order steps, one-time codes); sandbox keeps them in the built-in sandbox's list at /sandbox/sms (`make run` sets it); empty turns SMS off"},
	{"SHOP_SMS_URL", "https://api.kavenegar.com", "the SMS provider's API base URL"},
	{"SHOP_SMS_API_KEY", "", "the SMS provider's API key (never logged)"},
	{"SHOP_SMS_SENDER", "", "the sending line number; empty lets Kavenegar use the account's default line"},
	{"SHOP_SMS_OTP_TEMPLATE", "", "name of a Kavenegar verify template (its %token% is the code): one-time codes then go through verify/lookup; empty sends them as a plain message"},
	{"SHOP_RECONCILE_GRACE", "2m", "how long an order may stay registering, or a payment check under way, before reconciliation takes it for abandoned (a crash, a lost answer); longer than SHOP_FROTEL_TIMEOUT × mirrors, and (warned at start) than SHOP_FROTEL_TIMEOUT × mirrors × 3 kinds"},
	{"SHOP_RECONCILE_INTERVAL", "5m", "how often serve runs reconciliation (it also runs at start)"},
	{"SHOP_LIMIT_WINDOW", "1h", "the window of the per-order bounds below"},
	{"SHOP_LIMIT_CHECKS_PER_ORDER", "10", "checkPay calls one order may cause per window; past it, bank returns wait for reconciliation"},
	{"SHOP_LIMIT_CALLBACKS_PER_ORDER", "60", "bank callbacks stored per order per window; past it they are only counted in the log"},
	{"SHOP_LIMIT_LINK_REFRESHES", "5", "download-link refreshes (each a checkPay) per order per window"},
	{"SHOP_LIMIT_COD_PER_ADDRESS", "5", "cash-on-delivery orders one client address sends to Frotel per hour; later ones are saved and held for the seller (0 = off)"},
	{"SHOP_LIMIT_COD_PER_MOBILE", "2", "cash-on-delivery orders of one mobile not yet shipped, delivered or cancelled; later ones are held for the seller (0 = off)"},
	{"SHOP_STOCK_HOLD", "60m", "how long an unpaid online order holds its stock; then reconciliation gives it back (a payment arriving later is still verified and takes the stock again, or the order is marked for a person if it is gone)"},
	{"SHOP_VERIFY_WINDOW", "1h", "how long reconciliation asks checkPay again, with back-off, for a payment it answered only with errors; then a person is told"},
}

// MarkdownTable is the settings table of the README, generated from Vars (`go test ./internal/config -update`
// rewrites the README's copy; the test fails when the two differ).
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| variable | default | meaning |\n|---|---|---|\n")
	for _, v := range Vars {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", v.Name, v.Default, v.Help)
	}
	return b.String()
}
