package checkout

import (
	"context"
	"fmt"
	"slices"
	"time"

	"shop/internal/apperr"
	"shop/internal/cart"
	"shop/internal/catalog"
)

// ShippingOption is one way to ship and pay, with what it costs the shopper.
type ShippingOption struct {
	Send    SendMethod
	Payment PaymentWay
	Cost    int64 // post + tax + the service's fee (+ packing); 0 when free
}

// ShippingQuote is the table of options for one basket and destination.
type ShippingQuote struct {
	Free bool // the whole parcel ships free (seller threshold, or every item free)
	// Fallback: Frotel could not quote and the costs are the seller's fallback prices, an estimate.
	Fallback bool
	Options  []ShippingOption
}

// Find returns the option for a send method and payment way.
func (q ShippingQuote) Find(send SendMethod, pay PaymentWay) (ShippingOption, bool) {
	for _, o := range q.Options {
		if o.Send == send && o.Payment == pay {
			return o, true
		}
	}
	return ShippingOption{}, false
}

// SendMethods lists the send methods present in the quote, in order.
func (q ShippingQuote) SendMethods() []SendMethod {
	var out []SendMethod
	for _, o := range q.Options {
		if !slices.Contains(out, o.Send) {
			out = append(out, o.Send)
		}
	}
	return out
}

// ErrQuoteFailed means Frotel could not quote shipping; the shopper may retry. It wraps the upstream error.
var ErrQuoteFailed = apperr.New(apperr.Unavailable, "checkout: shipping quote failed", "محاسبه‌ی هزینه‌ی ارسال انجام نشد.")

// ErrUnknownCity: the destination is not one of the fulfilment service's cities.
var ErrUnknownCity = apperr.New(apperr.Invalid, "checkout: unknown city", "شهر را انتخاب کنید.")

type cachedQuote struct {
	prices  []Price
	err     error // Frotel could not quote: remembered for failedQuoteFor
	expires time.Time
}

// failedQuoteFor is how long a quote Frotel could not give is remembered: during an outage each try runs the
// whole mirror failover (a timeout per mirror), and a shopper pressing again, or placing right after the table
// failed, should not wait for it twice.
const failedQuoteFor = 10 * time.Second

func findPrice(prices []Price, send SendMethod, pay PaymentWay) (Price, bool) {
	for _, p := range prices {
		if p.Send == send && p.Payment == pay {
			return p, true
		}
	}
	return Price{}, false
}

// freeShipping reports whether the parcel of a basket ships free. The seller's threshold is measured on the
// goods in the parcel: files and services in the same basket are separate orders and do not make a parcel free.
func (s *Service) freeShipping(c cart.Cart) (wholeOrder, everyItem bool) {
	return freeShipping(s.Settings(), c)
}

func freeShipping(set Settings, c cart.Cart) (wholeOrder, everyItem bool) {
	t := c.OfKind(catalog.Physical).Totals()
	wholeOrder = set.FreeShippingAbove > 0 && t.Total >= set.FreeShippingAbove
	return wholeOrder, t.AllFreeShipping
}

// Quote prices shipping for the basket's physical goods to a city: every offered send method with both payment
// ways, plus the seller's own courier where it serves the city. It never invents a price: when Frotel cannot
// quote, it uses the seller's fallback prices when there are any (and says so in the quote), or returns
// ErrQuoteFailed.
func (s *Service) Quote(ctx context.Context, c cart.Cart, cityID int) (ShippingQuote, error) {
	return s.QuoteWithCoupon(ctx, c, cityID, Coupon{})
}

