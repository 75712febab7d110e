package loyalty

import (
	"errors"
	"testing"
)

// FuzzDecodeResponse feeds arbitrary bodies through the envelope and every AdditionalData shape: no
// panic, and an error is either an unexpected answer or a status error.
func FuzzDecodeResponse(f *testing.F) {
	for _, s := range []string{`{"Status":1,"ErrorMessage":null,"AdditionalData":[{"Amount":"1","RRN":2}]}`,
		`{"Status":-105}`, `{"status":"1.5"}`, `<html>`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := decodeEnvelope(body)
		if err != nil {
			if !errors.Is(err, ErrUnexpectedAnswer) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if err := statusError("X", int(env.Status), string(env.ErrorMessage)); err != nil && Message(err) == "" {
			t.Fatal("status error without a message")
		}
		var txs []wireTransaction
		_ = env.data(&txs)
		var bs []wireBalance
		_ = env.data(&bs)
		var gs []wireGroup
		_ = env.data(&gs)
		_, _ = interpretCardMembership("603799******1234", env)
		_, _ = interpretMembership(int(env.Status), string(env.ErrorMessage))
	})
}

// FuzzParseLocalTime: no panic on any date text.
func FuzzParseLocalTime(f *testing.F) {
	for _, s := range []string{"2026-11-24T09:15:42", "/Date(1795932342000+0330)/", "/Date(-)/", "/Date()/", "20261124"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = parseLocalTime(s)
	})
}

// FuzzMaskPAN: whatever goes in, no run of more than ten digits (a card number) comes out.
func FuzzMaskPAN(f *testing.F) {
	for _, s := range []string{"6037991234567893", "603799******1234", "123456**-7890", "۶۰۳۷۹۹۱۲۳۴۵۶۷۸۹۳"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := MaskPAN(s)
		run := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				if run++; run > 10 {
					t.Fatalf("MaskPAN(%q) = %q keeps %d digits in a row", s, m, run)
				}
			} else {
				run = 0
			}
		}
	})
}
