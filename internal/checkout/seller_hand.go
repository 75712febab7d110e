package checkout

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"shop/internal/apperr"
	"shop/internal/catalog"
	"shop/internal/iran"
)

// The seller's own hand on an order: cancel it (Frotel asked first), mark it shipped or delivered for the seller's
// own courier, and write a note to the buyer. Each is recorded in the order's history with who did it.

var (
	// ErrAlreadySent: Frotel says the parcel has left (or arrived, or come back); it can no longer be cancelled.
	ErrAlreadySent = apperr.New(apperr.Conflict, "checkout: the parcel has already left",
		"فروتل می‌گوید این بسته ارسال یا تحویل شده است و دیگر لغو نمی‌شود.")
	// ErrCannotCancel: the order's state allows no cancel (being registered, already finished).
	ErrCannotCancel = apperr.New(apperr.Conflict, "checkout: the order cannot be cancelled in its state",
		"این سفارش در وضعیت کنونی‌اش لغو نمی‌شود.")
	// ErrCannotMark: the state machine allows no such move by hand now.
	ErrCannotMark = apperr.New(apperr.Conflict, "checkout: the order cannot be marked so in its state",
		"این سفارش در وضعیت کنونی‌اش این‌گونه علامت نمی‌خورد.")
	// ErrNotPhysical: only a parcel is shipped or delivered.
	ErrNotPhysical = apperr.New(apperr.Invalid, "checkout: only physical orders are shipped",
		"فقط سفارش کالای فیزیکی ارسال و تحویل می‌شود.")
	// ErrNoteInvalid: a note to the buyer is empty or too long.
	ErrNoteInvalid = apperr.New(apperr.Invalid, "checkout: the note is empty or too long",
		"متن یادداشت خالی است یا از ۵۰۰ نویسه بیشتر است.")
)

// MaxNoteRunes bounds a seller's note: it goes to the buyer as an SMS as well.
const MaxNoteRunes = 500

// maxBarcodeRunes bounds a hand-typed barcode or tracking text.
const maxBarcodeRunes = 60

// CanSellerCancel reports whether the cancel button is offered: the state machine allows it (Frotel is still
// asked before it is done).
func (o *Order) CanSellerCancel() bool { return CanMove(o.State, StateCancelled) }

// CanMarkShipped and CanMarkDelivered say whether the seller may mark a parcel so by hand.
func (o *Order) CanMarkShipped() bool {
	return o.Kind == catalog.Physical && o.FactorID != "" && CanMove(o.State, StateShipped)
}

func (o *Order) CanMarkDelivered() bool {
	return o.Kind == catalog.Physical && o.FactorID != "" && CanMove(o.State, StateDelivered)
}

// Cancel is the seller's cancel of an order. An order Frotel has is asked about first: one Frotel says has left
// (shipped, delivered, returned) is refused with ErrAlreadySent, and when Frotel cannot be asked nothing changes.
// A paid order's money is the seller's to return; the history and the result say so.
func (s *Service) Cancel(ctx context.Context, orderID int64, actor string) (*Order, error) {
	o, err := s.store.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	if !o.CanSellerCancel() {
		return o, ErrCannotCancel
	}
	evidence := map[string]any{"from": o.State}
	if o.FactorID != "" {
		t, err := s.fulfil.Track(detach(ctx), o.FactorID)
		if err != nil {
			return o, fmt.Errorf("checkout: cancel %s: ask Frotel: %w", o.Reference(), err)
		}
		evidence["frotel_status"], evidence["frotel_state"] = t.StatusLabel, t.State
		switch t.State {
		case ShipmentShipped, ShipmentDelivered, ShipmentCollected, ShipmentReturned:
			return o, fmt.Errorf("%w (%s)", ErrAlreadySent, t.StatusLabel)
		}
	}
	paid := false
	if err := s.save(ctx, o, func(o *Order) (bool, error) {
		if !o.CanSellerCancel() {
			return false, ErrCannotCancel
		}
		paid = o.State == StatePaid
		o.Problem = "فروشنده این سفارش را لغو کرد."
		if paid {
			o.Problem += " مبلغ پرداخت‌شده را فروشنده به شما برمی‌گرداند."
		}
		return true, o.moveTo(StateCancelled)
	}); err != nil {
		return o, err
	}
	msg := "فروشنده سفارش را لغو کرد."
	if o.FactorID != "" {
		msg += " فروتل پیش از لغو پرسیده شد و بسته ارسال نشده بود؛ سفارش را در پنل فروتل هم لغو کنید."
	}
	if paid {
		msg += " این سفارش پرداخت شده بود: بازگرداندن مبلغ با فروشنده است."
	}
	return o, s.note(ctx, o, eventSellerHand, actor, msg, evidence)
}

