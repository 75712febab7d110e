package account

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
)

// DevSender is the code sender of a shop with no SMS provider: it sends nothing and keeps the last codes in
// memory, so `make run`, the tests and the browser journey can read them (Handler, LastCode). It is never wired
// when an SMS provider is configured.
type DevSender struct {
	mu   sync.Mutex
	sent []SentCode
}

// SentCode is one code the DevSender was given.
type SentCode struct {
	Mobile string
	Code   string
	At     time.Time
}

// maxKept bounds what a long-running dev shop keeps.
const maxKept = 50

func (d *DevSender) QueueCode(_ context.Context, mobile, code string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sent = append(d.sent, SentCode{Mobile: mobile, Code: code, At: time.Now()})
	if len(d.sent) > maxKept {
		d.sent = slices.Delete(d.sent, 0, len(d.sent)-maxKept)
	}
	return nil
}

// LastCode is the newest code sent to a mobile.
func (d *DevSender) LastCode(mobile string) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := len(d.sent) - 1; i >= 0; i-- {
		if d.sent[i].Mobile == mobile {
			return d.sent[i].Code, true
		}
	}
	return "", false
}

// Sent lists the codes sent, oldest first.
func (d *DevSender) Sent() []SentCode {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.sent)
}

// Handler lists the codes sent, newest first, one "mobile code" line each (the sandbox mounts it at
// /sandbox/codes; ?mobile= gives that mobile's newest code alone).
func (d *DevSender) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if m := r.URL.Query().Get("mobile"); m != "" {
			code, ok := d.LastCode(m)
			if !ok {
				http.NotFound(w, r)
				return
			}
			fmt.Fprintln(w, code)
			return
		}
		sent := d.Sent()
		for i := len(sent) - 1; i >= 0; i-- {
			fmt.Fprintf(w, "%s %s %s\n", sent[i].At.UTC().Format(time.RFC3339), sent[i].Mobile, sent[i].Code)
		}
	})
}
