package frotel

import (
	"strconv"
	"strings"
)

// form is an ordered list of body fields. Every official Frotel integration
// builds its body with PHP's http_build_query, so we reproduce its bytes:
// indexed brackets for lists, 1/0 for booleans, empty lists left out, and
// PHP urlencode escaping. Keeping insertion order makes bodies deterministic.
type form struct {
	pairs [][2]string
}

func (f *form) set(key, value string) { f.pairs = append(f.pairs, [2]string{key, value}) }

func (f *form) setInt(key string, v int64) { f.set(key, strconv.FormatInt(v, 10)) }

func (f *form) setBool(key string, b bool) {
	if b {
		f.set(key, "1")
		return
	}
	f.set(key, "0")
}

// setFloat is only for percentages (porsant, discount, tax), which the API
// declares as floats; money never goes through here.
func (f *form) setFloat(key string, v float64) { f.set(key, strconv.FormatFloat(v, 'f', -1, 64)) }

// setInts writes key[0]=a&key[1]=b; an empty list writes nothing, as PHP does.
func (f *form) setInts(key string, values []int) {
	for i, v := range values {
		f.setInt(key+"["+strconv.Itoa(i)+"]", int64(v))
	}
}

// encode renders the body as http_build_query would.
func (f *form) encode() string {
	var b strings.Builder
	for i, p := range f.pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		phpURLEncode(&b, p[0])
		b.WriteByte('=')
		phpURLEncode(&b, p[1])
	}
	return b.String()
}

// phpURLEncode matches PHP's urlencode (RFC 1738 flavour): letters, digits
// and "-_." stay, a space becomes "+", every other byte is %XX in upper case.
// Go's url.QueryEscape differs on "~", so it is not used.
func phpURLEncode(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}
