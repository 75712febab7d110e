package config

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// RateLimit is a per-IP allowance: Requests per Per, in a burst or spread out. The zero value is off.
type RateLimit struct {
	Requests int
	Per      time.Duration
}

// String is the setting's own notation, for logs and help.
func (r RateLimit) String() string {
	if r.Requests == 0 {
		return "off"
	}
	return fmt.Sprintf("%d/%s", r.Requests, r.Per)
}

// rateLimit reads "N/DURATION" (30/1m, 5/10s) or "off".
func rateLimit(getenv Getenv, name, def string, errs *[]error) RateLimit {
	v := or(getenv(name), def)
	if v == "off" || v == "0" {
		return RateLimit{}
	}
	n, per, ok := strings.Cut(v, "/")
	count, err := strconv.Atoi(strings.TrimSpace(n))
	d, derr := time.ParseDuration(strings.TrimSpace(per))
	if !ok || err != nil || derr != nil || count <= 0 || d <= 0 {
		*errs = append(*errs, fmt.Errorf("%s: %q is not a limit like 30/1m (requests per duration) or off", name, v))
		return RateLimit{}
	}
	return RateLimit{Requests: count, Per: d}
}

// trustedProxies reads a comma-separated list of IPs and CIDR ranges; a bare IP is a range of one.
func trustedProxies(getenv Getenv, name string, errs *[]error) []*net.IPNet {
	var out []*net.IPNet
	for _, s := range list(getenv(name)) {
		if _, n, err := net.ParseCIDR(s); err == nil {
			out = append(out, n)
			continue
		}
		ip := net.ParseIP(s)
		if ip == nil {
			*errs = append(*errs, fmt.Errorf("%s: %q is neither an IP address nor a CIDR range", name, s))
			continue
		}
		bits := 128
		if ip.To4() != nil {
			ip, bits = ip.To4(), 32
		}
		out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
	}
	return out
}
