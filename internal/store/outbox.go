package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"shop/internal/checkout"
	"shop/internal/notify"
)

// outboxRow is the outbox table: one message to send (schema and its reasons in migrations/00100_outbox.sql).
type outboxRow struct {
	ID          int64 `gorm:"primaryKey"`
	Channel     string
	Event       string
	OrderID     *int64
	Receptor    string
	Subject     string
	Body        string
	Code        string
	Priority    int
	State       string
	Attempts    int
	NextAt      time.Time
	LeaseUntil  *time.Time
	LeaseHolder string
	LastError   string
	Dedupe      *string
	CreatedAt   time.Time
	SentAt      *time.Time
	ExpiresAt   *time.Time
}

func (outboxRow) TableName() string { return "outbox" }

var _ notify.Outbox = (*Store)(nil)

// codePriority puts one-time codes ahead of every other message.
const codePriority = 100

// The outbox's followers: an order's move, a write of an order (a payment left unconfirmed) and a seller's note
// queue their messages in the transaction that makes them true.
func init() {
	orderMoveFollowers = append(orderMoveFollowers, func(s *Store, tx *gormDB, o *checkout.Order, from checkout.State) error {
		if len(notify.MoveEvents(from, o.State)) == 0 {
			return nil
		}
		return s.queueMessages(tx, func(p notify.Plan) []notify.Message { return p.Move(o, from) })
	})
	orderWriteFollowers = append(orderWriteFollowers, func(s *Store, tx *gormDB, o *checkout.Order) error {
		if !o.PaymentUnconfirmed || o.State != checkout.StateAwaitingPayment {
			return nil
		}
		return s.queueMessages(tx, func(p notify.Plan) []notify.Message { return p.Unconfirmed(o) })
	})
	orderEventFollowers = append(orderEventFollowers, func(s *Store, tx *gormDB, e checkout.OrderEvent) error {
		if e.Kind != checkout.EventSellerNote || !s.notify.On() {
			return nil
		}
		var row orderRow
		if err := tx.Where("id = ?", e.OrderID).Take(&row).Error; err != nil {
			return fmt.Errorf("outbox: order of note: %w", err)
		}
		o, err := row.order()
		if err != nil {
			return err
		}
		return s.queueMessages(tx, func(p notify.Plan) []notify.Message { return p.Note(o, e.ID, e.Message) })
	})
}

// EnqueueLowStock queues the seller's low-stock message inside the caller's transaction (the stock move that
// left `left` of the product): written with it, or not at all.
func (s *Store) EnqueueLowStock(tx *gormDB, productCode, name string, left int64) error {
	return s.queueMessages(tx, func(p notify.Plan) []notify.Message { return p.LowStock(productCode, name, left) })
}

// queueMessages writes the messages plan makes from the seller's settings as this transaction sees them.
func (s *Store) queueMessages(tx *gormDB, plan func(notify.Plan) []notify.Message) error {
	if !s.notify.On() {
		return nil
	}
	var settings []settingRow
	if err := tx.Where("key LIKE ? OR key = ?", notify.KeyPrefix+"%", notify.KeyShopName).Find(&settings).Error; err != nil {
		return fmt.Errorf("outbox: read settings: %w", err)
	}
	values := make(map[string]string, len(settings))
	for _, r := range settings {
		values[r.Key] = r.Value
	}
	msgs := plan(notify.Plan{Config: s.notify, Values: values})
	if len(msgs) == 0 {
		return nil
	}
	now := dbTime(time.Now())
	rows := make([]outboxRow, len(msgs))
	for i, m := range msgs {
		rows[i] = outboxRow{Channel: string(m.Channel), Event: string(m.Event), Receptor: m.Receptor, Subject: m.Subject,
			Body: m.Body, Priority: m.Priority, State: notify.StatePending, NextAt: now, CreatedAt: now}
		if m.OrderID != 0 {
			rows[i].OrderID = &m.OrderID
		}
		if m.Dedupe != "" {
			rows[i].Dedupe = &m.Dedupe
		}
	}
	// A message already queued under the same dedupe key (a replayed move) is skipped, not an error.
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
		return fmt.Errorf("outbox: queue messages: %w", err)
	}
	return nil
}

// EnqueueCode queues a one-time code to mobile, ahead of every other message, valid until expires.
func (s *Store) EnqueueCode(ctx context.Context, mobile, code string, now, expires time.Time) error {
	now, exp := dbTime(now), dbTime(expires)
	row := outboxRow{Channel: string(notify.SMS), Event: string(notify.Code), Receptor: mobile, Code: code,
		Priority: codePriority, State: notify.StatePending, NextAt: now, CreatedAt: now, ExpiresAt: &exp}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("store: queue code: %w", err) // the row's values are never in the error
	}
	return nil
}

// DueMessages lists pending messages due at now whose lease is free, most urgent first.
func (s *Store) DueMessages(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	now = dbTime(now)
	var ids []int64
	// A list to try, read beside the writer; the claim that follows is what decides.
	err := s.read.WithContext(ctx).Model(&outboxRow{}).
		Where("state = ? AND next_at <= ? AND (lease_until IS NULL OR lease_until < ?)", notify.StatePending, now, now).
		Order("priority DESC, id").Limit(limit).Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: due messages: %w", err)
	}
	return ids, nil
}

