package web

import (
	"bytes"
	"encoding/gob"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"shop/internal/web/httpkit"
)

func TestSessionCodecRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		values map[any]any
	}{
		{"empty", map[any]any{}},
		{"a shopper's session", map[any]any{
			keyCart: "saffron-1m:2,ebook-cooking:1", keyOrders: "tok1,tok2", keyMarketer: "m-12",
			keyFlashKind: "ok", keyFlashText: "به سبد خرید اضافه شد", keyCSRF: bytes.Repeat([]byte{0, 0xff, 7}, 11),
		}},
		{"empty string and bytes", map[any]any{"a": "", "b": []byte{}}},
		{"long value", map[any]any{keyCart: string(bytes.Repeat([]byte("x"), 3000))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := sessionCodec{}.Serialize(tt.values)
			if err != nil {
				t.Fatal(err)
			}
			var got map[any]any
			if err := (sessionCodec{}).Deserialize(b, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normalize(got), normalize(tt.values)) {
				t.Fatalf("got %#v, want %#v", got, tt.values)
			}
		})
	}
}

// normalize makes an empty []byte and a nil one equal for DeepEqual.
func normalize(m map[any]any) map[any]any {
	out := maps.Clone(m)
	for k, v := range out {
		if b, ok := v.([]byte); ok && len(b) == 0 {
			out[k] = []byte{}
		}
	}
	return out
}

func TestSessionCodecRefusesOtherTypes(t *testing.T) {
	for _, values := range []map[any]any{{"n": 3}, {1: "x"}, {"t": []string{"a"}}} {
		if _, err := (sessionCodec{}).Serialize(values); !errors.Is(err, errSessionValue) {
			t.Errorf("Serialize(%#v) = %v, want errSessionValue", values, err)
		}
	}
}

func TestSessionCodecRefusesMalformed(t *testing.T) {
	good, _ := sessionCodec{}.Serialize(map[any]any{"k": "v"})
	tests := map[string][]byte{
		"unknown version":   {0, 9, 0},
		"truncated":         good[:len(good)-1],
		"trailing":          append(append([]byte{}, good...), 1),
		"unknown tag":       {0, sessionFormat, 1, 1, 'k', 'z', 0},
		"huge length":       {0, sessionFormat, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"no version":        {0},
		"not gob either":    {1, 2, 3},
		"length past bytes": {0, sessionFormat, 1, 50, 'k'},
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			var got map[any]any
			if err := (sessionCodec{}).Deserialize(b, &got); err == nil {
				t.Fatalf("Deserialize(%v) accepted: %#v", b, got)
			}
		})
	}
}

// TestSessionCookieOfAnEarlierRelease reads a cookie written with gob (the form before this codec) through the
// shop's store: the basket survives the upgrade.
func TestSessionCookieOfAnEarlierRelease(t *testing.T) {
	secret := []byte("a secret of thirty-two bytes!!!!")
	old := securecookie.New(httpkit.DeriveKey(secret, "shop session authentication"), httpkit.DeriveKey(secret, "shop session encryption"))
	old.MaxAge(30 * 24 * 3600)
	want := map[any]any{keyCart: "saffron-1m:2", keyCSRF: []byte("0123456789abcdef0123456789abcdef")}
	value, err := old.Encode(sessionName, want)
	if err != nil {
		t.Fatal(err)
	}
	store := NewSessionStore(secret, false)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.AddCookie(&http.Cookie{Name: sessionName, Value: value})
	sess, err := store.Get(req, sessionName)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sess.Values, want) {
		t.Fatalf("values %#v, want %#v", sess.Values, want)
	}
	// Saved again, it is in the compact form, and still read back.
	rec := httptest.NewRecorder()
	if err := sess.Save(req, rec); err != nil {
		t.Fatal(err)
	}
	req2 := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, c := range rec.Result().Cookies() {
		req2.AddCookie(c)
	}
	again, err := NewSessionStore(secret, false).Get(req2, sessionName)
	if err != nil || !reflect.DeepEqual(again.Values, want) {
		t.Fatalf("after saving: %#v, %v", again.Values, err)
	}
}

