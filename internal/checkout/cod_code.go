package checkout

import (
	"context"

	"shop/internal/apperr"
)

// A cash-on-delivery order of a mobile the shop has not seen proven is saved in StateAwaitingCode and sent to
// Frotel only when the buyer types the one-time code sent to that mobile: the order is never lost (it is saved
// before any code is asked for) and never made twice at Frotel (the release is a compare-and-set from
// awaiting_code, and the register call itself is claimed once, as for every order).

// ErrNotAwaitingCode: the order is not waiting for a code (already confirmed, cancelled, or never needed one).
var ErrNotAwaitingCode = apperr.New(apperr.Conflict, "checkout: the order is not waiting for a code",
	"این سفارش منتظر کد تأیید نیست؛ وضعیت آن را در همین صفحه می‌بینید.")

// ReleaseConfirmed sends an order waiting for its mobile's code to Frotel: the caller has checked the code.
// Of two concurrent releases one sends and the other finds the order already moved (ErrNotAwaitingCode).
func (s *Service) ReleaseConfirmed(ctx context.Context, token string) (*Order, error) {
	o, err := s.Order(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := s.save(ctx, o, func(o *Order) (bool, error) {
		if o.State != StateAwaitingCode {
			return false, ErrNotAwaitingCode
		}
		o.Problem = ""
		return true, o.moveTo(StateRegistering)
	}); err != nil {
		return o, err
	}
	if err := s.note(ctx, o, eventConfirmed, "shopper", "خریدار موبایل "+o.Buyer.Mobile+" را با کد یک‌بارمصرف تأیید کرد؛ سفارش به فروتل فرستاده می‌شود.", nil); err != nil {
		return nil, err
	}
	if err := s.register(ctx, o); err != nil {
		return nil, err
	}
	return o, nil
}
