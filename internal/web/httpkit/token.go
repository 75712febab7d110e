package httpkit

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// TokenBytes is the length of a CSRF secret before masking.
const TokenBytes = 32

// MaskToken writes a TokenBytes-long secret under a fresh random mask (pad, then secret XOR pad), so that a page's
// bytes never repeat it from one answer to the next (a compressed page cannot leak it by its length).
func MaskToken(tok []byte) string {
	out := make([]byte, 2*len(tok))
	pad := out[:len(tok)]
	_, _ = rand.Read(pad) // crypto/rand.Read never fails (Go 1.24+)
	for i, b := range tok {
		out[len(tok)+i] = b ^ pad[i]
	}
	return base64.RawURLEncoding.EncodeToString(out)
}

// UnmaskToken reverses MaskToken; false when s is not a masked TokenBytes-long secret.
func UnmaskToken(s string) ([]byte, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) != 2*TokenBytes {
		return nil, false
	}
	tok := make([]byte, TokenBytes)
	for i := range tok {
		tok[i] = raw[i] ^ raw[TokenBytes+i]
	}
	return tok, true
}

// DeriveKey derives a key for one use (named by label) from the shop's session secret, so that the cookie
// store's keys and the dashboard's CSRF key never coincide.
func DeriveKey(secret []byte, label string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(label))
	return m.Sum(nil)
}
