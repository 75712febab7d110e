// Package sms sends text messages through an Iranian SMS provider. Each provider is one file that registers itself
// (Register, from an init func) under the name SHOP_SMS_PROVIDER uses; Open builds the one configured. Providers
// answer with *Error, which says whether trying the same message again later can succeed. Nothing here logs, and
// no error a provider returns carries its URL (Kavenegar's holds the API key) or a message's text.
package sms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"
)

// Provider sends one message to one mobile.
type Provider interface {
	// Send sends message to receptor (09XXXXXXXXX).
	Send(ctx context.Context, receptor, message string) error
	// SendCode sends a one-time code: through the provider's own template when one is configured, otherwise as a
	// plain message (CodeText).
	SendCode(ctx context.Context, receptor, code string) error
}

// Settings are what a provider is built from (SHOP_SMS_*).
type Settings struct {
	URL         string
	APIKey      string
	Sender      string
	OTPTemplate string
	// Timeout bounds one call [10s].
	Timeout time.Duration
	// Client replaces the HTTP client (tests); its Timeout is left alone.
	Client Doer
}

// Doer sends an HTTP request (*http.Client does).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Factory builds a provider from its settings.
type Factory func(Settings) (Provider, error)

var (
	registryMu sync.Mutex
	registry   = map[string]Factory{}
)

// Register makes a provider available to Open under name. Called from the provider file's init func.
func Register(name string, f Factory) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("sms: provider " + name + " registered twice")
	}
	registry[name] = f
}

// Open builds the provider registered under name.
func Open(name string, s Settings) (Provider, error) {
	registryMu.Lock()
	f, ok := registry[name]
	registryMu.Unlock()
	if !ok {
		return nil, fmt.Errorf("sms: unknown provider %q (known: %v)", name, Names())
	}
	if s.Timeout <= 0 {
		s.Timeout = 10 * time.Second
	}
	return f(s)
}

// Names lists the registered providers.
func Names() []string {
	registryMu.Lock()
	defer registryMu.Unlock()
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// CodeText is a one-time code as a plain message, for providers without a template.
func CodeText(code string) string {
	return "کد ورود شما: " + code + "\nاین کد تا ۲ دقیقه معتبر است؛ آن را به کسی ندهید."
}

// Error is a provider's refusal or a failed call. Status is the provider's own status code (0 for a transport
// failure), Retryable says whether the same message may succeed later, Detail is safe to log and show.
type Error struct {
	Provider  string
	Op        string
	Status    int
	Retryable bool
	Detail    string
}

func (e *Error) Error() string {
	kind := "permanent"
	if e.Retryable {
		kind = "retryable"
	}
	if e.Status != 0 {
		return fmt.Sprintf("sms: %s %s: status %d (%s): %s", e.Provider, e.Op, e.Status, kind, e.Detail)
	}
	return fmt.Sprintf("sms: %s %s (%s): %s", e.Provider, e.Op, kind, e.Detail)
}

// Retryable reports whether err is worth trying again later: a provider's *Error says so itself; any other error
// (a cancelled context, a bug) is taken as retryable, since nothing says the message cannot go.
func Retryable(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Retryable
	}
	return err != nil
}

// transportDetail is a transport error without the request's URL: net/http's *url.Error prints it, and a
// provider's URL may hold its API key.
func transportDetail(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return "timeout: " + ue.Op + " request"
		}
		err = ue.Err
	}
	return err.Error()
}
