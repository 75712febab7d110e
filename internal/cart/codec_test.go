package cart

import (
	"reflect"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		in      string
		want    []Item
		wantErr bool
	}{
		{"", nil, false},
		{"saffron-1m:2", []Item{{Code: "saffron-1m", Count: 2}}, false},
		{"a:1,b_2:99", []Item{{Code: "a", Count: 1}, {Code: "b_2", Count: 99}}, false},
		{"a:0", nil, true},
		{"a:100", nil, true},
		{"a:-1", nil, true},
		{"a", nil, true},
		{"a:1,a:2", nil, true},
		{"<script>:1", nil, true},
		{"a:1,", nil, true},
		{"a:1.5", nil, true},
		{strings.Repeat("a:1,", MaxLines) + "z:1", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Decode(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got.Items, tt.want) {
				t.Errorf("items = %v, want %v", got.Items, tt.want)
			}
		})
	}
}

// FuzzDecode checks that any cookie value either decodes into a basket within bounds that encodes back to
// itself, or is refused; it never panics.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "a:1", "a:1,b:99", "a:0", "a:1,a:1", "x:" + strings.Repeat("9", 30),
		"tee/tee-L-blue:2", "tee/tee-L-blue:1,tee/tee-M-red:3,tee:1", "tee/:1", "/v:1", "tee/a/b:1", "tee/L:1,tee/L:2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Decode(s)
		if err != nil {
			return
		}
		if len(c.Items) > MaxLines {
			t.Fatalf("%d lines", len(c.Items))
		}
		for _, it := range c.Items {
			if it.Count < MinCount || it.Count > MaxCount {
				t.Fatalf("count %d", it.Count)
			}
		}
		again, err := Decode(c.Encode())
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
	})
}

// A variant's line survives the cookie: its product and variant codes both come back, and two variants of one
// product are two lines.
func TestVariantLinesRoundTrip(t *testing.T) {
	var c Contents
	for _, key := range []string{"tee/tee-L-blue", "tee/tee-M-red", "mug"} {
		if err := c.Add(key, 2); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Add("tee/tee-L-blue", 1); err != nil {
		t.Fatal(err)
	}
	got, err := Decode(c.Encode())
	want := []Item{{Code: "tee", Variant: "tee-L-blue", Count: 3}, {Code: "tee", Variant: "tee-M-red", Count: 2}, {Code: "mug", Count: 2}}
	if err != nil || !reflect.DeepEqual(got.Items, want) {
		t.Fatalf("round trip of %q: %+v, %v", c.Encode(), got.Items, err)
	}
	if codes := got.Codes(); !reflect.DeepEqual(codes, []string{"tee", "mug"}) {
		t.Errorf("codes %v", codes)
	}
	for _, bad := range []string{"tee/:1", "/v:1", "tee/a/b:1", "tee/L:1,tee/L:2", "tee/<x>:1"} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}
