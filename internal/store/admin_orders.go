package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/iran"
)

var (
	_ admin.OrderStore    = (*Store)(nil)
	_ checkout.OpenOrders = (*Store)(nil)
)

// filtered applies the dashboard's order filter to a query on the orders table.
func filtered(q *gormDB, f admin.OrderFilter) *gormDB {
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		q = q.Where("state IN ?", states)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", string(f.Kind))
	}
	if f.Payment != "" {
		q = q.Where("payment = ?", codeOf(paymentCodes, f.Payment))
	}
	if !f.From.IsZero() {
		q = q.Where("created_at >= ?", dbTime(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("created_at < ?", dbTime(f.To))
	}
	if text := strings.TrimSpace(f.Query); text != "" {
		q = q.Where(searchClause(q, text))
	}
	return q
}

// searchClause matches the search box against the reference (SH-…), the factor, the mobile and the buyer's
// name. LIKE's own wildcards in what was typed are escaped, so "%" finds a percent sign, not every order.
func searchClause(db *gormDB, text string) *gormDB {
	fresh := db.Session(&gorm.Session{NewDB: true}) // a group of conditions, not another copy of the query
	if id, ok := admin.ReferenceID(text); ok {
		return fresh.Where("id = ?", id)
	}
	like := "%" + escapeLike(text) + "%"
	// Names are stored as typed, and Arabic keyboards type ي and ك: both sides are compared with Persian letters.
	name := "%" + escapeLike(persianLetters.Replace(text)) + "%"
	cond := fresh.
		Where("factor_id LIKE ? ESCAPE '\\'", like).
		Or(foldLetters("first_name")+" LIKE ? ESCAPE '\\'", name).
		Or(foldLetters("last_name")+" LIKE ? ESCAPE '\\'", name).
		Or(foldLetters("first_name || ' ' || last_name")+" LIKE ? ESCAPE '\\'", name)
	digits := onlyDigits(text)
	if grouped := onlyDigits(strings.NewReplacer("-", "", " ", "").Replace(text)); len(grouped) >= 4 && grouped != text {
		// A factor copied as the shop shows it, grouped ("۲۲-…"), or typed with spaces.
		cond = cond.Or("factor_id LIKE ?", "%"+grouped+"%")
	}
	if m, err := iran.NormalizeMobile(text); err == nil {
		cond = cond.Or("mobile = ?", m)
	} else if len(digits) >= 4 {
		cond = cond.Or("mobile LIKE ?", "%"+digits+"%")
	}
	return cond
}

// persianLetters turns the Arabic letters a Persian name is often typed with into the Persian ones, as the shop's
// own product search does (catalog.Fold).
var persianLetters = strings.NewReplacer("ي", "ی", "ى", "ی", "ك", "ک")

// foldLetters is expr with the same letters replaced in SQL (REPLACE is the same on SQLite and PostgreSQL).
func foldLetters(expr string) string {
	return "REPLACE(REPLACE(REPLACE(" + expr + ", 'ي', 'ی'), 'ى', 'ی'), 'ك', 'ک')"
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func onlyDigits(s string) string {
	for _, r := range s {
		if r < '0' || r > '9' {
			return ""
		}
	}
	return s
}

func ordersOf(rows []orderRow) ([]*checkout.Order, error) {
	out := make([]*checkout.Order, 0, len(rows))
	for _, r := range rows {
		o, err := r.order()
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// OrderByID returns the order with its items.
func (s *Store) OrderByID(ctx context.Context, id int64) (*checkout.Order, error) {
	return s.orderWhere(ctx, "order by id", "id = ?", id)
}

// OpenOrders returns the registered orders in one of states created at or after since, oldest first.
func (s *Store) OpenOrders(ctx context.Context, states []checkout.State, since time.Time) ([]*checkout.Order, error) {
	names := make([]string, len(states))
	for i, st := range states {
		names[i] = string(st)
	}
	var rows []orderRow
	err := s.read.WithContext(ctx).Where("state IN ? AND factor_id <> '' AND created_at >= ?", names, dbTime(since)).
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: open orders: %w", err)
	}
	orders, err := ordersOf(rows)
	if err != nil {
		return nil, fmt.Errorf("store: open orders: %w", err)
	}
	return orders, nil
}

// VerificationCounts counts checkPay answers since a time: the verified ones and every finished one.
func (s *Store) VerificationCounts(ctx context.Context, since time.Time) (verified, total int, err error) {
	var rows []struct {
		Verified bool
		N        int
	}
	err = s.read.WithContext(ctx).Model(&paymentVerificationRow{}).Select("verified, COUNT(*) AS n").
		Where("status = ? AND checked_at >= ?", string(checkout.VerificationDone), dbTime(since)).
		Group("verified").Scan(&rows).Error
	if err != nil {
		return 0, 0, fmt.Errorf("store: verification counts: %w", err)
	}
	for _, r := range rows {
		total += r.N
		if r.Verified {
			verified += r.N
		}
	}
	return verified, total, nil
}
