package notify_test

import (
	"strings"
	"testing"

	"shop/internal/notify"
)

func TestRender(t *testing.T) {
	v := notify.Values{"factor": "1001", "barcode": "", "tracking_url": "", "name": "سارا"}
	tests := []struct{ name, template, want string }{
		{"placeholders filled", "{name}، سفارش {factor}", "سارا، سفارش 1001"},
		{"a line whose value is missing is left out", "سفارش {factor} ارسال شد.\nبارکد پستی: {barcode}\nرهگیری: {tracking_url}\nسپاس", "سفارش 1001 ارسال شد.\nسپاس"},
		{"an unknown placeholder stays as written", "{factor} {nope}", "1001 {nope}"},
		{"no placeholders", "سلام", "سلام"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := notify.Render(tc.template, v); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCheckTemplate(t *testing.T) {
	tests := []struct {
		name     string
		event    notify.Event
		template string
		problem  string // a part of the Persian message; "" for none
	}{
		{"the default", notify.OrderShipped, "", ""},
		{"known placeholders", notify.OrderPlaced, "{shop}: {factor} {amount} {link}", ""},
		{"unknown placeholder", notify.OrderPlaced, "{factor} {discount}", "«{discount}»"},
		{"a seller's placeholder in a buyer's message", notify.OrderPlaced, "{admin_link}", "«{admin_link}»"},
		{"note only in notes", notify.OrderPaid, "{note}", "«{note}»"},
		{"note in a note", notify.SellerNote, "{note}", ""},
		{"brace left open", notify.OrderPaid, "سفارش {factor", "بی‌جفت"},
		{"too long", notify.OrderPaid, strings.Repeat("ن", notify.MaxTemplateLength+1), "حداکثر"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := tc.template
			if tmpl == "" {
				i, _ := notify.Info(tc.event)
				tmpl = i.Default
			}
			got := notify.CheckTemplate(tc.event, tmpl)
			if tc.problem == "" && got != "" || tc.problem != "" && !strings.Contains(got, tc.problem) {
				t.Errorf("CheckTemplate = %q, want %q", got, tc.problem)
			}
		})
	}
	for _, e := range notify.Events() {
		if p := notify.CheckTemplate(e.Event, e.Default); p != "" {
			t.Errorf("the default of %s is refused: %s", e.Event, p)
		}
	}
}