// ClaimMessage takes a pending, due, unleased message for holder until `until`: one UPDATE decides, so of two
// instances racing for a row exactly one gets it. The claim counts as an attempt, so a message whose sender
// keeps crashing still runs out of tries.
func (s *Store) ClaimMessage(ctx context.Context, id int64, holder string, now, until time.Time) (notify.Queued, bool, error) {
	now, until = dbTime(now), dbTime(until)
	res := s.db.WithContext(ctx).Model(&outboxRow{}).
		Where("id = ? AND state = ? AND next_at <= ? AND (lease_until IS NULL OR lease_until < ?)", id, notify.StatePending, now, now).
		Updates(map[string]any{"lease_until": until, "lease_holder": holder, "attempts": gorm.Expr("attempts + 1")})
	if res.Error != nil {
		return notify.Queued{}, false, fmt.Errorf("store: claim message %d: %w", id, res.Error)
	}
	if res.RowsAffected != 1 {
		return notify.Queued{}, false, nil
	}
	var row outboxRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return notify.Queued{}, false, fmt.Errorf("store: claimed message %d: %w", id, err)
	}
	q := notify.Queued{ID: row.ID, Channel: notify.Channel(row.Channel), Event: notify.Event(row.Event),
		Receptor: row.Receptor, Subject: row.Subject, Body: row.Body, Code: row.Code, Attempts: row.Attempts}
	if row.OrderID != nil {
		q.OrderID = *row.OrderID
	}
	if row.ExpiresAt != nil {
		q.ExpiresAt = row.ExpiresAt.UTC()
	}
	return q, true, nil
}

// ErrLeaseLost is FinishMessage's answer when holder's claim expired and another sender took the row.
var ErrLeaseLost = errors.New("store: message lease lost")

// FinishMessage ends holder's claim of a message. A one-time code is wiped unless the row stays pending.
func (s *Store) FinishMessage(ctx context.Context, id int64, holder string, o notify.Outcome) error {
	at := dbTime(o.At)
	cols := map[string]any{"state": o.State, "lease_until": nil, "lease_holder": "", "last_error": truncateRunText(o.Error, 1000)}
	switch o.State {
	case notify.StatePending:
		cols["next_at"] = dbTime(o.NextAt)
	case notify.StateSent:
		cols["sent_at"] = at
		cols["code"] = ""
	default:
		cols["code"] = ""
	}
	res := s.db.WithContext(ctx).Model(&outboxRow{}).Where("id = ? AND lease_holder = ?", id, holder).Updates(cols)
	if res.Error != nil {
		return fmt.Errorf("store: finish message %d: %w", id, res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("store: finish message %d: %w", id, ErrLeaseLost)
	}
	return nil
}

func (r outboxRow) record() notify.Record {
	rec := notify.Record{ID: r.ID, Channel: notify.Channel(r.Channel), Event: notify.Event(r.Event), Receptor: r.Receptor,
		Body: r.Body, State: r.State, Attempts: r.Attempts, LastError: r.LastError, CreatedAt: r.CreatedAt.UTC(), NextAt: r.NextAt.UTC()}
	if r.OrderID != nil {
		rec.OrderID = *r.OrderID
	}
	if r.SentAt != nil {
		rec.SentAt = r.SentAt.UTC()
	}
	return rec
}

// OrderMessages lists an order's messages, oldest first, for its dashboard page.
func (s *Store) OrderMessages(ctx context.Context, orderID int64) ([]notify.Record, error) {
	var rows []outboxRow
	if err := s.read.WithContext(ctx).Where("order_id = ?", orderID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: messages of order %d: %w", orderID, err)
	}
	out := make([]notify.Record, len(rows))
	for i, r := range rows {
		out[i] = r.record()
	}
	return out, nil
}

// FailedMessages lists up to limit messages that failed for good since `since`, newest first, and how many
// there are in all (one-time codes are not listed: they are worthless minutes later).
func (s *Store) FailedMessages(ctx context.Context, since time.Time, limit int) ([]notify.Record, int64, error) {
	q := func() *gormDB {
		return s.read.WithContext(ctx).Model(&outboxRow{}).Where("state = ? AND created_at >= ? AND event <> ?",
			notify.StateFailed, dbTime(since), string(notify.Code))
	}
	var n int64
	if err := q().Count(&n).Error; err != nil {
		return nil, 0, fmt.Errorf("store: failed messages: %w", err)
	}
	var rows []outboxRow
	if err := q().Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("store: failed messages: %w", err)
	}
	out := make([]notify.Record, len(rows))
	for i, r := range rows {
		out[i] = r.record()
	}
	return out, n, nil
}

// PruneMessages deletes what no page needs any more: messages sent (or codes expired) before `before`, and
// one-time code rows of any state before codesBefore. Failed order messages stay for the order's page.
func (s *Store) PruneMessages(ctx context.Context, before, codesBefore time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("(state IN ? AND created_at < ?) OR (event = ? AND state <> ? AND created_at < ?)",
		[]string{notify.StateSent, notify.StateExpired}, dbTime(before), string(notify.Code), notify.StatePending, dbTime(codesBefore)).
		Delete(&outboxRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: prune messages: %w", res.Error)
	}
	return res.RowsAffected, nil
}
