package checkout_test

import (
	"context"
	"errors"
	"testing"

	"shop/internal/checkout"
	"shop/internal/sandbox"
)

func TestQuoteFallbackPrices(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{settings: checkout.Settings{
		SendMethods:    []checkout.SendMethod{checkout.Pishtaz, checkout.Sefareshi},
		FallbackPrices: map[checkout.SendMethod]int64{checkout.Pishtaz: 700_000},
	}})
	ctx := context.Background()
	c := basket(t, "saffron-1m", 1)
	if q, err := e.svc.Quote(ctx, c, 1); err != nil || q.Fallback {
		t.Fatalf("healthy Frotel: fallback=%v, %v; want Frotel's own prices", q.Fallback, err)
	}
	for m := 1; m <= 3; m++ {
		e.sb.SetFault(m, sandbox.Fault{Status500: true})
	}
	q, err := e.svc.Quote(ctx, basket(t, "saffron-1m", 2), 1)
	if err != nil || !q.Fallback {
		t.Fatalf("Quote = %+v, %v; want the fallback prices, marked", q, err)
	}
	want := []checkout.ShippingOption{
		{Send: checkout.Pishtaz, Payment: checkout.Online, Cost: 700_000},
		{Send: checkout.Pishtaz, Payment: checkout.CashOnDelivery, Cost: 700_000},
	}
	if len(q.Options) != len(want) || q.Options[0] != want[0] || q.Options[1] != want[1] {
		t.Fatalf("options = %+v, want %+v (a method without a fallback price is not offered)", q.Options, want)
	}
	p, err := e.svc.Place(ctx, checkout.PlaceRequest{Cart: basket(t, "saffron-1m", 2), Buyer: tehranBuyer(),
		Send: checkout.Pishtaz, Payment: checkout.Online})
	if err != nil && len(p.Orders) == 0 {
		t.Fatal(err)
	}
	o, err := e.svc.Order(ctx, p.Orders[0].Token)
	if err != nil || !o.ShippingEstimated || o.Shipping != 700_000 {
		t.Fatalf("stored order: estimated=%v shipping=%d, %v; want the fallback price, marked as an estimate", o.ShippingEstimated, o.Shipping, err)
	}

	// Without fallback prices a failed quote is still a failure.
	e.svc.UpdateSettings(checkout.Settings{SendMethods: []checkout.SendMethod{checkout.Pishtaz}})
	if _, err := e.svc.Quote(ctx, basket(t, "saffron-1m", 3), 1); !errors.Is(err, checkout.ErrQuoteFailed) {
		t.Fatalf("no fallback prices: %v, want ErrQuoteFailed", err)
	}
}

func TestUpdateSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})
	ctx := context.Background()
	c := basket(t, "saffron-1m", 1)
	if q, err := e.svc.Quote(ctx, c, 1); err != nil || q.Free {
		t.Fatalf("before: free=%v, %v", q.Free, err)
	}
	e.svc.UpdateSettings(checkout.Settings{SendMethods: []checkout.SendMethod{checkout.Sefareshi}, FreeShippingAbove: 1_000_000,
		CourierFee: 500_000, CourierCities: []int{1}, PublicURL: "https://elsewhere.example"})
	q, err := e.svc.Quote(ctx, c, 1)
	if err != nil || !q.Free {
		t.Fatalf("after a lower threshold: free=%v, %v", q.Free, err)
	}
	if got := q.SendMethods(); len(got) != 2 || got[0] != checkout.Sefareshi || got[1] != checkout.Courier {
		t.Fatalf("send methods = %v, want sefareshi and the courier", got)
	}
	if s := e.svc.Settings(); s.PublicURL != shopURL || s.QuoteTTL <= 0 {
		t.Fatalf("UpdateSettings changed what the service was built with: %+v", s)
	}
	e.svc.UpdateSettings(checkout.Settings{})
	if s := e.svc.Settings(); len(s.SendMethods) == 0 {
		t.Fatal("no send methods after an empty update; want the defaults")
	}
}
