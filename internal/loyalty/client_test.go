package loyalty_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shop/internal/iran"
	"shop/internal/loyalty"
	"shop/internal/sandbox"
)

var sandboxNow = time.Date(2026, 11, 25, 10, 0, 0, 0, iran.Tehran)

func luhnCard(prefix string) string {
	sum := 0
	for i := len(prefix) - 1; i >= 0; i-- {
		d := int(prefix[i] - '0')
		if (len(prefix)-1-i)%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return fmt.Sprintf("%s%d", prefix, (10-sum%10)%10)
}

func card(n int) string { return luhnCard(fmt.Sprintf("627412%09d", n)) }

type fixture struct {
	club   *sandbox.Loyalty
	srv    *httptest.Server
	client *loyalty.Client
	logs   *bytes.Buffer
	now    *time.Time
}

func newFixture(t *testing.T, o sandbox.LoyaltyOptions) *fixture {
	t.Helper()
	f := &fixture{logs: &bytes.Buffer{}}
	now := sandboxNow
	f.now = &now
	if o.Now == nil {
		o.Now = func() time.Time { return *f.now }
	}
	f.club = sandbox.NewLoyalty(o)
	f.srv = httptest.NewServer(f.club.Handler())
	t.Cleanup(f.srv.Close)
	var err error
	f.client, err = loyalty.NewClient(loyalty.ClientConfig{
		BaseURL: f.club.BaseURL(f.srv.URL), AppKey: sandbox.LoyaltyDefaultAppKey, AppSecret: sandbox.LoyaltyDefaultAppSecret,
		Timeout: 2 * time.Second, Logger: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// checkLogs fails when a secret or a full card number reached the log.
func (f *fixture) checkLogs(t *testing.T, cards ...string) {
	t.Helper()
	logs := f.logs.String()
	for _, secret := range append([]string{sandbox.LoyaltyDefaultAppKey, sandbox.LoyaltyDefaultAppSecret}, cards...) {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

func TestClientAgainstSandbox(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, sandbox.LoyaltyOptions{Seed: 3})
	member, nonMember := sandbox.LoyaltyMemberNationalCode, sandbox.LoyaltyNonMemberNationalCode
	mapped := f.club.MappedCards(member)

	t.Run("EnquireMembership", func(t *testing.T) {
		if m, err := f.client.EnquireMembership(ctx, member); err != nil || !m.Member {
			t.Errorf("member: %+v %v", m, err)
		}
		if m, err := f.client.EnquireMembership(ctx, "۰۰۸۴۵۷۵۹۴۸"); err != nil || m.Member {
			t.Errorf("non-member (Persian digits): %+v %v", m, err)
		}
		var fe loyalty.FieldErrors
		if _, err := f.client.EnquireMembership(ctx, "1234567890"); !errors.As(err, &fe) || !errors.Is(err, iran.ErrInvalidNationalOrLegalID) {
			t.Errorf("invalid code sent upstream or badly reported: %v", err)
		}
	})
	t.Run("Balance", func(t *testing.T) {
		b, err := f.client.Balance(ctx, member)
		if err != nil || len(b) != 3 || b[1].AccountName != "کیف پول" || b[1].BalanceAmount != 3500000 {
			t.Errorf("%+v %v", b, err)
		}
		if _, err := f.client.Balance(ctx, nonMember); !errors.Is(err, loyalty.ErrCustomerWasNotFound) {
			t.Errorf("non-member: %v", err)
		}
	})
	t.Run("Groups", func(t *testing.T) {
		cu, err1 := f.client.CustomerGroups(ctx)
		ca, err2 := f.client.CardGroups(ctx)
		if err1 != nil || err2 != nil || len(cu) != 3 || len(ca) != 2 || cu[0].ID != "1" || ca[0].Title == "" {
			t.Errorf("%+v %+v %v %v", cu, ca, err1, err2)
		}
	})
	t.Run("CardMembership", func(t *testing.T) {
		m, err := f.client.CardMembership(ctx, f.club.LoyaltyCard(member))
		if err != nil || m.Kind != loyalty.CardLoyalty {
			t.Errorf("loyalty card: %+v %v", m, err)
		}
		m, err = f.client.CardMembership(ctx, mapped[0])
		if err != nil || m.Kind != loyalty.CardMapped || m.Card != iran.MaskCard(mapped[0]) {
			t.Errorf("mapped card: %+v %v", m, err)
		}
		if _, err := f.client.CardMembership(ctx, card(77)); !errors.Is(err, loyalty.ErrCardWasNotFound) {
			t.Errorf("unknown card: %v", err)
		}
		if _, err := f.client.CardMembership(ctx, "6274120000000001"); !errors.Is(err, iran.ErrInvalidCardNumber) ||
			strings.Contains(err.Error(), "6274120000000001") {
			t.Errorf("bad card: %v", err)
		}
	})
	t.Run("Register", func(t *testing.T) {
		req := loyalty.RegisterRequest{NationalCode: "0499370899", FirstNameFa: "مریم", LastNameFa: "احمدی",
			CellNumber: "+989351234567", MappedCards: []string{card(1)}, CustomerGroupID: "2", CardGroupID: "12"}
		r, err := f.client.Register(ctx, req)
		if err != nil || r.Status != 1 {
			t.Fatalf("%+v %v", r, err)
		}
		if _, err := f.client.Register(ctx, req); !errors.Is(err, loyalty.ErrNationalCodeWasRegisteredPreviously) {
			t.Errorf("again: %v", err)
		}
		req.NationalCode, req.CustomerGroupID = "0013542400", "99"
		if _, err := f.client.Register(ctx, req); err == nil {
			t.Error("registered with a bad check digit")
		}
	})
	t.Run("MapCards", func(t *testing.T) {
		if err := f.client.MapCards(ctx, member, []string{card(10), card(11)}); err != nil {
			t.Fatal(err)
		}
		err := f.client.MapCards(ctx, member, []string{card(12), card(13), card(14), card(15)})
		if !errors.Is(err, loyalty.ErrMaxShetabCardMappedPerUserInRequestCannotExceedSpecifiedValue) {
			t.Errorf("4 cards: %v", err)
		}
		if err := f.client.MapCards(ctx, member, []string{card(12), card(13)}); !errors.Is(err, loyalty.ErrMaxShetabCardMappedPerUserExceededAgencyCapacity) {
			t.Errorf("6th card: %v", err)
		}
	})
	t.Run("TerminalTransactions", func(t *testing.T) {
		txs, err := f.client.TerminalTransactions(ctx, "10001001", sandboxNow.Add(-7*24*time.Hour))
		if err != nil || len(txs) < 20 {
			t.Fatalf("%d %v", len(txs), err)
		}
		for _, tx := range txs {
			if tx.Terminal != "10001001" || len(tx.RRN) != 12 || tx.LocalTime.IsZero() || !strings.Contains(tx.PanTrunc, "******") {
				t.Fatalf("bad row %+v", tx)
			}
		}
		if _, err := f.client.TerminalTransactions(ctx, "20002002", sandboxNow); !errors.Is(err, loyalty.ErrTerminalWasNotFound) {
			t.Errorf("unknown terminal: %v", err)
		}
	})
	t.Run("TerminalTransactionsForMappedCustomers", func(t *testing.T) {
		txs, err := f.client.TerminalTransactionsForMappedCustomers(ctx, "10001002", sandboxNow.Add(-7*24*time.Hour))
		if err != nil || len(txs) == 0 || txs[0].Terminal != "10001002" || txs[0].PanTrunc == "" {
			t.Fatalf("%+v %v", txs, err)
		}
	})
	t.Run("MappedCustomerTransactions", func(t *testing.T) {
		txs, err := f.client.MappedCustomerTransactions(ctx, mapped[:1], sandboxNow.Add(-7*24*time.Hour))
		if err != nil || len(txs) == 0 || txs[0].PanTrunc != iran.MaskCard(mapped[0]) || txs[0].Terminal == "" {
			t.Fatalf("%+v %v", txs, err)
		}
	})
	t.Run("DisableCustomer", func(t *testing.T) {
		if err := f.client.DisableCustomer(ctx, member); err != nil || !f.club.IsDisabled(member) {
			t.Fatal(err)
		}
		if err := f.client.DisableCustomer(ctx, nonMember); !errors.Is(err, loyalty.ErrCustomerWasNotFound) {
			t.Errorf("%v", err)
		}
	})
	f.checkLogs(t, append(mapped, card(1), card(10), card(12), f.club.LoyaltyCard(member), f.club.LoyaltyCard("0499370899"))...)
	if !strings.Contains(f.logs.String(), "AdditionalData") {
		t.Error("raw bodies are not logged at debug level")
	}
}

func TestClientFailures(t *testing.T) {
	ctx := context.Background()
	t.Run("wrong credentials", func(t *testing.T) {
		f := newFixture(t, sandbox.LoyaltyOptions{AppKey: "other"})
		_, err := f.client.CardGroups(ctx)
		var se *loyalty.StatusError
		if !errors.As(err, &se) || se.Known() || se.Status >= 0 {
			t.Fatalf("%v", err)
		}
	})
	t.Run("down", func(t *testing.T) {
		f := newFixture(t, sandbox.LoyaltyOptions{})
		f.club.SetDown(true)
		_, err := f.client.Balance(ctx, sandbox.LoyaltyMemberNationalCode)
		if !errors.Is(err, loyalty.ErrUnavailable) || loyalty.Message(err) != loyalty.MessageUnavailable {
			t.Fatalf("%v", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}))
		defer srv.Close()
		logs := &bytes.Buffer{}
		c, _ := loyalty.NewClient(loyalty.ClientConfig{BaseURL: srv.URL, AppKey: "key-XYZ", AppSecret: "secret-XYZ",
			Timeout: 100 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(logs, nil))})
		start := time.Now()
		_, err := c.Balance(ctx, sandbox.LoyaltyMemberNationalCode)
		if !errors.Is(err, loyalty.ErrUnavailable) || time.Since(start) > 2*time.Second {
			t.Fatalf("%v after %v", err, time.Since(start))
		}
		if strings.Contains(err.Error(), "secret-XYZ") || strings.Contains(logs.String(), "secret-XYZ") || strings.Contains(logs.String(), "key-XYZ") {
			t.Fatalf("secret leaked: %v / %s", err, logs)
		}
	})
	t.Run("config", func(t *testing.T) {
		for _, cfg := range []loyalty.ClientConfig{
			{BaseURL: "", AppKey: "k", AppSecret: "s"},
			{BaseURL: "ftp://x", AppKey: "k", AppSecret: "s"},
			{BaseURL: "https://1.2.3.4/api", AppKey: "", AppSecret: "s"},
			{BaseURL: "https://1.2.3.4/api", AppKey: "k", AppSecret: "s", PinSHA256: "abc"},
			{BaseURL: "https://1.2.3.4/api", AppKey: "k", AppSecret: "s", PinOnly: true},
			{BaseURL: "https://1.2.3.4/api", AppKey: "k", AppSecret: "s", CAFile: "/nonexistent.pem"},
		} {
			if _, err := loyalty.NewClient(cfg); err == nil {
				t.Errorf("accepted %+v", cfg)
			}
		}
	})
}

func TestClientCertificatePinning(t *testing.T) {
	ctx := context.Background()
	club := sandbox.NewLoyalty(sandbox.LoyaltyOptions{Now: func() time.Time { return sandboxNow }})
	srv := httptest.NewUnstartedServer(club.Handler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point of the test
	srv.StartTLS()
	defer srv.Close()
	sum := sha256.Sum256(srv.Certificate().Raw)
	pin := hex.EncodeToString(sum[:])
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	base := club.BaseURL(srv.URL) // https://127.0.0.1:port: a bare IP, like the real endpoint
	wrongPin := strings.Repeat("ab", 32)
	for _, tc := range []struct {
		name string
		cfg  loyalty.ClientConfig
		ok   bool
	}{
		{"system roots refuse the self-signed certificate", loyalty.ClientConfig{}, false},
		{"pin-only on a bare IP", loyalty.ClientConfig{PinSHA256: pin}, true},
		{"pin with colons and capitals", loyalty.ClientConfig{PinSHA256: strings.ToUpper(colons(pin))}, true},
		{"wrong pin", loyalty.ClientConfig{PinSHA256: wrongPin}, false},
		{"CA file", loyalty.ClientConfig{CAFile: caFile}, true},
		{"CA file and pin", loyalty.ClientConfig{CAFile: caFile, PinSHA256: pin}, true},
		{"CA file and wrong pin", loyalty.ClientConfig{CAFile: caFile, PinSHA256: wrongPin}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.BaseURL, cfg.AppKey, cfg.AppSecret = base, sandbox.LoyaltyDefaultAppKey, sandbox.LoyaltyDefaultAppSecret
			cfg.Logger = quietLogger()
			c, err := loyalty.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.CardGroups(ctx)
			if tc.ok != (err == nil) {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, loyalty.ErrUnavailable) {
				t.Fatalf("a TLS refusal is not ErrUnavailable: %v", err)
			}
		})
	}
}

func colons(h string) string {
	var parts []string
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	return strings.Join(parts, ":")
}
