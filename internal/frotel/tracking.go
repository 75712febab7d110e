package frotel

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// TrackingRequest names the order to track.
type TrackingRequest struct {
	FactorID string
}

// OrderTracking is tracking's answer. The seller block is left out: it is
// only filled once shipped and the shop has its own seller details.
type OrderTracking struct {
	Customer string
	Order    TrackedOrder
	Payment  TrackingPayment
}

// TrackedOrder is the order part of a tracking answer. Dates are Frotel's
// Jalali strings as given ("1394/05/03 - 10:57").
type TrackedOrder struct {
	FactorID    string
	Barcode     string     // postal barcode once shipped
	StatusLabel string     // verbatim Persian label
	State       OrderState // StatusLabel mapped; StateUnknown for new labels
	Date        string
	ChangeDate  string
	Price       int64
	Payment     PaymentWay // zero if Frotel sent a code we do not know
	Description string
	Type        string // order type code, verbatim
}

// TrackingPayment is set when an online payment failed: PayLink lets the
// shopper continue on Frotel's own page.
type TrackingPayment struct {
	Message string
	PayLink string
}

// Tracking fetches an order's state (order/tracking.json). Read-only.
func (c *Client) Tracking(ctx context.Context, req TrackingRequest) (OrderTracking, error) {
	if strings.TrimSpace(req.FactorID) == "" {
		return OrderTracking{}, fmt.Errorf("frotel: tracking: %w", invalid("factor is required"))
	}
	params := &form{}
	params.set("factor", req.FactorID)
	var out OrderTracking
	err := c.do(ctx, call{
		op: "tracking", path: "order/tracking.json", params: params, retry: retryAlways,
		decode: func(raw json.RawMessage) (err error) { out, err = decodeTracking(raw); return err },
	})
	return out, err
}

func decodeTracking(raw json.RawMessage) (OrderTracking, error) {
	var w struct {
		Customer json.RawMessage `json:"customer"`
		Order    flexObject[struct {
			Factor     flexString      `json:"factor"`
			Barcode    flexString      `json:"barcode"`
			Status     flexString      `json:"status"`
			Date       flexString      `json:"date"`
			ChangeDate flexString      `json:"change_date"`
			Price      flexInt         `json:"price"`
			BuyType    *flexInt        `json:"buy_type"`
			Desc       json.RawMessage `json:"desc"`
			Type       flexString      `json:"type"`
		}] `json:"order"`
		Payment flexObject[struct {
			Message json.RawMessage `json:"message"`
			PayLink flexString      `json:"pay_link"`
		}] `json:"payment"`
	}
	if isEmptyJSON(raw) {
		return OrderTracking{}, fmt.Errorf("%w: empty tracking result", ErrBadResponse)
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return OrderTracking{}, fmt.Errorf("%w: tracking: %v", ErrBadResponse, err)
	}
	o := w.Order.V
	out := OrderTracking{
		Customer: looseText(w.Customer),
		Order: TrackedOrder{
			FactorID: string(o.Factor), Barcode: string(o.Barcode),
			StatusLabel: strings.TrimSpace(string(o.Status)), State: ParseOrderStatus(string(o.Status)),
			Date: string(o.Date), ChangeDate: string(o.ChangeDate), Price: int64(o.Price),
			Description: looseText(o.Desc), Type: string(o.Type),
		},
		Payment: TrackingPayment{Message: looseText(w.Payment.V.Message), PayLink: string(w.Payment.V.PayLink)},
	}
	// A missing buy_type must not read as 0 = cash on delivery.
	if o.BuyType != nil {
		out.Order.Payment = paymentWayFromTrackingCode(int64(*o.BuyType))
	}
	return out, nil
}

// CouponRequest asks whether a Frotel coupon code is usable.
type CouponRequest struct {
	Code string
}

// CouponCheck is checkCoupon's answer. The spec names the fields but not
// their meaning, so Efficacy is kept verbatim for the admin to read.
type CouponCheck struct {
	Efficacy string
	Code     string
}

// CheckCoupon checks a coupon before it goes into RegisterOrder
// (order/checkCoupon.json). Read-only. The field is code, as the official PHP helper sends it (the spec is silent
// and registerOrder's own field is coupon).
func (c *Client) CheckCoupon(ctx context.Context, req CouponRequest) (CouponCheck, error) {
	if strings.TrimSpace(req.Code) == "" {
		return CouponCheck{}, fmt.Errorf("frotel: check coupon: %w", invalid("coupon code is required"))
	}
	params := &form{}
	params.set("code", req.Code)
	var out CouponCheck
	err := c.do(ctx, call{
		op: "check coupon", path: "order/checkCoupon.json", params: params, retry: retryAlways,
		decode: func(raw json.RawMessage) (err error) { out, err = decodeCoupon(raw); return err },
	})
	return out, err
}

func decodeCoupon(raw json.RawMessage) (CouponCheck, error) {
	if isEmptyJSON(raw) {
		return CouponCheck{}, nil
	}
	var w struct {
		Efficacy json.RawMessage `json:"efficacy"`
		Code     flexString      `json:"code"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return CouponCheck{}, fmt.Errorf("%w: check coupon: %v", ErrBadResponse, err)
	}
	return CouponCheck{Efficacy: looseText(w.Efficacy), Code: string(w.Code)}, nil
}
