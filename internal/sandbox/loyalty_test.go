package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

type lyAnswer struct {
	Status         int
	ErrorMessage   *string
	AdditionalData json.RawMessage
}

func newLoyaltyServer(t *testing.T, o LoyaltyOptions) (*Loyalty, string) {
	t.Helper()
	if o.Now == nil {
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, loyaltyTehran)
		o.Now = func() time.Time { return now }
	}
	l := NewLoyalty(o)
	srv := httptest.NewServer(l.Handler())
	t.Cleanup(srv.Close)
	return l, l.BaseURL(srv.URL)
}

func lyCall(t *testing.T, base, verb, method string, params url.Values) lyAnswer {
	t.Helper()
	p := url.Values{"AppKey": {LoyaltyDefaultAppKey}, "AppSecret": {LoyaltyDefaultAppSecret}}
	for k, v := range params {
		p[k] = v
	}
	var resp *http.Response
	var err error
	if verb == http.MethodGet {
		resp, err = http.Get(base + "/" + method + "?" + p.Encode())
	} else {
		resp, err = http.PostForm(base+"/"+method, p)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a lyAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatalf("%s: %v (http %d)", method, err, resp.StatusCode)
	}
	return a
}

func lyCard(n int) string { return lyLuhnComplete(fmt.Sprintf("627412%09d", n)) }

func TestLoyaltyDemoCodesAreValid(t *testing.T) {
	for _, c := range []string{LoyaltyMemberNationalCode, LoyaltyNonMemberNationalCode} {
		if !lyValidNationalCode(c) {
			t.Errorf("%s has a wrong check digit", c)
		}
	}
	for _, c := range lyDemoMappedCards {
		if !lyValidCard(c) {
			t.Errorf("%s fails Luhn", c)
		}
	}
}

func TestLoyaltyVerbsAndAuth(t *testing.T) {
	_, base := newLoyaltyServer(t, LoyaltyOptions{})
	for method, wrong := range map[string]string{
		"Register": http.MethodGet, "EnquireMemebership": http.MethodGet, "DisableCustomer": http.MethodGet,
		"MapCards": http.MethodGet, "Balance": http.MethodPost, "TerminalTransactions": http.MethodPost,
		"CardMembership": http.MethodPost, "GetCardGroups": http.MethodPost, "GetCustomerGroups": http.MethodPost,
		"MappedCustomerTransactions": http.MethodPost, "TerminalTransactionsForMappedCustomers": http.MethodPost,
	} {
		req, _ := http.NewRequest(wrong, base+"/"+method, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: http %d, want 405", wrong, method, resp.StatusCode)
		}
	}
	resp, err := http.Get(base + "/Balance?AppKey=x&AppSecret=y&NationalCode=" + LoyaltyMemberNationalCode)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a lyAnswer
	_ = json.NewDecoder(resp.Body).Decode(&a)
	if a.Status >= 0 || a.Status == lyCustomerNotFound {
		t.Errorf("wrong credentials: status %d, want an unclassified negative status", a.Status)
	}
	// The spelling the real API uses, not the dictionary's.
	resp, _ = http.PostForm(base+"/EnquireMembership", url.Values{})
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("EnquireMembership (corrected spelling) answered %d", resp.StatusCode)
	}
}

func TestLoyaltyMembershipAndBalance(t *testing.T) {
	_, base := newLoyaltyServer(t, LoyaltyOptions{})
	if a := lyCall(t, base, "POST", "EnquireMemebership", url.Values{"NationalCode": {LoyaltyNonMemberNationalCode}}); a.Status != lyOK {
		t.Errorf("non-member: status %d, want success (the inverted answer)", a.Status)
	}
	if a := lyCall(t, base, "POST", "EnquireMemebership", url.Values{"NationalCode": {LoyaltyMemberNationalCode}}); a.Status != lyNationalCodeRegistered {
		t.Errorf("member: status %d, want -105", a.Status)
	}
	if a := lyCall(t, base, "POST", "EnquireMemebership", url.Values{"NationalCode": {"1234567890"}}); a.Status != lyUnclassified {
		t.Errorf("bad code: status %d", a.Status)
	}
	a := lyCall(t, base, "GET", "Balance", url.Values{"NationalCode": {LoyaltyMemberNationalCode}})
	var bal []struct {
		AccountName   string
		BalanceAmount int64
	}
	if err := json.Unmarshal(a.AdditionalData, &bal); err != nil || a.Status != lyOK || len(bal) < 2 || bal[0].AccountName != "امتیاز خرید" {
		t.Fatalf("balance: %+v %s %v", a, a.AdditionalData, err)
	}
	if a := lyCall(t, base, "GET", "Balance", url.Values{"NationalCode": {LoyaltyNonMemberNationalCode}}); a.Status != lyCustomerNotFound {
		t.Errorf("non-member balance: %d", a.Status)
	}
}

