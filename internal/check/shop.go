package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func checkDatabase(s Settings) Result {
	const name = "database"
	if s.DB == nil {
		return fail(name, "not checked: the shop could not open it (see the error above)",
			"بررسی نشد: فروشگاه نتوانست پایگاه داده را باز کند (خطای بالا را ببینید).")
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.DB.Ready(ctx); err != nil {
		return fail(name, "not ready: "+err.Error(), "پایگاه داده پاسخ نمی‌دهد یا ساختار آن به‌روز نیست.")
	}
	return ok(name, fmt.Sprintf("reachable and every migration applied (%s)", ms(time.Since(start))),
		"پایگاه داده در دسترس است و ساختار آن به‌روز است.")
}

// minSecret matches config.Validate: 32 characters sign and encrypt the session cookie.
const minSecret = 32

func checkSession(s Settings) Result {
	const name = "session secret"
	switch {
	case s.Session.Length == 0:
		return fail(name, "none: SHOP_SESSION_SECRET is unset and no key could be generated",
			"کلید نشست وجود ندارد: SHOP_SESSION_SECRET را تنظیم کنید.")
	case s.Session.Length < minSecret:
		return fail(name, fmt.Sprintf("too short: %d characters, at least %d needed", s.Session.Length, minSecret),
			fmt.Sprintf("کلید نشست کوتاه است؛ دست‌کم %d نویسه لازم است.", minSecret))
	case !s.Session.FromEnv:
		return warn(name, "SHOP_SESSION_SECRET is unset: the key generated in "+s.Session.Path+" is used; set SHOP_SESSION_SECRET on a live shop (and keep it out of backups others can read)",
			"SHOP_SESSION_SECRET تنظیم نشده و کلید ساخته‌شده در پوشهٔ داده به کار می‌رود؛ برای فروشگاه واقعی آن را تنظیم کنید.")
	}
	return ok(name, fmt.Sprintf("set, %d characters", s.Session.Length), "کلید نشست تنظیم شده و به اندازهٔ کافی بلند است.")
}

func checkBaseScheme(s Settings) Result {
	const name = "base URL https"
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Host == "" {
		return fail(name, fmt.Sprintf("%q is not an absolute URL", s.BaseURL), "نشانی فروشگاه (SHOP_BASE_URL) درست نیست.")
	}
	if u.Scheme == "https" {
		return ok(name, s.BaseURL+" is https", "نشانی فروشگاه https است.")
	}
	unset := ""
	if !s.BaseURLSet {
		unset = " (SHOP_BASE_URL unset)"
	}
	if s.OnSandbox && isLoopback(u.Hostname()) {
		return warn(name, s.BaseURL+unset+" is plain http on this machine: fine while the shop runs on the sandbox; a live shop needs https",
			"نشانی فروشگاه http و روی همین رایانه است: برای محیط آزمایشی درست است، ولی فروشگاه واقعی https لازم دارد.")
	}
	return fail(name, s.BaseURL+unset+" is not https: banks return shoppers to it and cookies need the Secure flag",
		"نشانی فروشگاه باید https باشد: بانک خریدار را به آن برمی‌گرداند و کوکی‌ها باید امن باشند.")
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkBaseReachable fetches BaseURL/healthz from this machine: the bank sends the shopper back to this
// URL, so it must answer from outside the process, through whatever proxy stands in front.
func checkBaseReachable(ctx context.Context, s Settings) Result {
	const name = "base URL reachable"
	hc := s.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: s.Timeout}
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	target := strings.TrimRight(s.BaseURL, "/") + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fail(name, err.Error(), "نشانی فروشگاه درست نیست.")
	}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return fail(name, target+" does not answer: "+cause(err)+"; is the shop (or its proxy) running there?",
			"نشانی فروشگاه از همین رایانه پاسخ نمی‌دهد؛ بانک نمی‌تواند خریدار را برگرداند.")
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fail(name, fmt.Sprintf("%s answered HTTP %d, not the shop's 200", target, resp.StatusCode),
			"نشانی فروشگاه پاسخ داد، ولی پاسخ از خود فروشگاه نبود یا فروشگاه سالم نیست.")
	}
	return ok(name, fmt.Sprintf("%s answered in %s", target, ms(time.Since(start))), "نشانی فروشگاه از همین رایانه در دسترس است.")
}

func checkSandbox(s Settings) Result {
	const name = "sandbox"
	if !s.SandboxMounted {
		return ok(name, "not mounted: Frotel and the loyalty club are the real services", "محیط آزمایشی فعال نیست.")
	}
	return warn(name, "mounted at "+strings.TrimRight(s.BaseURL, "/")+"/sandbox: orders, payments and members there are fake; it must not be on a live shop (set SHOP_FROTEL_URLS and SHOP_LOYALTY_URL)",
		"محیط آزمایشی روشن است: سفارش‌ها و پرداخت‌ها ساختگی‌اند و فروشگاه واقعی نباید آن را داشته باشد.")
}

func checkOwners(ctx context.Context, s Settings) Result {
	const name = "admin owner"
	if s.Owners == nil {
		return warn(name, "not checked: the database could not be opened", "حساب مالک بررسی نشد، چون پایگاه داده باز نشد.")
	}
	exists, err := s.Owners.OwnerExists(ctx)
	switch {
	case err != nil:
		return fail(name, "could not be read: "+err.Error(), "وجود حساب مالک فروشگاه بررسی نشد.")
	case !exists && s.OnSandbox:
		return warn(name, "no owner account yet: `shop serve` makes the demo owner on a new sandbox database; a live shop needs `shop admin create -email EMAIL -role owner`",
			"هنوز حساب مالکی نیست: shop serve روی پایگاه دادهٔ آزمایشی یک مالک نمایشی می‌سازد؛ فروشگاه واقعی با shop admin create.")
	case !exists:
		return fail(name, "no owner account: create one with `shop admin create -email EMAIL -role owner` before opening the shop",
			"حساب مالک فروشگاه وجود ندارد؛ پیش از بازگشایی با shop admin create آن را بسازید.")
	}
	return ok(name, "an owner account exists", "حساب مالک فروشگاه وجود دارد.")
}

// cause is the innermost text of a network error: the URL in a *url.Error adds nothing the line lacks
// (and a loyalty GET would carry the AppKey in it).
func cause(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}
