package frotel

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

// PriceRequest asks for shipping quotes for one basket.
type PriceRequest struct {
	BasketTotal int64 // rials
	WeightGrams int64
	CityID      int
	SendMethods []SendMethod // only those getPrices knows: Pishtaz, Sefareshi, Matbuat, Peyk
	PaymentWays []PaymentWay
}

// Quote is the cost of one send method with one payment way, in rials.
type Quote struct {
	Post          int64
	Tax           int64
	FrotelService int64
	Packing       int64 // only some answers carry it
}

// Total is what the shopper is shown: the spec insists on the sum.
func (q Quote) Total() int64 { return q.Post + q.Tax + q.FrotelService + q.Packing }

// ShippingOption is one quoted combination.
type ShippingOption struct {
	Send    SendMethod
	Payment PaymentWay
	Quote   Quote
}

// Prices are the options Frotel quoted, ordered by payment way then send
// method. Combinations Frotel left out are simply absent.
type Prices struct {
	Options []ShippingOption
}

// Find returns the quote for one combination.
func (p Prices) Find(send SendMethod, pay PaymentWay) (Quote, bool) {
	for _, o := range p.Options {
		if o.Send == send && o.Payment == pay {
			return o.Quote, true
		}
	}
	return Quote{}, false
}

// GetPrices quotes shipping (order/getPrices.json). It is read-only, so it
// fails over freely.
func (c *Client) GetPrices(ctx context.Context, req PriceRequest) (Prices, error) {
	params, err := req.form()
	if err != nil {
		return Prices{}, fmt.Errorf("frotel: get prices: %w", err)
	}
	var out Prices
	err = c.do(ctx, call{
		op: "get prices", path: "order/getPrices.json", params: params, retry: retryAlways,
		decode: func(raw json.RawMessage) (err error) { out, err = decodePrices(raw); return err },
	})
	return out, err
}

func (r PriceRequest) form() (*form, error) {
	if len(r.SendMethods) == 0 || len(r.PaymentWays) == 0 {
		return nil, invalid("at least one send method and one payment way are required")
	}
	if r.BasketTotal < 0 || r.WeightGrams < 0 || r.CityID <= 0 {
		return nil, invalid("price %d, weight %d, city %d", r.BasketTotal, r.WeightGrams, r.CityID)
	}
	sends := make([]int, 0, len(r.SendMethods))
	for _, m := range r.SendMethods {
		code, err := m.priceCode()
		if err != nil {
			return nil, err
		}
		sends = append(sends, code)
	}
	buys := make([]int, 0, len(r.PaymentWays))
	for _, w := range r.PaymentWays {
		code, err := w.code()
		if err != nil {
			return nil, err
		}
		buys = append(buys, code)
	}
	f := &form{}
	f.setInt("price", r.BasketTotal)
	f.setInt("weight", r.WeightGrams)
	f.setInt("des_city", int64(r.CityID))
	f.setInts("send_type", sends)
	f.setInts("buy_type", buys)
	return f, nil
}

type wireQuote struct {
	Post          flexInt `json:"post"`
	Tax           flexInt `json:"tax"`
	FrotelService flexInt `json:"frotel_service"`
	Packing       flexInt `json:"packing"`
}

// decodePrices reads {"naghdi": {"1": {...}}, "posti": {...}}. Unknown
// payment keys and send codes are skipped: we cannot show what we cannot
// name, and they do not invalidate the rest.
func decodePrices(raw json.RawMessage) (Prices, error) {
	// Only the keys we know are read as quotes: a live service adds fields of its own at either level.
	var byPay flexMap[json.RawMessage]
	if err := json.Unmarshal(orNull(raw), &byPay); err != nil {
		return Prices{}, fmt.Errorf("%w: prices: %v", ErrBadResponse, err)
	}
	var out Prices
	for payKey, rawSends := range byPay {
		pay, ok := paymentWayFromPriceKey(payKey)
		if !ok {
			continue
		}
		var bySend flexMap[json.RawMessage]
		if err := json.Unmarshal(rawSends, &bySend); err != nil {
			return Prices{}, fmt.Errorf("%w: prices %s: %v", ErrBadResponse, payKey, err)
		}
		for code, rawQuote := range bySend {
			send, ok := sendMethodFromPriceCode(code)
			if !ok {
				continue
			}
			var q wireQuote
			if err := json.Unmarshal(rawQuote, &q); err != nil {
				return Prices{}, fmt.Errorf("%w: prices %s/%s: %v", ErrBadResponse, payKey, code, err)
			}
			out.Options = append(out.Options, ShippingOption{Send: send, Payment: pay, Quote: Quote{
				Post: int64(q.Post), Tax: int64(q.Tax), FrotelService: int64(q.FrotelService), Packing: int64(q.Packing),
			}})
		}
	}
	sort.Slice(out.Options, func(i, j int) bool {
		a, b := out.Options[i], out.Options[j]
		if a.Payment != b.Payment {
			return a.Payment < b.Payment
		}
		return a.Send < b.Send
	})
	return out, nil
}

// orNull turns an absent result into null so the flex types see "empty".
func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}
