package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// lyRaw sends one request exactly as given: query and body apart, names as written.
func lyRaw(t *testing.T, verb, endpoint string, query, body url.Values) (int, lyAnswer, map[string]json.RawMessage) {
	t.Helper()
	if len(query) > 0 {
		endpoint += "?" + query.Encode()
	}
	req, err := http.NewRequest(verb, endpoint, strings.NewReader(body.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil {
		t.Fatalf("%s %s: not JSON: %v (http %d)", verb, endpoint, err, resp.StatusCode)
	}
	var a lyAnswer
	b, _ := json.Marshal(raw)
	_ = json.Unmarshal(b, &a)
	return resp.StatusCode, a, raw
}

// TestLoyaltyBindsLikeASPNET: names without regard to case, a GET reads only its query string and a POST
// only its body, method names without regard to case, and framework errors as ASP.NET words them.
func TestLoyaltyBindsLikeASPNET(t *testing.T) {
	_, base := newLoyaltyServer(t, LoyaltyOptions{})
	auth := func(extra url.Values, lower bool) url.Values {
		v := url.Values{"AppKey": {LoyaltyDefaultAppKey}, "AppSecret": {LoyaltyDefaultAppSecret}}
		if lower {
			v = url.Values{"appkey": {LoyaltyDefaultAppKey}, "APPSECRET": {LoyaltyDefaultAppSecret}}
		}
		for k, x := range extra {
			v[k] = x
		}
		return v
	}
	member := url.Values{"nationalcode": {LoyaltyMemberNationalCode}}
	for _, tc := range []struct {
		name        string
		verb        string
		method      string
		query, body url.Values
		want        int
	}{
		{"GET with lower-case names", "GET", "Balance", auth(member, true), nil, lyOK},
		{"GET method name in lower case", "GET", "balance", auth(member, false), nil, lyOK},
		{"GET ignores the body", "GET", "Balance", nil, auth(member, false), lyUnclassified},
		{"POST with lower-case names", "POST", "EnquireMemebership", nil, auth(member, true), lyNationalCodeRegistered},
		{"POST ignores the query string", "POST", "EnquireMemebership", auth(member, false), url.Values{}, lyUnclassified},
		{"POST credentials in the query, code in the body", "POST", "EnquireMemebership", auth(nil, false), member, lyUnclassified},
		{"CardMembership takes CardNumber too", "GET", "CardMembership", auth(url.Values{"CardNumber": {lyDemoMappedCards[0]}}, false), nil, lyOK},
		{"CardMembership takes cardno", "GET", "CardMembership", auth(url.Values{"cardno": {lyDemoMappedCards[0]}}, false), nil, lyOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, a, _ := lyRaw(t, tc.verb, base+"/"+tc.method, tc.query, tc.body)
			if code != http.StatusOK || a.Status != tc.want {
				t.Errorf("http %d, status %d (%v), want %d", code, a.Status, a.ErrorMessage, tc.want)
			}
		})
	}
	t.Run("wrong verb answers ASP.NET's JSON", func(t *testing.T) {
		code, _, raw := lyRaw(t, "GET", base+"/Register", auth(nil, false), nil)
		if code != http.StatusMethodNotAllowed || !strings.Contains(string(raw["Message"]), "does not support http method 'GET'") {
			t.Errorf("http %d %s", code, raw)
		}
	})
}

// TestLoyaltyAnswerShapes: the answers carry exactly the spec's keys, in its shapes.
func TestLoyaltyAnswerShapes(t *testing.T) {
	_, base := newLoyaltyServer(t, LoyaltyOptions{})
	t.Run("success has a null ErrorMessage, failure a string", func(t *testing.T) {
		_, _, ok := lyRaw(t, "GET", base+"/GetCustomerGroups", url.Values{"AppKey": {LoyaltyDefaultAppKey}, "AppSecret": {LoyaltyDefaultAppSecret}}, nil)
		if string(ok["ErrorMessage"]) != "null" || len(ok) != 3 {
			t.Errorf("success: %s", ok)
		}
		_, _, bad := lyRaw(t, "GET", base+"/GetCustomerGroups", url.Values{"AppKey": {"x"}, "AppSecret": {"y"}}, nil)
		if !strings.HasPrefix(string(bad["ErrorMessage"]), `"`) || string(bad["Status"]) != "-1" {
			t.Errorf("failure: %s", bad)
		}
	})
	t.Run("mapped-card report truncates cards as the spec prints them", func(t *testing.T) {
		a := lyCall(t, base, "GET", "TerminalTransactionsForMappedCustomers", url.Values{"TerminalNumber": {"10001001"}, "FromDate": {"20261118"}})
		var rows []map[string]any
		if err := json.Unmarshal(a.AdditionalData, &rows); err != nil || len(rows) == 0 {
			t.Fatalf("%s %v", a.AdditionalData, err)
		}
		for _, r := range rows {
			pan, _ := r["PanTrunc"].(string)
			if len(pan) != 13 || pan[6:9] != "**-" {
				t.Errorf("PanTrunc %q, want the spec's 123456**-7890 shape", pan)
			}
		}
	})
}

func TestLoyaltyAmbiguousRegister(t *testing.T) {
	l, base := newLoyaltyServer(t, LoyaltyOptions{})
	l.SetAmbiguousRegister(true)
	a := lyCall(t, base, "POST", "Register", url.Values{"NationalCode": {LoyaltyNonMemberNationalCode}, "FirstNameFa": {"مریم"},
		"LastNameFa": {"احمدی"}, "CellNumber": {"09351234567"}})
	if a.Status != -1 || a.ErrorMessage == nil || *a.ErrorMessage != "" || len(a.AdditionalData) != 0 && string(a.AdditionalData) != "null" {
		t.Fatalf("answer %+v, want -1 with an empty message", a)
	}
	if a := lyCall(t, base, "POST", "EnquireMemebership", url.Values{"NationalCode": {LoyaltyNonMemberNationalCode}}); a.Status != lyNationalCodeRegistered {
		t.Errorf("the customer was not registered behind the ambiguous answer: enquiry %d", a.Status)
	}
	l.SetAmbiguousRegister(false)
	bad := lyCall(t, base, "POST", "Register", url.Values{"NationalCode": {"1234567890"}})
	if bad.Status != lyUnclassified || bad.ErrorMessage == nil || *bad.ErrorMessage == "" {
		t.Errorf("a refusal still explains itself: %+v", bad)
	}
}