func TestLoyaltyRegisterAndCapacity(t *testing.T) {
	const newCode = "0499370899" // valid check digit
	if !lyValidNationalCode(newCode) {
		t.Fatal("test code invalid")
	}
	reg := func(code string, cards ...string) url.Values {
		v := url.Values{"NationalCode": {code}, "FirstNameFa": {"مریم"}, "LastNameFa": {"احمدی"}, "CellNumber": {"09351234567"}}
		if len(cards) > 0 {
			v.Set("MappedCards", strings.Join(cards, ","))
		}
		return v
	}
	tests := []struct {
		name   string
		opt    LoyaltyOptions
		setup  func(l *Loyalty)
		params url.Values
		want   int
	}{
		{"ok", LoyaltyOptions{}, nil, reg(newCode, lyCard(1)), lyOK},
		{"registered previously", LoyaltyOptions{}, nil, reg(LoyaltyMemberNationalCode), lyNationalCodeRegistered},
		{"bad national code", LoyaltyOptions{}, nil, reg("0499370898"), lyUnclassified},
		{"bad mobile", LoyaltyOptions{}, nil, url.Values{"NationalCode": {newCode}, "FirstNameFa": {"a"}, "LastNameFa": {"b"}, "CellNumber": {"0935"}}, lyUnclassified},
		{"customer group", LoyaltyOptions{}, nil, func() url.Values { v := reg(newCode); v.Set("CustomerGroupId", "99"); return v }(), lyCustomerGroupNotFound},
		{"card group", LoyaltyOptions{}, nil, func() url.Values { v := reg(newCode); v.Set("CardGroupId", "99"); return v }(), lyCardGroupNotFound},
		{"no card repository", LoyaltyOptions{NoCardRepository: true}, nil, reg(newCode), lyCardRepositoryNotFound},
		{"card repository empty", LoyaltyOptions{}, func(l *Loyalty) { l.SetCardStock(0) }, reg(newCode), lyCardRepositoryEmpty},
		{"organisation card capacity", LoyaltyOptions{MaxMembersOrg: 5, OrgMembersElsewhere: 4}, nil, reg(newCode), lyMaxLoyaltyCardOrg},
		{"agency card capacity", LoyaltyOptions{MaxMembersAgency: 1}, nil, reg(newCode), lyMaxLoyaltyCardAgency},
		{"too many cards in request", LoyaltyOptions{}, nil, reg(newCode, lyCard(1), lyCard(2), lyCard(3), lyCard(4)), lyMaxMappedPerUserInRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, base := newLoyaltyServer(t, tc.opt)
			if tc.setup != nil {
				tc.setup(l)
			}
			a := lyCall(t, base, "POST", "Register", tc.params)
			if a.Status != tc.want {
				t.Fatalf("status %d (%v), want %d", a.Status, a.ErrorMessage, tc.want)
			}
			code := tc.params.Get("NationalCode")
			if tc.want == lyOK {
				if l.LoyaltyCard(code) == "" || len(l.MappedCards(code)) != 1 {
					t.Errorf("registered without card or mapping: %q %v", l.LoyaltyCard(code), l.MappedCards(code))
				}
			} else if code != LoyaltyMemberNationalCode && l.LoyaltyCard(code) != "" {
				t.Errorf("a refused registration left a customer behind")
			}
			if tc.want < 0 && tc.want != lyUnclassified {
				if a.ErrorMessage == nil || *a.ErrorMessage != lyStatusNames[tc.want] {
					t.Errorf("ErrorMessage %v, want %s", a.ErrorMessage, lyStatusNames[tc.want])
				}
			}
		})
	}
}

