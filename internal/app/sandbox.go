package app

import (
	"errors"
	"net/http"

	"shop/internal/config"
	"shop/internal/sandbox"
)

// Sandbox is the built-in fakes of Frotel, its bank page, the loyalty club and the SMS provider, mounted together under one prefix.
type Sandbox struct {
	Frotel  *sandbox.Frotel
	Loyalty *sandbox.Loyalty
	// SMS keeps the text messages a shop on SHOP_SMS_PROVIDER=sandbox sends; its page is /sandbox/sms.
	SMS     *sandbox.SMS
	Handler http.Handler
}

// NewSandbox builds the fakes at publicURL; with shopURL set, its bank page returns only to that shop's callbacks.
func NewSandbox(cfg config.Config, publicURL, shopURL string) *Sandbox {
	return NewSandboxWith(sandbox.FrotelOptions{APIKey: SandboxFrotelKey, PublicURL: publicURL, ShopURL: shopURL,
		EmptyBanks: cfg.SandboxBanks == "none", LiveShapes: cfg.LiveShapes, BankPage: cfg.SandboxBankPage}, sandbox.LoyaltyOptions{Terminals: cfg.LoyaltyTerminals})
}

// NewSandboxWith builds the fakes with the given options (tests switch the Frotel fakes' faults this way).
func NewSandboxWith(fo sandbox.FrotelOptions, lo sandbox.LoyaltyOptions) *Sandbox {
	sb := &Sandbox{Frotel: sandbox.NewFrotel(fo), Loyalty: sandbox.NewLoyalty(lo), SMS: sandbox.NewSMS()}
	mux := http.NewServeMux()
	mux.Handle("/sms", sb.SMS.Handler())
	mux.Handle("/loyalty/", sb.Loyalty.Handler())
	mux.Handle("/", sb.Frotel.Handler())
	sb.Handler = mux
	return sb
}

// SandboxPlan decides whether the built-in sandbox is mounted under /sandbox on the shop. Only a shop that runs
// entirely on it (the demo default) gets it: on a shop with real Frotel or a real loyalty club, a fake bank page
// with a published key on the shop's own domain is a phishing page waiting to happen. note says, for the log, why
// a mixed setup runs without it; err refuses a setup that cannot work without it.
func SandboxPlan(cfg config.Config) (mount bool, note string, err error) {
	loyaltyOnSandbox := cfg.LoyaltySandbox() || !cfg.LoyaltyEnabled // a club that is off needs no upstream
	switch {
	case cfg.FrotelSandbox() && loyaltyOnSandbox:
		return true, "", nil
	case cfg.FrotelSandbox():
		return false, "", errors.New("SHOP_LOYALTY_URL is set but SHOP_FROTEL_URLS is not: the built-in sandbox runs only " +
			"when every upstream is on it; to try a real loyalty club against a fake Frotel, run `shop sandbox` " +
			"and set SHOP_FROTEL_URLS to its mirrors")
	case cfg.LoyaltySandbox() && cfg.LoyaltyEnabled:
		return false, "built-in sandbox not mounted: SHOP_FROTEL_URLS points at real Frotel; the loyalty club is off " +
			"until SHOP_LOYALTY_URL is set (or SHOP_LOYALTY_ENABLED=false silences this)", nil
	}
	return false, "", nil
}
