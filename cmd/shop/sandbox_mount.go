package main

import (
	"errors"

	"shop/internal/config"
)

// sandboxPlan decides whether the built-in sandbox is mounted under /sandbox on the shop. Only a shop that runs
// entirely on it (the demo default) gets it: on a shop with real Frotel or a real loyalty club, a fake bank page
// with a published key on the shop's own domain is a phishing page waiting to happen. note says, for the log, why
// a mixed setup runs without it; err refuses a setup that cannot work without it.
func sandboxPlan(cfg config.Config) (mount bool, note string, err error) {
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
