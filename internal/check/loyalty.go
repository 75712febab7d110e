package check

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"shop/internal/loyalty"
)

// checkLoyalty checks the club in three lines: the connection, the certificate (with the fingerprint in
// the form SHOP_LOYALTY_PIN_SHA256 takes, so the seller can pin it) and one authenticated call.
func checkLoyalty(ctx context.Context, s Settings) []Result {
	if !s.LoyaltyEnabled {
		return []Result{ok("loyalty", "switched off (SHOP_LOYALTY_ENABLED=false): nothing to check", "باشگاه مشتریان خاموش است.")}
	}
	u, err := url.Parse(s.Loyalty.BaseURL)
	if err != nil || u.Hostname() == "" {
		return []Result{fail("loyalty connect", fmt.Sprintf("%q is not a URL", s.Loyalty.BaseURL), "نشانی باشگاه مشتریان (SHOP_LOYALTY_URL) درست نیست.")}
	}
	took, addr, err := resolve(ctx, s.Timeout, u)
	if err == nil {
		var t time.Duration
		t, err = connect(ctx, s.Timeout, addr)
		took += t
	}
	if err != nil {
		return []Result{
			fail("loyalty connect", u.Host+": "+err.Error()+": a network failure, not a matter of keys",
				"اتصال به باشگاه مشتریان برقرار نشد (مشکل شبکه است، نه کلیدها)."),
			fail("loyalty certificate", "not checked: no connection", "گواهی بررسی نشد: اتصالی نیست."),
			fail("loyalty api", "not checked: no connection", "فراخوانی بررسی نشد: اتصالی نیست."),
		}
	}
	return []Result{
		ok("loyalty connect", fmt.Sprintf("%s: connected in %s", u.Host, ms(took)), "اتصال به باشگاه مشتریان برقرار است."),
		checkCertificate(ctx, s, u, addr),
		checkLoyaltyAPI(ctx, s),
	}
}

// checkCertificate reads the server's certificate in a handshake of its own (nothing is sent over it)
// and judges it the way the client will: by the pin, by the CA file, or by the system's CAs.
func checkCertificate(ctx context.Context, s Settings, u *url.URL, addr string) Result {
	const name = "loyalty certificate"
	if u.Scheme != "https" {
		if s.OnSandbox || isLoopback(u.Hostname()) {
			return ok(name, "plain http to the built-in sandbox on this machine: no certificate", "محیط آزمایشی روی همین رایانه؛ گواهی لازم نیست.")
		}
		return warn(name, "plain http: AppKey, AppSecret and card numbers cross the network unencrypted",
			"اتصال بدون رمزنگاری است: کلیدها و شماره کارت‌ها رمزنشده فرستاده می‌شوند.")
	}
	dialer := &tls.Dialer{NetDialer: &net.Dialer{Timeout: s.Timeout}, Config: &tls.Config{
		ServerName: serverName(u.Hostname()),
		// Only to read the certificate and judge it below; this connection carries no request.
		InsecureSkipVerify: true, //nolint:gosec
	}}
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fail(name, "TLS handshake failed: "+err.Error(), "دست‌دهی TLS با باشگاه مشتریان ناموفق بود.")
	}
	state := conn.(*tls.Conn).ConnectionState()
	conn.Close()
	if len(state.PeerCertificates) == 0 {
		return fail(name, "the server sent no certificate", "سرور گواهی نفرستاد.")
	}
	leaf := state.PeerCertificates[0]
	sum := sha256.Sum256(leaf.Raw)
	fp := hex.EncodeToString(sum[:])
	pinLine := "SHOP_LOYALTY_PIN_SHA256=" + fp
	subject := certName(leaf)

	pin := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s.Loyalty.PinSHA256), ":", ""))
	if pin != "" && pin != fp {
		return fail(name, fmt.Sprintf("%s does not match SHOP_LOYALTY_PIN_SHA256; the server now shows %s (confirm with the club before re-pinning: a changed certificate may be an attack)", subject, pinLine),
			"گواهی سرور با اثر انگشت تنظیم‌شده یکی نیست؛ پیش از تغییر آن با باشگاه تماس بگیرید.")
	}
	var roots *x509.CertPool
	source := "the system's CAs"
	if s.Loyalty.CAFile != "" {
		pem, err := os.ReadFile(s.Loyalty.CAFile)
		roots = x509.NewCertPool()
		if err != nil || !roots.AppendCertsFromPEM(pem) {
			return fail(name, "SHOP_LOYALTY_CA_FILE cannot be read as PEM certificates; "+pinLine, "فایل گواهی مرجع (SHOP_LOYALTY_CA_FILE) خوانده نشد.")
		}
		source = "SHOP_LOYALTY_CA_FILE"
	}
	chainErr := verifyChain(state.PeerCertificates, roots, u.Hostname())
	switch {
	case pin != "" && s.Loyalty.CAFile == "" && net.ParseIP(u.Hostname()) != nil:
		// On a bare IP with a pin and no CA file the client checks the pin alone.
		return ok(name, fmt.Sprintf("%s matches the pin %s", subject, pinLine), "گواهی سرور با اثر انگشت تنظیم‌شده یکی است.")
	case chainErr != nil && pin == "" && s.Loyalty.CAFile == "":
		return fail(name, fmt.Sprintf("%s is not trusted by the system's CAs (%v); to pin it set %s, after confirming that fingerprint with the club", subject, chainErr, pinLine),
			"گواهی سرور معتبر شناخته نمی‌شود؛ اثر انگشت چاپ‌شده را پس از تأیید باشگاه در SHOP_LOYALTY_PIN_SHA256 بگذارید.")
	case chainErr != nil:
		return fail(name, fmt.Sprintf("%s does not verify against %s: %v; the server shows %s", subject, source, chainErr, pinLine),
			"گواهی سرور با گواهی مرجع تنظیم‌شده تأیید نمی‌شود.")
	case pin != "":
		return ok(name, fmt.Sprintf("%s verifies against %s and matches the pin %s", subject, source, pinLine), "گواهی سرور معتبر است و با اثر انگشت تنظیم‌شده یکی است.")
	}
	return ok(name, fmt.Sprintf("%s verifies against %s; to pin it as well: %s", subject, source, pinLine), "گواهی سرور معتبر است.")
}

