package checkout

import (
	"context"
	"encoding/json"
	"fmt"
)

// Kinds of order events.
const (
	eventLinksRefresh = "links_refresh"
	eventReconcile    = "reconcile"
	eventDuplicate    = "duplicate_refused"
	eventResend       = "resend"
	eventHeld         = "cod_held"
	eventPaidByLink   = "paid_by_link"
	eventAwaitingCode = "cod_awaiting_code"
	eventConfirmed    = "mobile_confirmed"
	eventSellerHand   = "seller_hand"
)

// EventSellerNote is the kind of a seller's note to the buyer: its Message is the note's text, shown on the
// order page and sent to the buyer by SMS (the outbox queues it in the event's own transaction).
const EventSellerNote = "seller_note"

// note appends a line to an order's history (and the log): what was decided, by whom, and on what evidence.
func (s *Service) note(ctx context.Context, o *Order, kind, actor, message string, evidence any) error {
	e := OrderEvent{OrderID: o.ID, At: s.now(), Kind: kind, Actor: actor, Message: message}
	if evidence != nil {
		b, err := json.Marshal(evidence)
		if err != nil {
			return fmt.Errorf("checkout: encode evidence: %w", err)
		}
		e.Evidence = string(b)
	}
	s.log.InfoContext(ctx, "checkout: order event", "order", o.Token, "reference", o.Reference(), "kind", kind, "actor", actor,
		"message", message, "evidence", e.Evidence)
	if err := s.store.AddOrderEvent(ctx, e); err != nil {
		return fmt.Errorf("checkout: record event of %s: %w", o.Token, err)
	}
	return nil
}

// Events is an order's history, oldest first, for the admin's order page.
func (s *Service) Events(ctx context.Context, orderID int64) ([]OrderEvent, error) {
	es, err := s.store.OrderEvents(ctx, orderID)
	if err != nil {
		return nil, fmt.Errorf("checkout: events: %w", err)
	}
	return es, nil
}
