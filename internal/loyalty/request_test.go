package loyalty

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// answering is a club that answers every call with body and hands each request's parameters to seen.
func answering(t *testing.T, body string, seen func(verb string, query, form url.Values)) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if seen != nil {
			seen(r.Method, r.URL.Query(), r.PostForm)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(ClientConfig{BaseURL: srv.URL + "/api/api/GeneralApi", AppKey: "k", AppSecret: "s", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCardMembershipAnswers: both parameter names go out, and every answer the spec and the public
// client describe is read, whatever status stands beside the sentence.
func TestCardMembershipAnswers(t *testing.T) {
	card := luhnCard("603799123456789")
	for _, tc := range []struct {
		name     string
		body     string
		want     CardKind
		notMem   bool  // errors.Is(err, ErrCardNotMember)
		sentinel error // errors.Is(err, sentinel) when set
	}{
		{"sentence in AdditionalData", `{"Status":1,"ErrorMessage":null,"AdditionalData":"Card exist!"}`, CardLoyalty, false, nil},
		{"mapped sentence in ErrorMessage", `{"Status":1,"ErrorMessage":"Card is mapped!","AdditionalData":null}`, CardMapped, false, nil},
		{"sentence with a negative status", `{"Status":-1,"ErrorMessage":"Card exist!","AdditionalData":null}`, CardLoyalty, false, nil},
		{"mapped sentence with a negative status", `{"Status":-1,"ErrorMessage":"Card is mapped!"}`, CardMapped, false, nil},
		{"-105 means the card exists", `{"Status":-105,"ErrorMessage":"NationalCodeWasRegisteredPreviously"}`, CardKnown, false, nil},
		{"-109 is not a member", `{"Status":-109,"ErrorMessage":"CardWasNotFound"}`, CardUnknown, true, ErrCardWasNotFound},
		{"-1 with a reason is a failure, not an answer", `{"Status":-1,"ErrorMessage":"AppKey or AppSecret is not valid."}`, CardUnknown, false, nil},
		{"success without a sentence is unreadable", `{"Status":1,"AdditionalData":null}`, CardUnknown, true, ErrUnexpectedAnswer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var query url.Values
			c := answering(t, tc.body, func(verb string, q, _ url.Values) { query = q })
			m, err := c.CardMembership(context.Background(), card)
			if m.Kind != tc.want || m.Card != MaskPAN(card) {
				t.Errorf("kind %v card %s, want %v", m.Kind, m.Card, tc.want)
			}
			if wantErr := tc.want == CardUnknown; (err != nil) != wantErr {
				t.Errorf("err %v", err)
			}
			if errors.Is(err, ErrCardNotMember) != tc.notMem {
				t.Errorf("ErrCardNotMember: %v", err)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("want %v, got %v", tc.sentinel, err)
			}
			if query.Get("CardNo") != card || query.Get("CardNumber") != card {
				t.Errorf("the card goes out as CardNo and CardNumber: %v", query)
			}
		})
	}
}

// TestRegisterOmitsEmptyOptionalFields: optional fields without a value are not sent at all.
func TestRegisterOmitsEmptyOptionalFields(t *testing.T) {
	base := RegisterRequest{NationalCode: "0013542419", FirstNameFa: "علی", LastNameFa: "رضایی", CellNumber: "09121234567"}
	full := base
	full.FirstNameEn, full.LastNameEn, full.CustomerGroupID, full.CardGroupID = "Ali", "Rezaei", "2", "12"
	full.MappedCards = []string{luhnCard("603799123456789")}
	blank := base
	blank.FirstNameEn, blank.LastNameEn = "  ", ""
	optional := []string{"FirstNameEn", "LastNameEn", "CustomerGroupId", "CardGroupId", "MappedCards"}
	for _, tc := range []struct {
		name string
		req  RegisterRequest
		sent bool
	}{
		{"none given", base, false},
		{"blank Latin names", blank, false},
		{"all given", full, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var form url.Values
			c := answering(t, `{"Status":1,"ErrorMessage":null,"AdditionalData":{}}`, func(_ string, _, f url.Values) { form = f })
			if _, err := c.Register(context.Background(), tc.req); err != nil {
				t.Fatal(err)
			}
			for _, name := range optional {
				if _, ok := form[name]; ok != tc.sent {
					t.Errorf("%s sent=%v, want %v (%v)", name, ok, tc.sent, form)
				}
			}
			for _, name := range []string{"NationalCode", "FirstNameFa", "LastNameFa", "CellNumber", "AppKey", "AppSecret"} {
				if form.Get(name) == "" {
					t.Errorf("%s missing", name)
				}
			}
		})
	}
}

func TestUnanchoredBareIP(t *testing.T) {
	for _, tc := range []struct {
		url, pin, ca string
		want         bool
	}{
		{"https://212.80.25.71/api/api/GeneralApi", "", "", true},
		{"https://[2001:db8::1]:8443/api", "", "", true},
		{"https://212.80.25.71/api/api/GeneralApi", "ab:cd", "", false},
		{"https://212.80.25.71/api/api/GeneralApi", "", "/etc/club-ca.pem", false},
		{"http://212.80.25.71/api/api/GeneralApi", "", "", false},
		{"https://club.example.ir/api", "", "", false},
		{"::not a url", "", "", false},
	} {
		if got := UnanchoredBareIP(tc.url, tc.pin, tc.ca); got != tc.want {
			t.Errorf("%s pin=%q ca=%q: %v, want %v", tc.url, tc.pin, tc.ca, got, tc.want)
		}
	}
}
