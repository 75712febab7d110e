package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"sync"
	"time"

	"shop/internal/frotel"
)

// checkFrotel checks every mirror on its own, since the shop fails over between them and a dead one
// hides behind the others until they fail too.
func checkFrotel(ctx context.Context, s Settings) []Result {
	if len(s.Frotel.URLs) == 0 {
		return []Result{fail("frotel", "no mirror URL: set SHOP_FROTEL_URLS", "نشانی سرویس فروتل تنظیم نشده است.")}
	}
	out := make([]Result, len(s.Frotel.URLs))
	var wg sync.WaitGroup
	for i, base := range s.Frotel.URLs {
		wg.Go(func() { out[i] = checkMirror(ctx, s, fmt.Sprintf("frotel mirror %d", i+1), base) })
	}
	wg.Wait()
	return out
}

// checkMirror walks one mirror step by step (DNS, connect, a getPrices for a sample parcel) and names the
// first step that fails: a dead mirror fails before getPrices, a wrong API key fails in it.
func checkMirror(ctx context.Context, s Settings, name, base string) Result {
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return fail(name, fmt.Sprintf("%q is not a URL", base), "نشانی سرویس فروتل درست نیست.")
	}
	host := u.Hostname()
	fa := func(step string) string { return "سرور فروتل (" + host + ") " + step }
	dnsTook, addr, err := resolve(ctx, s.Timeout, u)
	if err != nil {
		return fail(name, base+": DNS: "+err.Error()+": the name does not resolve from this machine", fa("پیدا نشد (DNS)؛ نام سرور از این رایانه شناخته نمی‌شود."))
	}
	connectTook, err := connect(ctx, s.Timeout, addr)
	if err != nil {
		return fail(name, base+": connect: "+err.Error()+": the mirror is down or blocked from this machine", fa("در دسترس نیست؛ اتصال برقرار نشد."))
	}
	c, err := frotel.New(frotel.Config{URLs: []string{base}, APIKey: s.Frotel.APIKey, Timeout: s.Timeout, Cooldown: -1, Logger: s.Logger})
	if err != nil {
		return fail(name, err.Error(), "تنظیمات فروتل درست نیست.")
	}
	start := time.Now()
	prices, err := c.GetPrices(ctx, frotel.PriceRequest{BasketTotal: 1_000_000, WeightGrams: 500, CityID: s.SampleCity,
		SendMethods: []frotel.SendMethod{frotel.Pishtaz}, PaymentWays: []frotel.PaymentWay{frotel.Online}})
	took := time.Since(start)
	steps := fmt.Sprintf("DNS %s, connect %s", ms(dnsTook), ms(connectTook))
	if net.ParseIP(host) != nil {
		steps = fmt.Sprintf("an IP address (no DNS), connect %s", ms(connectTook))
	}
	var apiErr *frotel.APIError
	switch {
	case errors.As(err, &apiErr):
		// The mirror is alive and answered in Frotel's envelope: what it refused is the request, and for a
		// harmless quote that is almost always the API key.
		return fail(name, fmt.Sprintf("%s: %s; getPrices answered in %s but refused: %s — check SHOP_FROTEL_API_KEY", base, steps, ms(took), apiErr),
			fa("پاسخ داد ولی درخواست را نپذیرفت: «"+apiErr.Message+"»؛ کلید API فروتل (SHOP_FROTEL_API_KEY) را بررسی کنید."))
	case errors.Is(err, frotel.ErrBadResponse):
		return fail(name, fmt.Sprintf("%s: %s; getPrices got something that is not Frotel's API after %s: %v", base, steps, ms(took), err),
			fa("پاسخی داد که پاسخ سرویس فروتل نیست؛ نشانی را بررسی کنید."))
	case err != nil:
		return fail(name, fmt.Sprintf("%s: %s; getPrices did not answer after %s: %v", base, steps, ms(took), err),
			fa("به درخواست استعلام هزینهٔ ارسال پاسخ نداد."))
	}
	quote, _ := prices.Find(frotel.Pishtaz, frotel.Online)
	return ok(name, fmt.Sprintf("%s: %s, getPrices answered in %s (500 g by pishtaz to city %d, paid online: %s rials)",
		base, steps, ms(took), s.SampleCity, rials(quote.Total())),
		fa("در دسترس است و کلید API را پذیرفت."))
}

// resolve looks the host up (a bare IP needs no lookup) and returns host:port of the first address.
func resolve(ctx context.Context, timeout time.Duration, u *url.URL) (time.Duration, string, error) {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	host := u.Hostname()
	if net.ParseIP(host) != nil {
		return 0, net.JoinHostPort(host, port), nil
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	addrs, err := net.DefaultResolver.LookupHost(ctx, host)
	if err != nil {
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			return 0, "", errors.New(dnsErr.Err)
		}
		return 0, "", err
	}
	return time.Since(start), net.JoinHostPort(addrs[0], port), nil
}

// connect opens and closes one TCP connection: nothing is sent.
func connect(ctx context.Context, timeout time.Duration, addr string) (time.Duration, error) {
	d := net.Dialer{Timeout: timeout}
	start := time.Now()
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		var sysErr *os.SyscallError // "connection refused" without the dial's own wording around it
		if errors.As(err, &sysErr) {
			return 0, fmt.Errorf("%s: %w", addr, sysErr.Err)
		}
		return 0, err
	}
	took := time.Since(start)
	conn.Close()
	return took, nil
}
