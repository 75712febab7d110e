package loyalty

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"shop/internal/iran"
)

// envelope is every response of the club: {"Status": n, "ErrorMessage": "...", "AdditionalData": ...}.
// encoding/json matches field names case-insensitively, so "status" and "STATUS" decode too.
type envelope struct {
	Status         flexInt         `json:"Status"`
	ErrorMessage   flexString      `json:"ErrorMessage"`
	AdditionalData json.RawMessage `json:"AdditionalData"`
}

// decodeEnvelope parses a response body. A body that is not the envelope (an HTML error page, an empty
// body, a JSON without Status) is an error wrapping ErrUnexpectedAnswer.
func decodeEnvelope(body []byte) (envelope, error) {
	var env envelope
	body = bytes.TrimPrefix(bytes.TrimSpace(body), []byte("\xef\xbb\xbf"))
	if len(body) == 0 || body[0] != '{' {
		return env, fmt.Errorf("%w: not a JSON object", ErrUnexpectedAnswer)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(body, &probe); err != nil {
		return env, fmt.Errorf("%w: %v", ErrUnexpectedAnswer, err)
	}
	hasStatus := false
	for k := range probe {
		if strings.EqualFold(k, "Status") {
			hasStatus = true
		}
	}
	if !hasStatus {
		return env, fmt.Errorf("%w: no Status", ErrUnexpectedAnswer)
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return env, fmt.Errorf("%w: %v", ErrUnexpectedAnswer, err)
	}
	return env, nil
}

// data decodes AdditionalData into v; null or absent data leaves v untouched.
func (e envelope) data(v any) error {
	d := bytes.TrimSpace(e.AdditionalData)
	if len(d) == 0 || bytes.Equal(d, []byte("null")) {
		return nil
	}
	if err := json.Unmarshal(d, v); err != nil {
		return fmt.Errorf("%w: AdditionalData: %v", ErrUnexpectedAnswer, err)
	}
	return nil
}

// dataString returns AdditionalData when it is a JSON string (or a number), else "".
func (e envelope) dataString() string {
	var s flexString
	if err := json.Unmarshal(bytes.TrimSpace(e.AdditionalData), &s); err != nil {
		return ""
	}
	return string(s)
}

// flexInt accepts 12, "12", 12.0, "12.0" and null.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	s, err := numberText(b)
	if err != nil || s == "" {
		*n = 0
		return err
	}
	v, err := parseAmount(s)
	if err != nil {
		return err
	}
	*n = flexInt(v)
	return nil
}

// flexString accepts a string, a number (kept as written) or null.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*s = ""
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		*s = flexString(b)
	case bytes.Equal(b, []byte("true")) || bytes.Equal(b, []byte("false")):
		*s = flexString(b)
	default:
		return fmt.Errorf("want a string, got %.20s", b)
	}
	return nil
}

// numberText returns the text of a JSON number or of a string holding one ("" for null or "").
func numberText(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return "", nil
	}
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return "", err
		}
		return strings.ReplaceAll(iran.NormalizeDigits(v), ",", ""), nil
	}
	return string(b), nil
}

// parseAmount reads a whole number; a decimal (the club is an ASP.NET service and may print 1200.00) is
// rounded to the nearest whole rial or point.
func parseAmount(s string) (int64, error) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 9e15 {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	return int64(math.Round(f)), nil
}

// localTimeLayouts are the shapes LocalDateTime has been seen in or may plausibly take; times without
// a zone are Tehran wall-clock time.
var localTimeLayouts = []string{
	"2006-01-02T15:04:05.9999999",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"20060102150405",
	"2006/01/02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	"20060102",
}

// flexTime parses LocalDateTime.
type flexTime time.Time

func (t *flexTime) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	v, err := parseLocalTime(string(s))
	if err != nil {
		return err
	}
	*t = flexTime(v)
	return nil
}

func parseLocalTime(s string) (time.Time, error) {
	s = strings.TrimSpace(iran.NormalizeDigits(s))
	if s == "" {
		return time.Time{}, nil
	}
	if strings.HasPrefix(s, "/Date(") && strings.HasSuffix(s, ")/") { // old ASP.NET JSON dates
		inner := strings.TrimSuffix(strings.TrimPrefix(s, "/Date("), ")/")
		if i := strings.IndexAny(inner, "+-"); i > 0 { // drop the zone offset; a leading sign is the number's
			inner = inner[:i]
		}
		ms, err := strconv.ParseInt(inner, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("bad date %q", s)
		}
		return time.UnixMilli(ms).In(iran.Tehran), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(iran.Tehran), nil
	}
	for _, layout := range localTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, iran.Tehran); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q", s)
}

// MaskPAN returns a card number fit to store or log: every run of more than ten digits keeps only its
// first six and last four (a 16-digit card becomes iran.MaskCard's 603799******1234); an already
// truncated PAN from the club (603799******1234, 123456**-7890) passes unchanged.
func MaskPAN(s string) string {
	return maskDigitRuns(strings.TrimSpace(iran.NormalizeDigits(s)), 11, 0)
}

// maskCardsIn masks card-length digit runs (16 to 19 digits) inside free text such as a logged response
// body, leaving shorter numbers (RRNs, amounts, terminal numbers) readable.
func maskCardsIn(s string) string { return maskDigitRuns(s, 16, 19) }

// maskDigitRuns masks every run of ASCII digits whose length is at least lo (and at most hi when hi > 0).
func maskDigitRuns(s string, lo, hi int) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		run := s[i:j]
		switch {
		case j == i:
			b.WriteByte(s[i])
			j = i + 1
		case len(run) < lo || (hi > 0 && len(run) > hi):
			b.WriteString(run)
		case len(run) == 16:
			b.WriteString(iran.MaskCard(run))
		default:
			b.WriteString(run[:6] + strings.Repeat("*", len(run)-10) + run[len(run)-4:])
		}
		i = j
	}
	return b.String()
}
