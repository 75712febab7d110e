package sms

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Kavenegar's REST API: {URL}/v1/{API-KEY}/sms/send.json and .../verify/lookup.json, form-encoded POSTs answered
// with {"return":{"status":200,"message":"..."},"entries":[...]}; any status but 200 is a refusal.
func init() { Register("kavenegar", newKavenegar) }

type kavenegar struct {
	s      Settings
	client Doer
}

func newKavenegar(s Settings) (Provider, error) {
	if s.APIKey == "" {
		return nil, fmt.Errorf("sms: kavenegar needs an API key")
	}
	if strings.ContainsAny(s.APIKey, "/?#% ") {
		return nil, fmt.Errorf("sms: kavenegar API key holds characters a URL path cannot")
	}
	s.URL = strings.TrimRight(s.URL, "/")
	k := &kavenegar{s: s, client: s.Client}
	if k.client == nil {
		k.client = &http.Client{Timeout: s.Timeout}
	}
	return k, nil
}

func (k *kavenegar) Send(ctx context.Context, receptor, message string) error {
	form := url.Values{"receptor": {receptor}, "message": {message}}
	if k.s.Sender != "" {
		form.Set("sender", k.s.Sender)
	}
	return k.call(ctx, "sms/send", form)
}

func (k *kavenegar) SendCode(ctx context.Context, receptor, code string) error {
	if k.s.OTPTemplate == "" {
		return k.Send(ctx, receptor, CodeText(code))
	}
	return k.call(ctx, "verify/lookup", url.Values{"receptor": {receptor}, "token": {code}, "template": {k.s.OTPTemplate}})
}

// call posts form to method. The URL holds the API key: it goes into the request and nowhere else, never into
// an error.
func (k *kavenegar) call(ctx context.Context, method string, form url.Values) error {
	fail := func(status int, retryable bool, detail string) error {
		return &Error{Provider: "kavenegar", Op: method, Status: status, Retryable: retryable, Detail: detail}
	}
	ctx, cancel := context.WithTimeout(ctx, k.s.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.s.URL+"/v1/"+k.s.APIKey+"/"+method+".json",
		strings.NewReader(form.Encode()))
	if err != nil {
		return fail(0, false, "bad request: "+transportDetail(err))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("Accept", "application/json")
	resp, err := k.client.Do(req)
	if err != nil {
		return fail(0, true, transportDetail(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return fail(0, true, "reading the answer: "+transportDetail(err))
	}
	var answer struct {
		Return struct {
			Status  int    `json:"status"`
			Message string `json:"message"`
		} `json:"return"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || answer.Return.Status == 0 {
		// Not Kavenegar's JSON: a proxy's or a load balancer's page. A 5xx is the provider being away.
		return fail(0, resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests,
			fmt.Sprintf("HTTP %d without a Kavenegar answer", resp.StatusCode))
	}
	if answer.Return.Status == 200 {
		return nil
	}
	return fail(answer.Return.Status, kavenegarRetryable(answer.Return.Status), kavenegarStatusText(answer.Return.Status, answer.Return.Message))
}

// kavenegarRetryable: the statuses that can pass later without anyone changing the message or the settings. 409
// is Kavenegar's "server cannot answer now", 418 an account out of credit (the seller tops it up), 451 too many
// calls from this address, 402 an operation that failed on their side; 5xx are the HTTP layer's. Everything else
// (an invalid key 403, a blocked account 401, a wrong receptor 411, sender 412, template 424, a message too
// long 413...) fails the same way however often it is sent.
func kavenegarRetryable(status int) bool {
	switch status {
	case 402, 409, 418, 429, 451:
		return true
	}
	return status >= 500 && status != 501 // 501: a test account may only send to its owner's number
}

// kavenegarStatusText names the statuses a seller meets, for the dashboard; Kavenegar's own message follows.
func kavenegarStatusText(status int, message string) string {
	known := map[int]string{
		400: "incomplete parameters", 401: "account disabled", 402: "operation failed", 403: "invalid API key",
		404: "unknown method", 405: "wrong HTTP method", 406: "a required parameter is empty",
		407: "no access to this information", 409: "server cannot answer now", 411: "invalid receptor",
		412: "invalid sender line", 413: "message empty or too long", 414: "too many receptors",
		417: "invalid date", 418: "account credit too low", 419: "list lengths differ",
		422: "invalid characters in the data", 424: "verify template not found", 426: "needs an advanced plan",
		428: "code cannot be sent by a call", 431: "code malformed", 432: "code parameter missing from the template",
		451: "too many calls from this IP", 501: "a test account may only send to its owner's number",
	}
	text := known[status]
	if text == "" {
		text = "unknown status"
	}
	if m := strings.TrimSpace(message); m != "" {
		text += " (" + m + ")"
	}
	return text
}
