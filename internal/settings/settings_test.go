package settings_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"shop/internal/checkout"
	"shop/internal/settings"
	"shop/internal/store"
)

func defaults() settings.Shop {
	return settings.Shop{Name: "فروشگاه ترنج", Checkout: checkout.Settings{
		SendMethods: []checkout.SendMethod{checkout.Pishtaz, checkout.Sefareshi}, FreeShippingAbove: 50_000_000}}
}

func TestSettingsStoredOverDefaults(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })

	var applied []settings.Shop
	svc := settings.New(st, defaults(), func(s settings.Shop) { applied = append(applied, s) })
	if err := svc.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if got := svc.Current(); !reflect.DeepEqual(got.Checkout.SendMethods, defaults().Checkout.SendMethods) || got.Name != defaults().Name {
		t.Fatalf("nothing stored: %+v, want the defaults", got)
	}
	want := settings.Shop{Name: "گلاب‌سرا", Contact: "۰۲۱-۸۸۰۰۰۰۰۰، شنبه تا چهارشنبه", Checkout: checkout.Settings{
		SendMethods: []checkout.SendMethod{checkout.Sefareshi}, FreeShippingAbove: 0, CourierFee: 600_000,
		CourierCities: []int{1, 71}, FallbackPrices: map[checkout.SendMethod]int64{checkout.Sefareshi: 450_000}}}
	if err := svc.Save(ctx, want); err != nil {
		t.Fatal(err)
	}
	// A new process reads them back, the defaults notwithstanding.
	again := settings.New(st, defaults(), nil)
	if err := again.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if got := again.Current(); !reflect.DeepEqual(got, want) {
		t.Fatalf("loaded %+v\nwant %+v", got, want)
	}
	if len(applied) != 2 || !reflect.DeepEqual(applied[1], want) {
		t.Fatalf("apply calls = %d; want one after Load and one after Save", len(applied))
	}

	bad := want
	bad.Name = " "
	if err := svc.Save(ctx, bad); err == nil {
		t.Fatal("an empty name saved")
	}
	bad = want
	bad.Checkout.CourierCities = nil
	if err := svc.Save(ctx, bad); err == nil {
		t.Fatal("a courier fee without cities saved")
	}
	if got := svc.Current(); !reflect.DeepEqual(got, want) {
		t.Fatal("a refused save changed the settings in use")
	}
}
