package apperr

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestCodeAndMessage(t *testing.T) {
	notFound := New(NotFound, "shop: order not found", "سفارش پیدا نشد.")
	refused := New(Invalid, "shop: refused", "")
	tests := []struct {
		name    string
		err     error
		code    Code
		message string
	}{
		{"nil", nil, "", ""},
		{"a sentinel", notFound, NotFound, "سفارش پیدا نشد."},
		{"wrapped with detail", fmt.Errorf("web: order: %w", notFound), NotFound, "سفارش پیدا نشد."},
		{"the outer message wins", Wrap(Unavailable, "فروتل پاسخ نداد.", fmt.Errorf("%w: x", notFound)), Unavailable, "فروتل پاسخ نداد."},
		{"an inner message when the outer has none", fmt.Errorf("%w: %w", refused, notFound), Invalid, "سفارش پیدا نشد."},
		{"joined", errors.Join(errors.New("disk"), notFound), NotFound, "سفارش پیدا نشد."},
		{"a cancelled request", fmt.Errorf("store: %w", context.Canceled), Canceled, ""},
		{"anything else", errors.New("disk full"), Internal, ""},
	}
	for _, tc := range tests {
		if got := CodeOf(tc.err); got != tc.code {
			t.Errorf("%s: CodeOf = %q, want %q", tc.name, got, tc.code)
		}
		if got := MessageOf(tc.err); got != tc.message {
			t.Errorf("%s: MessageOf = %q, want %q", tc.name, got, tc.message)
		}
	}
	if w := Wrap(Invalid, "x", notFound); !errors.Is(w, notFound) || w.Error() != "shop: order not found" {
		t.Errorf("Wrap loses its cause: %v", w)
	}
}
