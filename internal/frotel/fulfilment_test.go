package frotel

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"shop/internal/apperr"
	"shop/internal/checkout"
)

func TestFulfilmentKnowsEveryDomainWord(t *testing.T) {
	for _, m := range checkout.SendMethods() {
		s, err := toSend(m)
		if err != nil || fromSend(s) != m {
			t.Errorf("send method %q: %v, back %q", m, err, fromSend(s))
		}
	}
	for _, w := range checkout.PaymentWays() {
		p, err := toPayment(w)
		if err != nil || fromPayment(p) != w {
			t.Errorf("payment way %q: %v", w, err)
		}
	}
	for st := StateUnknown; st <= StateCancelled; st++ {
		if _, ok := shipmentStates[st]; !ok {
			t.Errorf("tracking state %v has no shipment state", st)
		}
	}
	if _, err := toSend("tipax"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("unknown send method: %v", err)
	}
}

func TestTranslateErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
		code apperr.Code
	}{
		{"frotel said no", fmt.Errorf("frotel: register: %w", &APIError{Code: 12, Message: "کد پستی نادرست"}), checkout.ErrRefused, apperr.Invalid},
		{"bad request of ours", fmt.Errorf("frotel: pay: %w", ErrInvalidRequest), checkout.ErrRefused, apperr.Invalid},
		{"answer lost", fmt.Errorf("frotel: register: %w", ErrOutcomeUnknown), checkout.ErrOutcomeUnknown, apperr.Unavailable},
		{"nobody answered", fmt.Errorf("frotel: get prices: %w", ErrUnavailable), checkout.ErrUnavailable, apperr.Unavailable},
		{"bad bank form", fmt.Errorf("%w: %w", ErrOutcomeUnknown, ErrBadRedirectForm), checkout.ErrUnavailable, apperr.Unavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := translate(tc.err)
			if !errors.Is(got, tc.want) || apperr.CodeOf(got) != tc.code || apperr.MessageOf(got) != ShopperMessage(tc.err) {
				t.Errorf("translate = %v (code %s, message %q)", got, apperr.CodeOf(got), apperr.MessageOf(got))
			}
			if !errors.Is(got, errors.Unwrap(tc.err)) && errors.Unwrap(tc.err) != nil {
				t.Errorf("the client's error is lost from the chain: %v", got)
			}
		})
	}
}

func TestReferenceGoesInTheNoteFrotelShows(t *testing.T) {
	for _, tc := range []struct{ ref, note, want string }{
		{"SH-000042", "سپاس", "SH-000042 — سپاس"},
		{"SH-000042", "", "SH-000042"},
		{"", "سپاس", "سپاس"},
	} {
		if got := withReference(tc.ref, tc.note); got != tc.want {
			t.Errorf("withReference(%q, %q) = %q, want %q", tc.ref, tc.note, got, tc.want)
		}
	}
}

// A method getPrices has no code for is left out of the request, not allowed to refuse the whole quote.
func TestQuoteSkipsWhatGetPricesCannotPrice(t *testing.T) {
	m := newFakeMirror(t, healthy)
	f := NewFulfilment(newTestClient(t, newTestClock(), nil, m))
	req := checkout.QuoteRequest{GoodsTotal: 670_000, WeightGrams: 200, CityID: 1,
		SendMethods: []checkout.SendMethod{checkout.Chabok, checkout.Pishtaz, checkout.Courier},
		PaymentWays: []checkout.PaymentWay{checkout.Online}}
	if _, err := f.Quote(context.Background(), req); err != nil {
		t.Fatalf("Quote: %v", err)
	}
	if !strings.Contains(m.last, "send_type%5B0%5D=1&buy_type") {
		t.Errorf("request %s, want pishtaz alone", m.last)
	}
	req.SendMethods = []checkout.SendMethod{checkout.Chabok}
	if _, err := f.Quote(context.Background(), req); !errors.Is(err, checkout.ErrRefused) {
		t.Errorf("nothing to price: %v, want a refusal", err)
	}
}