func TestLoyaltyMapCardsCapacity(t *testing.T) {
	member := url.Values{"NationalCode": {LoyaltyMemberNationalCode}} // already has 2 mapped cards
	with := func(cards ...string) url.Values {
		v := url.Values{"NationalCode": member["NationalCode"], "MappedCards": {strings.Join(cards, ",")}}
		return v
	}
	tests := []struct {
		name   string
		opt    LoyaltyOptions
		params url.Values
		want   int
	}{
		{"ok", LoyaltyOptions{}, with(lyCard(1), lyCard(2)), lyOK},
		{"-1001 more than 3 in one request", LoyaltyOptions{}, with(lyCard(1), lyCard(2), lyCard(3), lyCard(4)), lyMaxMappedPerUserInRequest},
		{"-204 organisation per customer", LoyaltyOptions{MaxCardsPerUserOrg: 3}, with(lyCard(1), lyCard(2)), lyMaxMappedPerUserOrg},
		{"-206 agency per customer", LoyaltyOptions{MaxCardsPerUser: 3}, with(lyCard(1), lyCard(2)), lyMaxMappedPerUserAgency},
		{"-203 organisation total", LoyaltyOptions{MaxMappedOrg: 10, OrgMappedElsewhere: 8}, with(lyCard(1)), lyMaxMappedOrg},
		{"-205 agency total", LoyaltyOptions{MaxMappedAgency: 2}, with(lyCard(1)), lyMaxMappedAgency},
		{"-108 unknown customer", LoyaltyOptions{}, url.Values{"NationalCode": {LoyaltyNonMemberNationalCode}, "MappedCards": {lyCard(1)}}, lyCustomerNotFound},
		{"bad card", LoyaltyOptions{}, with("6274120000000000"), lyUnclassified},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, base := newLoyaltyServer(t, tc.opt)
			before := len(l.MappedCards(LoyaltyMemberNationalCode))
			a := lyCall(t, base, "POST", "MapCards", tc.params)
			if a.Status != tc.want {
				t.Fatalf("status %d (%v), want %d", a.Status, a.ErrorMessage, tc.want)
			}
			after := len(l.MappedCards(LoyaltyMemberNationalCode))
			if tc.want == lyOK && after != before+2 || tc.want != lyOK && after != before {
				t.Errorf("mapped cards %d -> %d", before, after)
			}
		})
	}
	t.Run("-206 reached over several requests", func(t *testing.T) {
		_, base := newLoyaltyServer(t, LoyaltyOptions{})
		if a := lyCall(t, base, "POST", "MapCards", with(lyCard(1), lyCard(2), lyCard(3))); a.Status != lyOK {
			t.Fatalf("first: %d", a.Status)
		}
		if a := lyCall(t, base, "POST", "MapCards", with(lyCard(4))); a.Status != lyMaxMappedPerUserAgency {
			t.Fatalf("sixth card: %d, want -206", a.Status)
		}
	})
}

func TestLoyaltyCardsGroupsDisable(t *testing.T) {
	l, base := newLoyaltyServer(t, LoyaltyOptions{})
	loyaltyCard := l.LoyaltyCard(LoyaltyMemberNationalCode)
	for card, want := range map[string]string{loyaltyCard: "Card exist!", lyDemoMappedCards[0]: "Card is mapped!"} {
		a := lyCall(t, base, "GET", "CardMembership", url.Values{"CardNo": {card}})
		var s string
		_ = json.Unmarshal(a.AdditionalData, &s)
		if a.Status != lyOK || s != want {
			t.Errorf("%s: %d %q, want %q", card, a.Status, s, want)
		}
	}
	if a := lyCall(t, base, "GET", "CardMembership", url.Values{"CardNo": {lyCard(9)}}); a.Status != lyCardNotFound {
		t.Errorf("unknown card: %d", a.Status)
	}
	for _, m := range []string{"GetCardGroups", "GetCustomerGroups"} {
		a := lyCall(t, base, "GET", m, nil)
		var gs []struct {
			ID    int
			Title string
		}
		if err := json.Unmarshal(a.AdditionalData, &gs); err != nil || len(gs) < 2 || gs[0].Title == "" {
			t.Errorf("%s: %s %v", m, a.AdditionalData, err)
		}
	}
	if a := lyCall(t, base, "POST", "DisableCustomer", url.Values{"NationalCode": {LoyaltyMemberNationalCode}}); a.Status != lyOK || !l.IsDisabled(LoyaltyMemberNationalCode) {
		t.Fatalf("disable: %d", a.Status)
	}
	if a := lyCall(t, base, "GET", "Balance", url.Values{"NationalCode": {LoyaltyMemberNationalCode}}); a.Status != lyCustomerNotFound {
		t.Errorf("disabled customer's balance: %d", a.Status)
	}
	if a := lyCall(t, base, "POST", "DisableCustomer", url.Values{"NationalCode": {LoyaltyNonMemberNationalCode}}); a.Status != lyCustomerNotFound {
		t.Errorf("disable unknown: %d", a.Status)
	}
}

type lyRow struct {
	Amount, TrAmount int64
	PanTrunc, RRN    string
	PTerminalNo      string
	LocalDateTime    string
}

