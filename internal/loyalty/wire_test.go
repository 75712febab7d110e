package loyalty

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shop/internal/iran"
)

// luhnCard completes a 15-digit prefix with its Luhn digit.
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

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestStatusFixtures(t *testing.T) {
	if len(statuses) != 19 {
		t.Fatalf("the spec lists 19 codes, the table has %d", len(statuses))
	}
	for code, info := range statuses {
		t.Run(info.name, func(t *testing.T) {
			env, err := decodeEnvelope(readFixture(t, fmt.Sprintf("status_%d.json", -code)))
			if err != nil {
				t.Fatal(err)
			}
			if int(env.Status) != code {
				t.Fatalf("status %d, want %d", env.Status, code)
			}
			err = statusError("Balance", int(env.Status), string(env.ErrorMessage))
			if !errors.Is(err, info.err) {
				t.Fatalf("%v does not match its sentinel", err)
			}
			var se *StatusError
			if !errors.As(err, &se) || se.Status != code || !se.Known() {
				t.Fatalf("not a known *StatusError: %#v", err)
			}
			if !strings.Contains(err.Error(), info.name) {
				t.Errorf("error %q does not name the code", err)
			}
			if got := Message(fmt.Errorf("wrapped: %w", err)); got != info.message || got == "" {
				t.Errorf("Message = %q, want %q", got, info.message)
			}
		})
	}
}

func TestUnclassifiedStatus(t *testing.T) {
	env, err := decodeEnvelope(readFixture(t, "unclassified_error.json"))
	if err != nil {
		t.Fatal(err)
	}
	err = statusError("Balance", int(env.Status), string(env.ErrorMessage))
	var se *StatusError
	if !errors.As(err, &se) || se.Status != -1 || se.Known() || se.Unwrap() != nil {
		t.Fatalf("got %#v", err)
	}
	if Message(err) != messageUnknown {
		t.Errorf("Message = %q", Message(err))
	}
}

