package dashboard

import (
	"context"
	"time"

	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/notify"
	views "shop/web/templates/admin"
)

// orderMessages are an order's messages for its page: what was sent, what waits for another try, what failed.
func (d *Dashboard) orderMessages(ctx context.Context, orderID int64) ([]views.AdminMessage, error) {
	if d.deps.Messages == nil {
		return nil, nil
	}
	recs, err := d.deps.Messages.OrderMessages(ctx, orderID)
	if err != nil {
		return nil, err
	}
	out := make([]views.AdminMessage, len(recs))
	for i, r := range recs {
		out[i] = messageView(r)
	}
	return out, nil
}

// failedMessages are the overview's: how many messages of the last week failed for good, and the latest five.
func (d *Dashboard) failedMessages(ctx context.Context, now time.Time) (int64, []views.AdminMessage, error) {
	if d.deps.Messages == nil {
		return 0, nil, nil
	}
	recs, n, err := d.deps.Messages.FailedMessages(ctx, now.AddDate(0, 0, -7), 5)
	if err != nil {
		return 0, nil, err
	}
	out := make([]views.AdminMessage, len(recs))
	for i, r := range recs {
		out[i] = messageView(r)
	}
	return n, out, nil
}

func messageView(r notify.Record) views.AdminMessage {
	m := views.AdminMessage{At: iran.FormatJalaliDateTime(r.CreatedAt), EventLabel: eventLabel(r.Event), To: r.Receptor,
		Body: r.Body, Attempts: r.Attempts, OrderID: r.OrderID, Channel: "پیامک"}
	if r.Channel == notify.Email {
		m.Channel = "ایمیل"
	}
	if r.OrderID != 0 {
		m.OrderRef = checkout.ReferenceOf(r.OrderID)
	}
	switch r.State {
	case notify.StateSent:
		m.StateLabel = "فرستاده شد، " + iran.FormatJalaliDateTime(r.SentAt)
	case notify.StatePending:
		m.Pending = true
		m.StateLabel = "در صف"
		if r.Attempts > 0 {
			m.StateLabel = "پس از " + iran.FormatNumber(int64(r.Attempts)) + " تلاش ناموفق، دوباره در " + iran.FormatJalaliDateTime(r.NextAt)
		}
		m.Error = r.LastError
	default:
		m.Failed = true
		m.StateLabel = "فرستاده نشد (" + iran.FormatNumber(int64(r.Attempts)) + " تلاش)"
		m.Error = r.LastError
	}
	return m
}

// eventLabel is an event's name as the seller reads it.
func eventLabel(e notify.Event) string {
	if i, ok := notify.Info(e); ok {
		return i.Label
	}
	if e == notify.Code {
		return "کد یک‌بارمصرف"
	}
	return string(e)
}
