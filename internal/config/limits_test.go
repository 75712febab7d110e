package config

import (
	"strings"
	"testing"
	"time"
)

func TestRateLimitSetting(t *testing.T) {
	tests := []struct {
		name, value string
		want        RateLimit
		bad         bool
	}{
		{"default", "", RateLimit{30, time.Minute}, false},
		{"seconds", "5/10s", RateLimit{5, 10 * time.Second}, false},
		{"spaces", " 7 / 1h ", RateLimit{7, time.Hour}, false},
		{"off", "off", RateLimit{}, false},
		{"zero is off", "0", RateLimit{}, false},
		{"no duration", "30", RateLimit{}, true},
		{"no unit", "30/60", RateLimit{}, true},
		{"negative", "-1/1m", RateLimit{}, true},
		{"zero duration", "3/0s", RateLimit{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(func(k string) string {
				if k == "SHOP_RATE_CALLBACK" {
					return tt.value
				}
				return ""
			})
			if (err != nil) != tt.bad || c.RateCallback != tt.want {
				t.Errorf("SHOP_RATE_CALLBACK=%q: %+v, err %v", tt.value, c.RateCallback, err)
			}
		})
	}
}

func TestTrustedProxiesSetting(t *testing.T) {
	tests := []struct {
		name, value string
		want        []string
		bad         bool
	}{
		{"default none", "", nil, false},
		{"ip and ranges", "10.0.0.1, 192.168.0.0/16,::1", []string{"10.0.0.1/32", "192.168.0.0/16", "::1/128"}, false},
		{"not an address", "10.0.0.1,proxy.local", []string{"10.0.0.1/32"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(func(k string) string {
				if k == "SHOP_TRUSTED_PROXIES" {
					return tt.value
				}
				return ""
			})
			var got []string
			for _, n := range c.TrustedProxies {
				got = append(got, n.String())
			}
			if (err != nil) != tt.bad || strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("SHOP_TRUSTED_PROXIES=%q: %v, err %v", tt.value, got, err)
			}
		})
	}
}
