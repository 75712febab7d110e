package catalog

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"چاي لاهيجان":     "چای لاهیجان",
		"كتاب":            "کتاب",
		"آماده‌سازی":      "امادهسازی",
		"آماده سازی":      "اماده سازی",
		"۵۰۰ گرم":         "500 گرم",
		"٥٠٠":             "500",
		"  PDF،  کتاب!  ": "pdf کتاب",
		"دوره‌ی خوشنویسی": "دورهی خوشنویسی",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearch(t *testing.T) {
	products := DemoProducts()
	tests := []struct {
		query string
		want  []string
	}{
		{"چای", []string{"lahijan-tea-500"}},
		{"چاي", []string{"lahijan-tea-500"}},        // Arabic yeh
		{"۵۰۰ گرم", []string{"lahijan-tea-500"}},    // Persian digits
		{"كتاب", []string{"ebook-cooking"}},         // Arabic kaf
		{"pdf", []string{"ebook-cooking"}},          // Latin, any case
		{"قوری چینی", []string{"teapot-porcelain"}}, // every word
		{"قوری فرش", nil},                           // not every word
		{"   ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var got []string
			for _, p := range Search(products, tt.query) {
				got = append(got, p.Code)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Search(%q) = %v, want %v", tt.query, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("Search(%q) = %v, want %v", tt.query, got, tt.want)
				}
			}
		})
	}
}
