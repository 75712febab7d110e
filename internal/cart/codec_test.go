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
		{"saffron-1m:2", []Item{{"saffron-1m", 2}}, false},
		{"a:1,b_2:99", []Item{{"a", 1}, {"b_2", 99}}, false},
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
	for _, s := range []string{"", "a:1", "a:1,b:99", "a:0", "a:1,a:1", "x:" + strings.Repeat("9", 30)} {
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