// QuoteWithCoupon is Quote for a basket whose goods a coupon makes cheaper: Frotel prices the parcel (its cash on
// delivery fee follows the amount) at the goods' total after the coupon, as it will register it.
func (s *Service) QuoteWithCoupon(ctx context.Context, c cart.Cart, cityID int, coupon Coupon) (ShippingQuote, error) {
	physical := c.OfKind(catalog.Physical)
	if physical.Empty() {
		return ShippingQuote{}, nil
	}
	if _, _, ok := s.geo.CityByID(cityID); !ok {
		return ShippingQuote{}, fmt.Errorf("%w: %d", ErrUnknownCity, cityID)
	}
	set := s.Settings() // one copy for the whole quote: the dashboard may change them meanwhile
	ways := PaymentWays()
	var q ShippingQuote
	var service int64 // Frotel's own fee, which it adds to the seller's courier fee too
	whole, every := freeShipping(set, c)
	q.Free = whole || every
	if q.Free {
		for _, m := range quotedMethods(set.SendMethods) {
			for _, w := range ways {
				q.Options = append(q.Options, ShippingOption{Send: m, Payment: w})
			}
		}
	} else {
		t := physical.Totals()
		t.Total -= coupon.DiscountOn(t.Total)
		quoted := quotedMethods(set.SendMethods)
		ask := quoted
		if len(ask) == 0 {
			// Only the seller's courier is offered: Frotel still adds its own fee to it, which only a quote tells.
			ask = []SendMethod{Pishtaz}
		}
		prices, err := s.prices(ctx, QuoteRequest{GoodsTotal: t.Total, WeightGrams: t.Weight, CityID: cityID,
			SendMethods: ask, PaymentWays: ways})
		switch {
		case err == nil:
			for _, w := range ways {
				for _, m := range ask {
					if p, ok := findPrice(prices, m, w); ok {
						if slices.Contains(quoted, m) {
							q.Options = append(q.Options, ShippingOption{Send: m, Payment: w, Cost: p.Total()})
						}
						service = p.Service
					}
				}
			}
		case apperr.CodeOf(err) != apperr.Invalid && len(fallbackQuote(set, ways).Options) > 0:
			// Frotel did not answer (a refusal of the parcel itself is not covered by an estimate).
			s.log.WarnContext(ctx, "checkout: quote failed; offering the seller's fallback prices", "city", cityID, "err", err)
			q = fallbackQuote(set, ways)
		default:
			return ShippingQuote{}, apperr.Wrap(apperr.Unavailable, "محاسبه‌ی هزینه‌ی ارسال انجام نشد: "+apperr.MessageOf(err),
				fmt.Errorf("%w: %w", ErrQuoteFailed, err))
		}
		if len(q.Options) == 0 && !courierServes(set, cityID) {
			return ShippingQuote{}, fmt.Errorf("%w: frotel offered no option for city %d", ErrQuoteFailed, cityID)
		}
	}
	if courierServes(set, cityID) {
		for _, w := range ways {
			cost := set.CourierFee + service
			if q.Free {
				cost = 0
			}
			q.Options = append(q.Options, ShippingOption{Send: Courier, Payment: w, Cost: cost})
		}
	}
	return q, nil
}

// quotedMethods are the offered send methods Frotel's getPrices can price. The seller's courier is priced by the
// seller's fee for its cities (below), and chabok has no getPrices code and no price of the seller's, so it is not
// offered (the dashboard says so): one method without a price must never hide the others.
func quotedMethods(offered []SendMethod) []SendMethod {
	var out []SendMethod
	for _, m := range offered {
		if m.QuotedByFulfilment() {
			out = append(out, m)
		}
	}
	return out
}

func courierServes(set Settings, cityID int) bool {
	return set.CourierFee > 0 && slices.Contains(set.CourierCities, cityID)
}

// fallbackQuote offers the seller's fallback price for every offered send method that has one (none, when no
// method has one).
func fallbackQuote(set Settings, ways []PaymentWay) ShippingQuote {
	q := ShippingQuote{Fallback: true}
	for _, w := range ways {
		for _, m := range set.SendMethods {
			if p, ok := set.FallbackPrices[m]; ok && p > 0 && m.QuotedByFulfilment() {
				q.Options = append(q.Options, ShippingOption{Send: m, Payment: w, Cost: p})
			}
		}
	}
	return q
}

// prices calls getPrices, reusing an answer for the same inputs for QuoteTTL.
func (s *Service) prices(ctx context.Context, req QuoteRequest) ([]Price, error) {
	key := fmt.Sprintf("%d|%d|%d|%v|%v", req.GoodsTotal, req.WeightGrams, req.CityID, req.SendMethods, req.PaymentWays)
	now := s.now()
	s.quoteMu.Lock()
	if c, ok := s.quotes[key]; ok && now.Before(c.expires) {
		s.quoteMu.Unlock()
		return c.prices, c.err
	}
	s.quoteMu.Unlock()
	p, err := s.fulfil.Quote(ctx, req)
	if err != nil {
		if ctx.Err() == nil { // the shopper's own cancelled request says nothing of Frotel
			s.quoteMu.Lock()
			s.quotes[key] = cachedQuote{err: err, expires: now.Add(failedQuoteFor)}
			s.quoteMu.Unlock()
		}
		return nil, err
	}
	s.quoteMu.Lock()
	defer s.quoteMu.Unlock()
	for k, c := range s.quotes { // keep the cache small: drop what has expired
		if !now.Before(c.expires) {
			delete(s.quotes, k)
		}
	}
	s.quotes[key] = cachedQuote{prices: p, expires: now.Add(s.Settings().QuoteTTL)}
	return p, nil
}