func FuzzSessionCodec(f *testing.F) {
	good, _ := sessionCodec{}.Serialize(map[any]any{keyCart: "saffron-1m:2", keyCSRF: []byte("abc")})
	f.Add(good)
	var gobbed bytes.Buffer
	_ = gob.NewEncoder(&gobbed).Encode(map[any]any{keyCart: "x"})
	f.Add(gobbed.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		var got map[any]any
		if err := (sessionCodec{}).Deserialize(b, &got); err != nil {
			return
		}
		// Whatever was accepted serializes and reads back the same.
		again, err := sessionCodec{}.Serialize(got)
		if err != nil {
			return // gob may decode types the compact form refuses: such a session is simply not saved as is
		}
		var back map[any]any
		if err := (sessionCodec{}).Deserialize(again, &back); err != nil || !reflect.DeepEqual(normalize(back), normalize(got)) {
			t.Fatalf("round trip of %v: %#v, %v", b, back, err)
		}
	})
}

// TestKeptDecodedSessions: a cookie the shop wrote or checked is kept decoded for a minute; a request's changes
// to its session reach no other request; a forged cookie is never kept.
func TestKeptDecodedSessions(t *testing.T) {
	secret := []byte("a secret of thirty-two bytes!!!!")
	st := NewSessionStore(secret, false).(*cookieSessions)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	st.now = func() time.Time { return now }

	// Written by Save.
	sess, _ := st.New(httptest.NewRequest(http.MethodGet, "/", nil), sessionName)
	sess.Values[keyCart] = "saffron-1m:1"
	rec := httptest.NewRecorder()
	if err := st.Save(httptest.NewRequest(http.MethodGet, "/", nil), rec, sess); err != nil {
		t.Fatal(err)
	}
	cookie := rec.Result().Cookies()[0]
	read := func() (*sessions.Session, error) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.AddCookie(cookie)
		return st.Get(req, sessionName)
	}
	first, err := read()
	if err != nil || first.IsNew || first.Values[keyCart] != "saffron-1m:1" {
		t.Fatalf("read back: %#v, new %v, %v", first.Values, first.IsNew, err)
	}
	first.Values[keyCart] = "changed by one request"
	if again, _ := read(); again.Values[keyCart] != "saffron-1m:1" {
		t.Fatalf("one request's change reached the next: %#v", again.Values)
	}

	// While kept, the cookie is not opened again: with other keys it still reads. A minute on, it is opened, and
	// with other keys it no longer reads.
	right := st.Codecs
	st.Codecs = securecookie.CodecsFromPairs([]byte("another key of thirty-two bytes!"), []byte("another enc key of 32 bytes!!!!!"))
	if s, err := read(); err != nil || s.Values[keyCart] != "saffron-1m:1" {
		t.Fatalf("a kept cookie was opened again: %v", err)
	}
	now = now.Add(decodedFor + time.Second)
	if _, err := read(); err == nil {
		t.Fatal("a cookie kept past its minute was not checked again")
	}
	st.Codecs = right
	if s, err := read(); err != nil || s.Values[keyCart] != "saffron-1m:1" {
		t.Fatalf("checked again: %#v, %v", s.Values, err)
	}

	// A forged cookie is refused and never kept.
	before := st.decoded.Len()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.AddCookie(&http.Cookie{Name: sessionName, Value: cookie.Value[:len(cookie.Value)-4] + "AAAA"})
	if _, err := st.Get(req, sessionName); err == nil {
		t.Fatal("a forged cookie was accepted")
	}
	if st.decoded.Len() != before {
		t.Fatal("a forged cookie was kept")
	}
}

// TestSessionCodecLeavesValuesOnError: a malformed value leaves the values as they were, not half filled.
func TestSessionCodecLeavesValuesOnError(t *testing.T) {
	good, _ := sessionCodec{}.Serialize(map[any]any{"a": "1", "b": "2"})
	got := map[any]any{}
	if err := (sessionCodec{}).Deserialize(good[:len(good)-1], &got); err == nil {
		t.Fatal("a truncated value was accepted")
	}
	if len(got) != 0 {
		t.Fatalf("a refused value left %#v behind", got)
	}
}

// keyCSRF is where cookies written before the dashboard had its own tokens kept a CSRF secret: a []byte value the
// codec must still carry.
const keyCSRF = "csrf"
