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
