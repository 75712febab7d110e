package config

import (
	"strings"
	"testing"
)

// A payment check tries every mirror in turn: a grace no longer than that would take a live check for abandoned
// and let reconciliation call checkPay beside it.
func TestGraceMustOutlastACheckOnEveryMirror(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		ok   bool
	}{
		{"defaults", nil, true},
		{"sandbox: 3 mirrors x 1s = 3s", map[string]string{"SHOP_FROTEL_TIMEOUT": "1s", "SHOP_RECONCILE_GRACE": "3s"}, false},
		{"sandbox: longer", map[string]string{"SHOP_FROTEL_TIMEOUT": "1s", "SHOP_RECONCILE_GRACE": "3100ms"}, true},
		{"two mirrors x 2s = 4s", map[string]string{"SHOP_FROTEL_URLS": "http://a.test,http://b.test", "SHOP_FROTEL_API_KEY": "k",
			"SHOP_FROTEL_TIMEOUT": "2s", "SHOP_RECONCILE_GRACE": "4s"}, false},
		{"two mirrors: longer", map[string]string{"SHOP_FROTEL_URLS": "http://a.test,http://b.test", "SHOP_FROTEL_API_KEY": "k",
			"SHOP_FROTEL_TIMEOUT": "2s", "SHOP_RECONCILE_GRACE": "5s"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(func(k string) string { return tc.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			err = c.Validate()
			if got := err == nil || !strings.Contains(err.Error(), "SHOP_RECONCILE_GRACE"); got != tc.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

// A mixed basket registers its orders one after another; a grace shorter than all of them on every mirror lets
// reconciliation take the last one over, which start warns about.
func TestGraceWarnsBelowEveryKindOnEveryMirror(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		warn bool
	}{
		{"defaults: 10s x 3 x 3 = 90s < 2m", nil, false},
		{"fault suite: 1s x 3 x 3 = 9s > 3.5s", map[string]string{"SHOP_FROTEL_TIMEOUT": "1s", "SHOP_RECONCILE_GRACE": "3500ms"}, true},
		{"long enough", map[string]string{"SHOP_FROTEL_TIMEOUT": "1s", "SHOP_RECONCILE_GRACE": "9100ms"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(func(k string) string { return tc.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			w := c.Warnings()
			if got := len(w) > 0 && strings.Contains(w[0], "SHOP_RECONCILE_GRACE"); got != tc.warn {
				t.Errorf("Warnings() = %q, want a grace warning %v", w, tc.warn)
			}
		})
	}
}