func verifyChain(certs []*x509.Certificate, roots *x509.CertPool, host string) error {
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err := certs[0].Verify(x509.VerifyOptions{DNSName: host, Roots: roots, Intermediates: inter})
	return err
}

// serverName is the SNI to send: none for a bare IP, as the loyalty client's own requests send none.
func serverName(host string) string {
	if net.ParseIP(host) != nil {
		return ""
	}
	return host
}

func certName(c *x509.Certificate) string {
	name := c.Subject.CommonName
	if name == "" {
		name = c.Subject.String()
	}
	self := ""
	if c.Subject.String() == c.Issuer.String() {
		self = ", self-signed"
	}
	return fmt.Sprintf("certificate %q (until %s%s)", name, c.NotAfter.Format("2006-01-02"), self)
}

// checkLoyaltyAPI makes one harmless authenticated call. A status answer means the club was reached and
// refused the keys; a transport failure means it was not reached at all.
func checkLoyaltyAPI(ctx context.Context, s Settings) Result {
	const name = "loyalty api"
	cfg := s.Loyalty
	cfg.Logger, cfg.Timeout = s.Logger, s.Timeout
	c, err := loyalty.NewClient(cfg)
	if err != nil {
		return fail(name, "the client cannot be built: "+err.Error(), "تنظیمات باشگاه مشتریان درست نیست.")
	}
	start := time.Now()
	groups, err := c.CustomerGroups(ctx)
	took := time.Since(start)
	var se *loyalty.StatusError
	switch {
	case errors.As(err, &se):
		msg := se.Message
		if msg == "" {
			msg = "no message"
		}
		return fail(name, fmt.Sprintf("GetCustomerGroups was refused in %s: status %d (%s): the club was reached but did not accept SHOP_LOYALTY_APP_KEY/SHOP_LOYALTY_APP_SECRET", ms(took), se.Status, msg),
			"باشگاه پاسخ داد ولی کلیدهای AppKey/AppSecret را نپذیرفت.")
	case errors.Is(err, loyalty.ErrUnavailable):
		return fail(name, fmt.Sprintf("GetCustomerGroups did not get through after %s: %s: a network or certificate failure, not a matter of keys", ms(took), unavailableCause(err)),
			"فراخوانی باشگاه به مقصد نرسید (مشکل شبکه یا گواهی است، نه کلیدها).")
	case err != nil:
		return fail(name, "GetCustomerGroups: "+err.Error(), "پاسخ باشگاه مشتریان قابل فهم نبود.")
	}
	return ok(name, fmt.Sprintf("GetCustomerGroups answered in %s with %d customer groups; AppKey and AppSecret accepted", ms(took), len(groups)),
		"باشگاه مشتریان پاسخ داد و کلیدها را پذیرفت.")
}

// unavailableCause drops the "loyalty: GetCustomerGroups: loyalty: service unavailable:" prefix.
func unavailableCause(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, loyalty.ErrUnavailable.Error()+": "); i >= 0 {
		return s[i+len(loyalty.ErrUnavailable.Error())+2:]
	}
	return s
}