func TestDecodeEnvelopeRejects(t *testing.T) {
	for name, body := range map[string]string{
		"html":      string(readFixture(t, "html_error.txt")),
		"empty":     "",
		"no status": `{"ErrorMessage":"x"}`,
		"array":     `[1,2]`,
		"bad json":  `{"Status":`,
		"bad type":  `{"Status":{"a":1}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := decodeEnvelope([]byte(body)); !errors.Is(err, ErrUnexpectedAnswer) {
				t.Fatalf("err = %v, want ErrUnexpectedAnswer", err)
			}
		})
	}
}

func TestDecodeEnvelopeTolerant(t *testing.T) {
	for name, tc := range map[string]struct {
		body   string
		status int
	}{
		"string status":   {`{"Status":"1"}`, 1},
		"lower-case keys": {`{"status":-105,"errormessage":"x"}`, -105},
		"decimal":         {`{"Status":1.0}`, 1},
		"persian digits":  {`{"Status":"۱"}`, 1},
		"bom":             {"\xef\xbb\xbf{\"Status\":2}", 2},
		"null message":    {`{"Status":1,"ErrorMessage":null,"AdditionalData":null}`, 1},
	} {
		t.Run(name, func(t *testing.T) {
			env, err := decodeEnvelope([]byte(tc.body))
			if err != nil || int(env.Status) != tc.status {
				t.Fatalf("got %d, %v; want %d", env.Status, err, tc.status)
			}
		})
	}
}

// fixtureClient answers every call with one recorded body.
func fixtureClient(t *testing.T, file string, logs *bytes.Buffer) *Client {
	t.Helper()
	body := readFixture(t, file)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	cfg := ClientConfig{BaseURL: srv.URL + "/api/api/GeneralApi", AppKey: "k", AppSecret: "s"}
	if logs != nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClientDecodesRecordedAnswers(t *testing.T) {
	ctx := context.Background()
	card := luhnCard("603799123456789")
	from := time.Date(2026, 11, 20, 0, 0, 0, 0, iran.Tehran)
	t.Run("Register", func(t *testing.T) {
		r, err := fixtureClient(t, "register_ok.json", nil).Register(ctx, RegisterRequest{
			NationalCode: "0013542419", FirstNameFa: "علی", LastNameFa: "رضایی", CellNumber: "09121234567"})
		if err != nil || r.Status != 1 || !bytes.Contains(r.Data, []byte("CardNumber")) {
			t.Fatalf("%+v %v", r, err)
		}
	})
	t.Run("TerminalTransactions", func(t *testing.T) {
		txs, err := fixtureClient(t, "terminal_transactions_ok.json", nil).TerminalTransactions(ctx, "10001001", from)
		if err != nil || len(txs) != 2 {
			t.Fatalf("%+v %v", txs, err)
		}
		want := TerminalTransaction{Terminal: "10001001", Amount: 1250000, TrAmount: 1190000, PanTrunc: "603799******1234",
			RRN: "412345678901", LocalTime: time.Date(2026, 11, 24, 9, 15, 42, 0, iran.Tehran)}
		if got := txs[0]; got.Terminal != want.Terminal || got.Amount != want.Amount || got.TrAmount != want.TrAmount ||
			got.PanTrunc != want.PanTrunc || got.RRN != want.RRN || !got.LocalTime.Equal(want.LocalTime) {
			t.Errorf("got %+v, want %+v", got, want)
		}
		if txs[1].Amount != 480000 || txs[1].TrAmount != 480000 || txs[1].RRN != "412345678902" {
			t.Errorf("strings as numbers: %+v", txs[1])
		}
	})
	for _, file := range []string{"balance_ok.json", "balance_lowercase_ok.json"} {
		t.Run("Balance/"+file, func(t *testing.T) {
			b, err := fixtureClient(t, file, nil).Balance(ctx, "0013542419")
			if err != nil || len(b) == 0 || b[0].AccountName != "امتیاز خرید" || b[0].BalanceAmount != 12500 {
				t.Fatalf("%+v %v", b, err)
			}
		})
	}
	t.Run("EnquireMembership", func(t *testing.T) {
		m, err := fixtureClient(t, "enquire_membership_ok.json", nil).EnquireMembership(ctx, "0084575948")
		if err != nil || m.Member {
			t.Fatalf("success must mean NOT a member: %+v %v", m, err)
		}
		m, err = fixtureClient(t, "status_105.json", nil).EnquireMembership(ctx, "0013542419")
		if err != nil || !m.Member {
			t.Fatalf("-105 must mean a member: %+v %v", m, err)
		}
		if _, err = fixtureClient(t, "status_108.json", nil).EnquireMembership(ctx, "0013542419"); !errors.Is(err, ErrCustomerWasNotFound) {
			t.Fatalf("other codes are errors: %v", err)
		}
	})
	t.Run("CardMembership", func(t *testing.T) {
		m, err := fixtureClient(t, "card_membership_loyalty_ok.json", nil).CardMembership(ctx, card)
		if err != nil || m.Kind != CardLoyalty || m.Card != iran.MaskCard(card) {
			t.Fatalf("%+v %v", m, err)
		}
		m, err = fixtureClient(t, "card_membership_mapped_ok.json", nil).CardMembership(ctx, card)
		if err != nil || m.Kind != CardMapped {
			t.Fatalf("%+v %v", m, err)
		}
		if _, err = fixtureClient(t, "status_109.json", nil).CardMembership(ctx, card); !errors.Is(err, ErrCardWasNotFound) {
			t.Fatalf("%v", err)
		}
		if _, err = fixtureClient(t, "enquire_membership_ok.json", nil).CardMembership(ctx, card); !errors.Is(err, ErrCardNotMember) {
			t.Fatalf("a success without the sentence: %v", err)
		}
	})
	t.Run("Groups", func(t *testing.T) {
		g, err := fixtureClient(t, "card_groups_ok.json", nil).CardGroups(ctx)
		if err != nil || len(g) != 2 || g[0].ID != "11" || g[1].ID != "12" || g[1].Title != "کارت طلایی" {
			t.Fatalf("%+v %v", g, err)
		}
		g, err = fixtureClient(t, "customer_groups_ok.json", nil).CustomerGroups(ctx)
		if err != nil || len(g) != 3 {
			t.Fatalf("%+v %v", g, err)
		}
	})
	t.Run("DisableCustomer", func(t *testing.T) {
		if err := fixtureClient(t, "disable_customer_ok.json", nil).DisableCustomer(ctx, "0013542419"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("MapCards", func(t *testing.T) {
		if err := fixtureClient(t, "map_cards_ok.json", nil).MapCards(ctx, "0013542419", []string{card}); err != nil {
			t.Fatal(err)
		}
		err := fixtureClient(t, "status_1001.json", nil).MapCards(ctx, "0013542419", []string{card})
		if !errors.Is(err, ErrMaxShetabCardMappedPerUserInRequestCannotExceedSpecifiedValue) {
			t.Fatal(err)
		}
	})
	t.Run("MappedCustomerTransactions", func(t *testing.T) {
		txs, err := fixtureClient(t, "mapped_customer_transactions_ok.json", nil).MappedCustomerTransactions(ctx, []string{card}, from)
		if err != nil || len(txs) != 1 || txs[0].Terminal != "10001001" || txs[0].PanTrunc != iran.MaskCard(card) || txs[0].TrAmount != 2185000 {
			t.Fatalf("%+v %v", txs, err)
		}
	})
	t.Run("TerminalTransactionsForMappedCustomers", func(t *testing.T) {
		txs, err := fixtureClient(t, "terminal_transactions_for_mapped_customers_ok.json", nil).TerminalTransactionsForMappedCustomers(ctx, "10001001", from)
		if err != nil || len(txs) != 1 || txs[0].Terminal != "10001001" || txs[0].PanTrunc != "603799******1238" {
			t.Fatalf("%+v %v", txs, err)
		}
	})
	t.Run("html is unavailable", func(t *testing.T) {
		_, err := fixtureClient(t, "html_error.txt", nil).Balance(ctx, "0013542419")
		if !errors.Is(err, ErrUnavailable) || Message(err) != MessageUnavailable {
			t.Fatalf("%v", err)
		}
	})
}

func TestInterpretMembership(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  int
		member  bool
		wantErr error
	}{
		{"success means not a member", 1, false, nil},
		{"other positive status means not a member", 2, false, nil},
		{"zero is not an error", 0, false, nil},
		{"-105 registered previously means a member", -105, true, nil},
		{"-108 customer not found is an error", -108, false, ErrCustomerWasNotFound},
		{"-101 customer type is an error", -101, false, ErrCustomerTypeWasNotFound},
		{"unclassified is an error", -1, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := interpretMembership(tc.status, "msg")
			if tc.status < 0 && tc.status != -105 {
				if err == nil {
					t.Fatalf("want an error, got %+v", m)
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil || m.Member != tc.member || m.Status != tc.status {
				t.Fatalf("got %+v, %v", m, err)
			}
		})
	}
}

func TestMaskPAN(t *testing.T) {
	card := luhnCard("603799123456789")
	for in, want := range map[string]string{
		card:                  iran.MaskCard(card),
		"603799******1234":    "603799******1234",
		"123456**-7890":       "123456**-7890",
		"6037991234567890123": "603799*********0123",
		"":                    "",
	} {
		if got := MaskPAN(in); got != want {
			t.Errorf("MaskPAN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLocalTime(t *testing.T) {
	want := time.Date(2026, 11, 24, 9, 15, 42, 0, iran.Tehran)
	for _, s := range []string{"2026-11-24T09:15:42", "2026-11-24 09:15:42", "20261124091542", "2026-11-24T05:45:42Z",
		"2026-11-24T09:15:42+03:30", fmt.Sprintf("/Date(%d+0330)/", want.UnixMilli()), "۲۰۲۶-۱۱-۲۴T۰۹:۱۵:۴۲"} {
		got, err := parseLocalTime(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseLocalTime(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := parseLocalTime("yesterday"); err == nil {
		t.Error("nonsense parsed")
	}
}
