package dashboard

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// Cells a buyer typed with a semicolon or a line break are quoted, so a spreadsheet that splits on semicolons,
// or on Unicode line breaks, keeps each in one cell; encoding/csv still reads every record back unchanged.
func TestCSVQuotesSemicolonsAndLineBreaks(t *testing.T) {
	tests := []struct {
		name, cell, want string
	}{
		{"plain", "تهران", "تهران"},
		{"semicolon", "کوچه ۲; پلاک ۵", `"کوچه ۲; پلاک ۵"`},
		{"line feed", "خط یک\nخط دو", "\"خط یک\nخط دو\""},
		{"carriage return", "a\rb", "\"a\rb\""},
		{"line separator", "a\u2028b", "\"a\u2028b\""},
		{"next line", "a\u0085b", "\"a\u0085b\""},
		{"comma", "a,b", `"a,b"`},
		{"quote", `a"b`, `"a""b"`},
		{"leading space", " a", `" a"`},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			w := newCSVWriter(&b)
			if err := w.Write([]string{tc.cell, "x"}); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			if got, want := b.String(), tc.want+",x\n"; got != want {
				t.Errorf("line = %q, want %q", got, want)
			}
			rec, err := csv.NewReader(&b).Read()
			if err != nil || len(rec) != 2 || rec[0] != tc.cell {
				t.Errorf("read back %q, %v; want %q", rec, err, tc.cell)
			}
		})
	}
}
