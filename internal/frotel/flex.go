package frotel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Frotel is PHP behind the scenes: numbers arrive as strings and strings as
// numbers, and an empty result may be [], {}, false, null or "". These types
// absorb that so the typed decoders stay simple.

// flexInt accepts 12, "12", " 12 ", 12.0, "", null, true/false.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	switch {
	case len(t) == 0:
		return fmt.Errorf("%w: empty number", ErrBadResponse)
	case string(t) == "null" || string(t) == "false":
		*n = 0
		return nil
	case string(t) == "true":
		*n = 1
		return nil
	case t[0] == '"':
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return fmt.Errorf("%w: %v", ErrBadResponse, err)
		}
		v, err := parseFlexInt(s)
		if err != nil {
			return err
		}
		*n = flexInt(v)
		return nil
	default:
		v, err := parseFlexInt(string(t))
		if err != nil {
			return err
		}
		*n = flexInt(v)
		return nil
	}
}

func parseFlexInt(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	// PHP may print integral floats ("52000.0", 5.2e4); accept them only when
	// exact, so no money is ever rounded.
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("%w: not an integer: %q", ErrBadResponse, truncate(s, 40))
	}
	return int64(f), nil
}

// flexString accepts "x", numbers (kept verbatim, so a 20-digit factor id
// never passes through a float), null, and true/false as "1"/"0".
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	switch {
	case len(t) == 0:
		return fmt.Errorf("%w: empty value", ErrBadResponse)
	case string(t) == "null":
		*s = ""
	case string(t) == "true":
		*s = "1"
	case string(t) == "false":
		*s = "0"
	case t[0] == '"':
		var v string
		if err := json.Unmarshal(t, &v); err != nil {
			return fmt.Errorf("%w: %v", ErrBadResponse, err)
		}
		*s = flexString(v)
	case t[0] == '-' || ('0' <= t[0] && t[0] <= '9'):
		var num json.Number
		if err := json.Unmarshal(t, &num); err != nil {
			return fmt.Errorf("%w: %v", ErrBadResponse, err)
		}
		*s = flexString(num)
	default:
		return fmt.Errorf("%w: want a string, got %q", ErrBadResponse, truncate(string(t), 40))
	}
	return nil
}

// looseText reads human text that may come as a string, a number, a list or
// an object of strings (PHP validation errors), and never fails: it is only
// ever shown or logged.
func looseText(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if isEmptyJSON(t) {
		return ""
	}
	var s flexString
	if err := json.Unmarshal(t, &s); err == nil {
		return strings.TrimSpace(string(s))
	}
	var parts []string
	var list []json.RawMessage
	var obj map[string]json.RawMessage
	switch {
	case json.Unmarshal(t, &list) == nil:
		for _, item := range list {
			if p := looseText(item); p != "" {
				parts = append(parts, p)
			}
		}
	case json.Unmarshal(t, &obj) == nil:
		for _, k := range sortedKeys(obj) {
			if p := looseText(obj[k]); p != "" {
				parts = append(parts, p)
			}
		}
	}
	return strings.Join(parts, "؛ ")
}

// isEmptyJSON reports the shapes PHP uses for "nothing".
func isEmptyJSON(t []byte) bool {
	t = bytes.TrimSpace(t)
	switch string(t) {
	case "", "null", "false", `""`:
		return true
	}
	if len(t) >= 2 && ((t[0] == '[' && t[len(t)-1] == ']') || (t[0] == '{' && t[len(t)-1] == '}')) {
		return len(bytes.TrimSpace(t[1:len(t)-1])) == 0
	}
	return false
}

// flexList accepts a JSON array, an object (a PHP array whose keys are not
// 0..n-1, values taken in key order) or any empty shape.
type flexList[T any] []T

func (l *flexList[T]) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	if isEmptyJSON(t) {
		*l = nil
		return nil
	}
	switch t[0] {
	case '[':
		var xs []T
		if err := json.Unmarshal(t, &xs); err != nil {
			return fmt.Errorf("%w: %v", ErrBadResponse, err)
		}
		*l = xs
	case '{':
		m, err := decodeFlexMap[T](t)
		if err != nil {
			return err
		}
		xs := make([]T, 0, len(m))
		for _, k := range sortedKeys(m) {
			xs = append(xs, m[k])
		}
		*l = xs
	default:
		return fmt.Errorf("%w: want a list, got %q", ErrBadResponse, truncate(string(t), 40))
	}
	return nil
}

// flexMap accepts an object, an array (keys become "0", "1", ...) or any
// empty shape.
type flexMap[T any] map[string]T

func (m *flexMap[T]) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	if isEmptyJSON(t) {
		*m = nil
		return nil
	}
	switch t[0] {
	case '{':
		v, err := decodeFlexMap[T](t)
		if err != nil {
			return err
		}
		*m = v
	case '[':
		var xs []T
		if err := json.Unmarshal(t, &xs); err != nil {
			return fmt.Errorf("%w: %v", ErrBadResponse, err)
		}
		v := make(map[string]T, len(xs))
		for i, x := range xs {
			v[strconv.Itoa(i)] = x
		}
		*m = v
	default:
		return fmt.Errorf("%w: want an object, got %q", ErrBadResponse, truncate(string(t), 40))
	}
	return nil
}

func decodeFlexMap[T any](t []byte) (map[string]T, error) {
	var m map[string]T
	if err := json.Unmarshal(t, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	return m, nil
}

// flexObject is an object that PHP sends as [], false or null when empty.
type flexObject[T any] struct {
	V       T
	Present bool
}

func (o *flexObject[T]) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	if isEmptyJSON(t) {
		*o = flexObject[T]{}
		return nil
	}
	if t[0] != '{' {
		return fmt.Errorf("%w: want an object, got %q", ErrBadResponse, truncate(string(t), 40))
	}
	var v T
	if err := json.Unmarshal(t, &v); err != nil {
		return fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	*o = flexObject[T]{V: v, Present: true}
	return nil
}

// sortedKeys orders numeric keys numerically, then the rest lexically, so
// PHP arrays keep their intended order.
func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, errA := strconv.ParseInt(keys[i], 10, 64)
		b, errB := strconv.ParseInt(keys[j], 10, 64)
		switch {
		case errA == nil && errB == nil:
			return a < b
		case errA == nil:
			return true
		case errB == nil:
			return false
		default:
			return keys[i] < keys[j]
		}
	})
	return keys
}

// envelope is {"code": 0, "message": "", "result": ...}.
type envelope struct {
	Code    int
	Message string
	Result  json.RawMessage
}

// decodeEnvelope rejects anything that is not the API's JSON object with a
// code: an HTML error page or a proxy's answer means the mirror is unwell.
func decodeEnvelope(body []byte) (envelope, error) {
	t := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(body), []byte("\xef\xbb\xbf")))
	if len(t) == 0 || t[0] != '{' {
		return envelope{}, fmt.Errorf("%w: not a JSON object: %q", ErrBadResponse, truncate(string(t), 60))
	}
	var w struct {
		Code    *flexInt        `json:"code"`
		Message json.RawMessage `json:"message"`
		Result  json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(t, &w); err != nil {
		return envelope{}, fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	if w.Code == nil {
		return envelope{}, fmt.Errorf("%w: no code in envelope", ErrBadResponse)
	}
	if int64(*w.Code) > math.MaxInt32 || int64(*w.Code) < math.MinInt32 {
		return envelope{}, fmt.Errorf("%w: code out of range", ErrBadResponse)
	}
	return envelope{Code: int(*w.Code), Message: looseText(w.Message), Result: w.Result}, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
