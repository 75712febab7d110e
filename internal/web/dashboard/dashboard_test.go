package dashboard_test

import (
	"bytes"
	"testing"
	"time"

	"shop/internal/admin"
	"shop/internal/web/dashboard"
)

// TestNewChecksTheWiring: the dashboard refuses to be built without what it cannot work without, rather than
// failing on the first request.
func TestNewChecksTheWiring(t *testing.T) {
	accounts := admin.NewService(nil, time.Minute, time.Now) // never called: New only checks it is there
	key := bytes.Repeat([]byte{7}, 32)
	for _, tc := range []struct {
		name   string
		deps   dashboard.Deps
		wantOK bool
	}{
		{"no accounts", dashboard.Deps{CSRFKey: key}, false},
		{"no CSRF key", dashboard.Deps{Accounts: accounts}, false},
		{"a CSRF key too short", dashboard.Deps{Accounts: accounts, CSRFKey: key[:16]}, false},
		{"accounts and a key: the rest is optional", dashboard.Deps{Accounts: accounts, CSRFKey: key}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := dashboard.New(tc.deps)
			if (err == nil) != tc.wantOK || (d != nil) != tc.wantOK {
				t.Fatalf("New: %v, %v; want ok=%v", d, err, tc.wantOK)
			}
		})
	}
}