func TestLoyaltyTransactions(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, loyaltyTehran)
	clock := now
	l, base := newLoyaltyServer(t, LoyaltyOptions{Seed: 7, Now: func() time.Time { return clock }})
	get := func(method string, p url.Values) []lyRow {
		t.Helper()
		a := lyCall(t, base, "GET", method, p)
		if a.Status != lyOK {
			t.Fatalf("%s: status %d %v", method, a.Status, a.ErrorMessage)
		}
		var rows []lyRow
		if err := json.Unmarshal(a.AdditionalData, &rows); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	from := now.Add(-30 * 24 * time.Hour).Format("20060102150405")
	rows := get("TerminalTransactions", url.Values{"TerminalNumber": {"10001001"}, "FromDate": {from}})
	if len(rows) < 7*3 {
		t.Fatalf("%d rows for a week", len(rows))
	}
	for _, r := range rows {
		at, err := time.ParseInLocation("2006-01-02T15:04:05", r.LocalDateTime, loyaltyTehran)
		if err != nil || at.After(now) || at.Before(now.Add(-7*24*time.Hour)) {
			t.Errorf("row outside the last 7 days: %+v", r)
		}
		if len(r.RRN) != 12 || !lyDigits(r.RRN) || len(r.PanTrunc) != 16 || r.PanTrunc[6:12] != "******" {
			t.Errorf("bad shape: %+v", r)
		}
		if r.Amount <= 0 || r.TrAmount > r.Amount || r.Amount%1000 != 0 {
			t.Errorf("bad amounts: %+v", r)
		}
	}
	again := get("TerminalTransactions", url.Values{"TerminalNumber": {"10001001"}, "FromDate": {from}})
	if fmt.Sprint(again) != fmt.Sprint(rows) {
		t.Error("the same clock gave different rows")
	}
	recent := get("TerminalTransactions", url.Values{"TerminalNumber": {"10001001"}, "FromDate": {now.Add(-24 * time.Hour).Format("20060102150405")}})
	if len(recent) == 0 || len(recent) >= len(rows) {
		t.Errorf("FromDate not applied: %d of %d", len(recent), len(rows))
	}
	clock = now.Add(8 * 24 * time.Hour)
	later := get("TerminalTransactions", url.Values{"TerminalNumber": {"10001001"}, "FromDate": {from}})
	for _, r := range later {
		for _, old := range rows {
			if r.RRN == old.RRN && r.LocalDateTime == old.LocalDateTime {
				t.Fatalf("a row older than 7 days is still served: %+v", r)
			}
		}
	}
	clock = now
	if a := lyCall(t, base, "GET", "TerminalTransactions", url.Values{"TerminalNumber": {"999"}, "FromDate": {from}}); a.Status != lyTerminalNotFound {
		t.Errorf("unknown terminal: %d", a.Status)
	}
	if a := lyCall(t, base, "GET", "TerminalTransactions", url.Values{"TerminalNumber": {"10001001"}, "FromDate": {"20261125"}}); a.Status != lyUnclassified {
		t.Errorf("8-digit FromDate: %d", a.Status)
	}
	day := now.Add(-10 * 24 * time.Hour).Format("20060102")
	mapped := get("TerminalTransactionsForMappedCustomers", url.Values{"TerminalNumber": {"10001001"}, "FromDate": {day}})
	if len(mapped) == 0 || len(mapped) >= len(rows) {
		t.Fatalf("%d mapped of %d", len(mapped), len(rows))
	}
	byCard := get("MappedCustomerTransactions", url.Values{"CardNumber": {strings.Join(l.MappedCards(LoyaltyMemberNationalCode), ",")}, "FromDate": {day}})
	if len(byCard) < len(mapped) || byCard[0].PTerminalNo == "" {
		t.Errorf("%d by card, %d on one terminal: %+v", len(byCard), len(mapped), byCard)
	}
	if a := lyCall(t, base, "GET", "MappedCustomerTransactions", url.Values{"CardNumber": {lyCard(5)}, "FromDate": {day}}); a.Status != lyCardNotFound {
		t.Errorf("unmapped card: %d", a.Status)
	}
}

func TestLoyaltyDown(t *testing.T) {
	l, base := newLoyaltyServer(t, LoyaltyOptions{})
	l.SetDown(true)
	resp, err := http.Get(base + "/GetCardGroups")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("http %d", resp.StatusCode)
	}
}

func TestLoyaltyMountedUnderPrefix(t *testing.T) {
	l := NewLoyalty(LoyaltyOptions{})
	mux := http.NewServeMux()
	mux.Handle("/sandbox/", l.Handler())                                 // kept prefix
	mux.Handle("/stripped/", http.StripPrefix("/stripped", l.Handler())) // stripped prefix
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, prefix := range []string{"/sandbox", "/stripped"} {
		a := lyCall(t, l.BaseURL(srv.URL+prefix), "GET", "GetCardGroups", nil)
		if a.Status != lyOK {
			t.Errorf("%s: status %d", prefix, a.Status)
		}
	}
	resp, err := http.Get(l.BaseURL(srv.URL+"/sandbox") + "/NoSuchMethod")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown method: %d", resp.StatusCode)
	}
}
