package web

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"

	"github.com/gorilla/securecookie"
)

// sessionCodec serializes the shopper's session values (string keys; string or []byte values: the basket, the
// recent orders, the marketer, the flash and the CSRF secret) in a compact binary form. gorilla's default, gob,
// compiles a decoder for the map's type on every cookie it reads: in a profile of the catalog under load that was a
// fifth of each page's CPU. Cookies written by earlier releases (gob) are still read, so an upgrade empties no
// basket; they are rewritten in this form the next time the session is saved.
//
// The form: a zero byte (a gob stream never starts with one: its first byte is a message length), a format
// version, the number of entries, then per entry the key, a value tag and the value, every length a uvarint.
type sessionCodec struct{}

const (
	sessionFormat   byte = 1
	tagString       byte = 's'
	tagBytes        byte = 'b'
	maxSessionValue      = 4096 // a cookie is at most 4 KB: any longer length is a corrupt value
)

var errSessionValue = errors.New("session: a value of an unsupported type")

func (sessionCodec) Serialize(src any) ([]byte, error) {
	m, ok := src.(map[any]any)
	if !ok {
		return nil, fmt.Errorf("session: cannot serialize %T", src)
	}
	out := append(make([]byte, 0, 256), 0, sessionFormat)
	out = binary.AppendUvarint(out, uint64(len(m)))
	for k, v := range m {
		key, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("%w: key %T", errSessionValue, k)
		}
		out = appendString(out, key)
		switch v := v.(type) {
		case string:
			out = appendString(append(out, tagString), v)
		case []byte:
			out = appendString(append(out, tagBytes), string(v))
		default:
			return nil, fmt.Errorf("%w: %q is %T", errSessionValue, key, v)
		}
	}
	return out, nil
}

func appendString(out []byte, s string) []byte {
	return append(binary.AppendUvarint(out, uint64(len(s))), s...)
}

func (sessionCodec) Deserialize(src []byte, dst any) error {
	p, ok := dst.(*map[any]any)
	if !ok {
		return fmt.Errorf("session: cannot deserialize into %T", dst)
	}
	if len(src) == 0 || src[0] != 0 {
		return securecookie.GobEncoder{}.Deserialize(src, dst) // a cookie of an earlier release
	}
	r := sessionReader{b: src[1:]}
	if r.byte() != sessionFormat {
		return errors.New("session: unknown format")
	}
	// Read into a map of its own: a malformed value leaves dst as it was, not half filled.
	n := r.length()
	m := make(map[any]any, n)
	for range n {
		key := r.string()
		switch r.byte() {
		case tagString:
			m[key] = r.string()
		case tagBytes:
			m[key] = []byte(r.string())
		default:
			r.err = errSessionValue
		}
		if r.err != nil {
			return r.err
		}
	}
	if r.err != nil {
		return r.err // the count itself was malformed
	}
	if len(r.b) > 0 {
		return errors.New("session: trailing bytes")
	}
	if *p == nil {
		*p = m
		return nil
	}
	maps.Copy(*p, m)
	return nil
}

// sessionReader reads the form above; the first malformed part sets err and every later read returns zeros.
type sessionReader struct {
	b   []byte
	err error
}

var errSessionTruncated = errors.New("session: truncated value")

func (r *sessionReader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = cmp.Or(r.err, errSessionTruncated)
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *sessionReader) length() int {
	if r.err != nil {
		return 0
	}
	n, k := binary.Uvarint(r.b)
	if k <= 0 || n > maxSessionValue {
		r.err = errSessionTruncated
		return 0
	}
	r.b = r.b[k:]
	return int(n)
}

func (r *sessionReader) string() string {
	n := r.length()
	if r.err != nil || n > len(r.b) {
		r.err = cmp.Or(r.err, errSessionTruncated)
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// useSessionCodec sets the compact form on every codec of the store.
func useSessionCodec(codecs []securecookie.Codec) {
	for _, c := range codecs {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			sc.SetSerializer(sessionCodec{})
		}
	}
}
