package sandbox

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"sync"
	"time"

	"shop/internal/iran"
	"shop/internal/sms"
)

// SMS is the sandbox's text-message provider: it keeps what the shop sends, newest first, and lists it on a page
// (/sandbox/sms when mounted), so a shop run offline shows every message a buyer or the seller would get.
type SMS struct {
	now func() time.Time
	max int

	mu   sync.Mutex
	sent []SentSMS
}

// SentSMS is one message the sandbox received.
type SentSMS struct {
	Receptor string
	Text     string
	Code     bool // a one-time code (SendCode)
	At       time.Time
}

// NewSMS keeps up to the last 500 messages.
func NewSMS() *SMS { return &SMS{now: time.Now, max: 500} }

var _ sms.Provider = (*SMS)(nil)

// Send records a message.
func (s *SMS) Send(_ context.Context, receptor, message string) error {
	s.add(SentSMS{Receptor: receptor, Text: message})
	return nil
}

// SendCode records a one-time code as the plain message a shop without a provider template sends.
func (s *SMS) SendCode(_ context.Context, receptor, code string) error {
	s.add(SentSMS{Receptor: receptor, Text: sms.CodeText(code), Code: true})
	return nil
}

func (s *SMS) add(m SentSMS) {
	m.At = s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, m)
	if len(s.sent) > s.max {
		s.sent = slices.Delete(s.sent, 0, len(s.sent)-s.max)
	}
}

// Messages lists what was sent, newest first.
func (s *SMS) Messages() []SentSMS {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.sent)
	slices.Reverse(out)
	return out
}

// Handler serves the list.
func (s *SMS) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		type row struct{ Receptor, Text, At string }
		var rows []row
		for _, m := range s.Messages() {
			rows = append(rows, row{Receptor: iran.PersianDigits(m.Receptor), Text: m.Text,
				At: iran.FormatJalaliDateTime(m.At)})
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_ = smsPage.Execute(w, rows)
	})
}

var smsPage = template.Must(template.New("sms").Parse(`<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="10">
<title>پیامک‌های فرستاده‌شده (آزمایشی)</title>
<style>
body{margin:0;background:#eef2f5;font-family:Tahoma,Vazirmatn,sans-serif;color:#1d2733}
main{max-width:40rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.2rem}
.note{color:#8a5a00;background:#fff6e0;padding:.5rem .75rem;border-radius:8px;font-size:.85rem}
ol{list-style:none;padding:0}
li{background:#fff;border-radius:10px;box-shadow:0 1px 6px #0001;padding:.75rem 1rem;margin:.75rem 0}
.meta{display:flex;justify-content:space-between;gap:1rem;color:#5b6878;font-size:.85rem}
.to{direction:ltr;font-weight:bold;color:#1d2733}
p.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0 0;line-height:1.8}
*{box-sizing:border-box}
</style>
</head>
<body>
<main>
<h1>پیامک‌های فرستاده‌شده</h1>
<p class="note">سامانه‌ی پیامک آزمایشی: هیچ پیامکی واقعاً فرستاده نمی‌شود؛ تازه‌ترین پیام بالاست.</p>
{{if .}}<ol data-testid="sandbox-sms-list">
{{range .}}<li data-testid="sandbox-sms"><div class="meta"><bdi class="to" data-testid="sandbox-sms-to">{{.Receptor}}</bdi><span>{{.At}}</span></div>
<p class="text" data-testid="sandbox-sms-text">{{.Text}}</p></li>
{{end}}</ol>{{else}}<p data-testid="sandbox-sms-empty">هنوز پیامکی فرستاده نشده است.</p>{{end}}
</main>
</body>
</html>
`))