// MarkShipped is the seller's word that their own courier took the parcel; barcode is an optional barcode or
// tracking text for the buyer.
func (s *Service) MarkShipped(ctx context.Context, orderID int64, barcode, actor string) (*Order, error) {
	barcode = strings.TrimSpace(iran.NormalizeDigits(barcode))
	if utf8.RuneCountInString(barcode) > maxBarcodeRunes {
		return nil, apperr.New(apperr.Invalid, "checkout: barcode too long", "بارکد یا کد رهگیری از ۶۰ نویسه بیشتر است.")
	}
	o, err := s.markByHand(ctx, orderID, StateShipped, func(o *Order) {
		if barcode != "" {
			o.Barcode = barcode
		}
	})
	if err != nil {
		return o, err
	}
	msg := "فروشنده بسته را با پیک خودش ارسال‌شده علامت زد."
	if barcode != "" {
		msg += " بارکد/کد رهگیری: " + barcode
	}
	return o, s.note(ctx, o, eventSellerHand, actor, msg, map[string]string{"barcode": barcode})
}

// MarkDelivered is the seller's word that the parcel reached the buyer (for cash on delivery, the money too).
func (s *Service) MarkDelivered(ctx context.Context, orderID int64, actor string) (*Order, error) {
	o, err := s.markByHand(ctx, orderID, StateDelivered, func(*Order) {})
	if err != nil {
		return o, err
	}
	return o, s.note(ctx, o, eventSellerHand, actor, "فروشنده سفارش را تحویل‌شده علامت زد.", nil)
}

func (s *Service) markByHand(ctx context.Context, orderID int64, to State, change func(*Order)) (*Order, error) {
	o, err := s.store.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	if o.Kind != catalog.Physical {
		return o, ErrNotPhysical
	}
	err = s.save(ctx, o, func(o *Order) (bool, error) {
		if o.FactorID == "" || !CanMove(o.State, to) {
			return false, ErrCannotMark
		}
		change(o)
		o.Problem = ""
		return true, o.moveTo(to)
	})
	return o, err
}

// AddSellerNote records a note to the buyer (EventSellerNote): it is shown on the shopper's order page and the
// outbox sends it by SMS.
func (s *Service) AddSellerNote(ctx context.Context, orderID int64, text, actor string) (*Order, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" || utf8.RuneCountInString(text) > MaxNoteRunes || !utf8.ValidString(text) {
		return nil, ErrNoteInvalid
	}
	o, err := s.store.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	return o, s.note(ctx, o, EventSellerNote, actor, text, nil)
}

// SellerNote is one note to the buyer as the shopper's order page shows it.
type SellerNote = OrderEvent

// SellerNotes lists an order's notes to the buyer, oldest first.
func (s *Service) SellerNotes(ctx context.Context, orderID int64) ([]SellerNote, error) {
	es, err := s.store.OrderEvents(ctx, orderID)
	if err != nil {
		return nil, fmt.Errorf("checkout: notes: %w", err)
	}
	var out []SellerNote
	for _, e := range es {
		if e.Kind == EventSellerNote {
			out = append(out, e)
		}
	}
	return out, nil
}
