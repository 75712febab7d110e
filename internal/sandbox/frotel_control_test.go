package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// The fault suite runs the sandbox as its own process and drives these switches over HTTP.
func TestControlSetsFaultsAndReportsStats(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	ctl := httptest.NewServer(s.ControlHandler())
	t.Cleanup(ctl.Close)
	post := func(q string) int {
		t.Helper()
		resp, err := http.Post(ctl.URL+q, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, bad := range []string{"?mirror=4", "?mirror=1&delay=soon", "?mirror=all&apierror=checkPay:0"} {
		if got := post("/frotel/_control/fault" + bad); got != http.StatusBadRequest {
			t.Errorf("fault%s: status %d, want 400", bad, got)
		}
	}
	// Hold on registerOrder only: getPrices stays healthy, the order is made and its answer lost.
	if got := post("/frotel/_control/fault?mirror=1&hold=300ms&methods=registerOrder"); got != http.StatusNoContent {
		t.Fatalf("set fault: status %d", got)
	}
	prices := map[string][]string{"api": {testKey}, "price": {"1000"}, "weight": {"500"}, "des_city": {"1"},
		"send_type[0]": {"1"}, "buy_type[0]": {"2"}}
	if a := s.callMirror(t, 1, "order/getPrices.json", prices); a.Code != 0 {
		t.Fatalf("getPrices on a mirror whose fault is for registerOrder only: code %d", a.Code)
	}
	v := productOrder("2", "1")
	v.Set("api", testKey)
	client := &http.Client{Timeout: 50 * time.Millisecond}
	if resp, err := client.PostForm(s.MirrorURLs()[0]+"/order/registerOrder.json", v); err == nil {
		resp.Body.Close()
		t.Fatal("want the answer held past the client's timeout")
	}
	if got := post("/frotel/_control/clear"); got != http.StatusNoContent {
		t.Fatalf("clear: status %d", got)
	}
	resp, err := http.Get(ctl.URL + "/frotel/_control/stats")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var st Stats
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatalf("stats: %v\n%s", err, body)
	}
	if st.Calls["registerOrder"] != 1 || st.Calls["getPrices"] != 1 || len(st.Orders) != 1 || st.Orders[0].Mobile == "" {
		t.Errorf("stats: %s", body)
	}
}
