package checkout_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"shop/internal/checkout"
	"shop/internal/geo"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// TestOrdersOfTheFirstReleaseAfterTheUpgrade opens a database made by the shop before migrations (the store's
// fixture, made by commit 533a554) and carries its orders on: shown, tracked, a failed payment paid again.
func TestOrdersOfTheFirstReleaseAfterTheUpgrade(t *testing.T) {
	t.Parallel()
	path := storetest.LegacyCopy(t)
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	f := newFake()
	svc, err := checkout.NewService(st, f, geo.Default(), checkout.Settings{PublicURL: shopURL}, time.Now, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	paid, err := svc.Order(ctx, "y3yixoglcphlswiha7yx2gm7yzpmvzga")
	if err != nil || !paid.Paid() || paid.Send != checkout.Pishtaz || paid.Payment != checkout.Online || len(paid.Items) != 2 {
		t.Fatalf("the paid order: %+v, %v", paid, err)
	}
	f.track = checkout.Tracking{FactorID: paid.FactorID, StatusLabel: "ارسال شده", State: checkout.ShipmentShipped}
	tr, err := svc.Track(ctx, paid.FactorID, paid.Buyer.Mobile)
	if err != nil || tr.Order.Token != paid.Token || tr.Tracking.State != checkout.ShipmentShipped {
		t.Errorf("tracking the paid order: %+v, %v", tr, err)
	}

	failed, err := svc.Order(ctx, "6ygkg55fwfnxjt3p4ytks6jhltwqfyxv")
	if err != nil || failed.State != checkout.StatePaymentFailed || !failed.CanRetry() {
		t.Fatalf("the failed order: %+v, %v", failed, err)
	}
	f.status = checkout.PaymentStatus{Label: "معلق", CanContinue: true, Remainder: failed.FactorTotal,
		Banks: []checkout.Bank{{ID: "1", Name: "ملت"}}}
	again, err := svc.Retry(ctx, failed.Token)
	if err != nil || again.State != checkout.StateAwaitingPayment || !again.Retrying || !again.CanPay() {
		t.Fatalf("retry: %+v, %v", again, err)
	}
	if _, err := svc.StartPayment(ctx, failed.Token, "1"); err != nil {
		t.Fatalf("pay: %v", err)
	}
	f.verify["777|new-ref"] = true
	done, err := svc.HandleCallback(ctx, failed.Token, checkout.CallbackRequest{PaymentID: "777", Ref: "new-ref"})
	if err != nil || !done.Paid() || done.TrackingCode == "" {
		t.Errorf("paid after the upgrade: %+v, %v", done, err)
	}
}
