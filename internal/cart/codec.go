package cart

import (
	"fmt"
	"strconv"
	"strings"
)

// Encode writes the contents in the compact form kept in the session cookie: "code:count,code/variant:count".
// Only codes and counts travel; nothing the browser sends back is trusted for money.
func (c Contents) Encode() string {
	var b strings.Builder
	for i, it := range c.Items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(it.Key())
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(it.Count))
	}
	return b.String()
}

// Decode reads what Encode wrote. The cookie is authenticated, so a malformed value means an old format or a
// bug; Decode then fails and the caller starts an empty basket rather than guessing.
func Decode(s string) (Contents, error) {
	var c Contents
	if s == "" {
		return c, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > MaxLines {
		return Contents{}, fmt.Errorf("cart: decode: %w", ErrTooManyLines)
	}
	seen := make(map[string]bool, len(parts))
	for _, p := range parts {
		key, n, ok := strings.Cut(p, ":")
		code, variant, valid := SplitKey(key)
		if !ok || !valid || seen[key] {
			return Contents{}, fmt.Errorf("cart: decode: bad line %q", p)
		}
		count, err := strconv.Atoi(n)
		if err != nil || count < MinCount || count > MaxCount {
			return Contents{}, fmt.Errorf("cart: decode: bad count in %q", p)
		}
		seen[key] = true
		c.Items = append(c.Items, Item{Code: code, Variant: variant, Count: count})
	}
	return c, nil
}
