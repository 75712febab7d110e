package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"shop/internal/catalog"
	"shop/internal/checkout"
)

// Stock is reserved, taken and given back by an order's state moves, in the transaction of the move itself (a
// follower of order_moves.go), so whichever code moves an order (checkout, reconciliation, the dashboard, Frotel's
// tracking) the stock follows, and a crash can never keep one without the other:
//
//	created (from "")            reserve every counted line: a conditional UPDATE that never goes below zero;
//	                             cash on delivery is taken, online is held (order_stock.state)
//	paid (or shipped, delivered) a hold becomes taken; a hold that ran out is taken again if there is stock,
//	                             else the order is marked for a person (an order event), and the move goes on:
//	                             money is never refused
//	register_failed, cancelled,  given back, once: order_stock's state moves to released by a compare-and-set
//	returned
//
// ReleaseStockHolds (reconciliation) gives back online holds that ran out unpaid.

func init() { orderMoveFollowers = append(orderMoveFollowers, followStock) }

// orderStockRow is the order_stock table: what one order reserved and where that reservation stands.
type orderStockRow struct {
	OrderID   int64 `gorm:"primaryKey;autoIncrement:false"`
	State     string
	Lines     string // JSON []stockLine: what is held or taken now
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (orderStockRow) TableName() string { return "order_stock" }

// stockMoveRow is the stock_moves table: the history of every quantity.
type stockMoveRow struct {
	ID          int64 `gorm:"primaryKey"`
	ProductCode string
	Variant     string
	Delta       int64
	StockAfter  *int64
	Reason      string
	OrderID     *int64
	Actor       string
	At          time.Time
}

func (stockMoveRow) TableName() string { return "stock_moves" }

// stockLine is one counted line an order reserved.
type stockLine struct {
	Code    string `json:"code"`
	Variant string `json:"variant,omitempty"`
	Count   int64  `json:"count"`
	Name    string `json:"name,omitempty"`
}

// LowStock is a product whose quantity has just fallen to catalog.LowStockAt or below.
type LowStock struct {
	Code    string
	Variant string
	Name    string
	Left    int64
}

// lowStockFollowers hear, inside the transaction that took the stock, every product that has just crossed to
// catalog.LowStockAt or below (once per crossing, not on every order after it): the place to put a message to the
// seller in the outbox. Registered only from init funcs, like orderMoveFollowers.
var lowStockFollowers []func(s *Store, tx *gormDB, l LowStock) error

// StockVersion counts the committed changes of stock made by orders and reconciliation: the catalog snapshot
// (catalog.StockCounter) loads again when it moves, so the shop's pages show the current quantities.
func (s *Store) StockVersion() uint64 { return s.stockVersion.Load() }

// stockNote is carried in a write transaction's context: a follower that changed a quantity says so, and the
// writer bumps the stock version after the commit (bumped before, a snapshot could reload the old rows under it).
type stockNote struct{ changed bool }

type stockNoteKey struct{}

func withStockNote(ctx context.Context) (context.Context, *stockNote) {
	n := &stockNote{}
	return context.WithValue(ctx, stockNoteKey{}, n), n
}

func noteStockChanged(tx *gormDB) {
	if n, ok := tx.Statement.Context.Value(stockNoteKey{}).(*stockNote); ok {
		n.changed = true
	}
}

func (s *Store) afterStockWrite(n *stockNote) {
	if n.changed {
		s.stockVersion.Add(1)
	}
}

func followStock(s *Store, tx *gormDB, o *checkout.Order, from checkout.State) error {
	switch {
	case from == "":
		return s.reserveStock(tx, o)
	case o.Paid() && o.State != checkout.StateReturned:
		return s.takeStock(tx, o)
	case o.State == checkout.StateRegisterFailed:
		return s.giveBackStock(tx, o.ID, catalog.StockRegisterFailed, []string{checkout.StockHeld, checkout.StockTaken, checkout.StockShort})
	case o.State == checkout.StateCancelled:
		return s.giveBackStock(tx, o.ID, catalog.StockCancelled, []string{checkout.StockHeld, checkout.StockTaken, checkout.StockShort})
	case o.State == checkout.StateReturned:
		return s.giveBackStock(tx, o.ID, catalog.StockReturned, []string{checkout.StockHeld, checkout.StockTaken, checkout.StockShort})
	}
	return nil
}

// linesOf adds up an order's items per product (and variant): a basket may list one twice.
func linesOf(o *checkout.Order) []stockLine {
	var out []stockLine
	at := map[[2]string]int{}
	for _, it := range o.Items {
		k := [2]string{it.Code, it.Variant}
		if i, ok := at[k]; ok {
			out[i].Count += int64(it.Count)
			continue
		}
		at[k] = len(out)
		out = append(out, stockLine{Code: it.Code, Variant: it.Variant, Count: int64(it.Count), Name: it.Name})
	}
	return out
}

// reserveStock takes every counted line of a new order, or refuses the whole order (checkout.OutOfStock).
func (s *Store) reserveStock(tx *gormDB, o *checkout.Order) error {
	state, reason := checkout.StockTaken, catalog.StockOrderPlaced
	if o.PaysOnline() {
		state, reason = checkout.StockHeld, catalog.StockOrderHeld
	}
	var reserved []stockLine
	for _, l := range linesOf(o) {
		after, limited, err := s.takeUnits(tx, l)
		if err != nil {
			return err
		}
		if !limited {
			continue
		}
		if after == nil {
			left, err := s.unitsLeft(tx, l)
			if err != nil {
				return err
			}
			return checkout.OutOfStock(l.Name, left)
		}
		reserved = append(reserved, l)
		if err := s.recordStockMove(tx, l, -l.Count, after, reason, o.ID, ""); err != nil {
			return err
		}
	}
	if len(reserved) == 0 {
		return nil
	}
	return s.writeOrderStock(tx, o.ID, state, reserved, true)
}

// takeUnits takes l.Count of l's product (or variant) if that many are left, in one conditional UPDATE, so two
// checkouts can never both take the last one on either database: limited is false for an unlimited (or unknown)
// product; after is the quantity left, or nil when there were not enough.
func (s *Store) takeUnits(tx *gormDB, l stockLine) (after *int64, limited bool, err error) {
	table, where, args := stockTarget(l)
	var left []int64
	q := "UPDATE " + table + " SET stock = stock - ? WHERE " + where + " AND stock IS NOT NULL AND stock >= ? RETURNING stock"
	if err := tx.Raw(q, append(append([]any{l.Count}, args...), l.Count)...).Scan(&left).Error; err != nil {
		return nil, false, fmt.Errorf("take stock of %s: %w", l.Code, err)
	}
	if len(left) == 1 {
		noteStockChanged(tx)
		if err := s.noticeLow(tx, l, left[0]); err != nil {
			return nil, true, err
		}
		return &left[0], true, nil
	}
	stock, err := readStock(tx, l)
	if err != nil || stock == nil {
		return nil, false, err
	}
	return nil, true, nil
}

// readStock is the quantity of l's row (nil: unlimited, or no such row).
func readStock(tx *gormDB, l stockLine) (*int64, error) {
	table, where, args := stockTarget(l)
	var rows []struct{ Stock *int64 }
	if err := tx.Raw("SELECT stock FROM "+table+" WHERE "+where, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read stock of %s: %w", l.Code, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].Stock, nil
}

// stockTarget is the row that counts l: the variant's when it names one, else the product's.
func stockTarget(l stockLine) (table, where string, args []any) {
	if l.Variant != "" {
		return "product_variants", "product_code = ? AND code = ?", []any{l.Code, l.Variant}
	}
	return "products", "code = ?", []any{l.Code}
}

func (s *Store) unitsLeft(tx *gormDB, l stockLine) (int64, error) {
	stock, err := readStock(tx, l)
	if err != nil || stock == nil {
		return 0, err
	}
	return max(*stock, 0), nil
}

// putBackUnits adds n back to a counted row; an unlimited one stays unlimited (after is nil).
func (s *Store) putBackUnits(tx *gormDB, l stockLine) (*int64, error) {
	table, where, args := stockTarget(l)
	var left []int64
	q := "UPDATE " + table + " SET stock = stock + ? WHERE " + where + " AND stock IS NOT NULL RETURNING stock"
	if err := tx.Raw(q, append([]any{l.Count}, args...)...).Scan(&left).Error; err != nil {
		return nil, fmt.Errorf("give back stock of %s: %w", l.Code, err)
	}
	if len(left) == 0 {
		return nil, nil
	}
	noteStockChanged(tx)
	return &left[0], nil
}

// noticeLow tells the low-stock followers when this take crossed the threshold.
func (s *Store) noticeLow(tx *gormDB, l stockLine, left int64) error {
	if left > catalog.LowStockAt || left+l.Count <= catalog.LowStockAt {
		return nil
	}
	for _, f := range lowStockFollowers {
		if err := f(s, tx, LowStock{Code: l.Code, Variant: l.Variant, Name: l.Name, Left: left}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) recordStockMove(tx *gormDB, l stockLine, delta int64, after *int64, reason catalog.StockReason, orderID int64, actor string) error {
	row := stockMoveRow{ProductCode: l.Code, Variant: l.Variant, Delta: delta, StockAfter: after, Reason: string(reason),
		Actor: actor, At: dbTime(time.Now())}
	if orderID != 0 {
		row.OrderID = &orderID
	}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("record stock move of %s: %w", l.Code, err)
	}
	return nil
}

func (s *Store) writeOrderStock(tx *gormDB, orderID int64, state string, lines []stockLine, create bool) error {
	b, err := json.Marshal(lines)
	if err != nil {
		return err
	}
	now := dbTime(time.Now())
	if create {
		return tx.Create(&orderStockRow{OrderID: orderID, State: state, Lines: string(b), CreatedAt: now, UpdatedAt: now}).Error
	}
	return tx.Model(&orderStockRow{}).Where("order_id = ?", orderID).
		Updates(map[string]any{"state": state, "lines": string(b), "updated_at": now}).Error
}

func (s *Store) orderStock(tx *gormDB, orderID int64) (orderStockRow, []stockLine, bool, error) {
	var rows []orderStockRow
	if err := tx.Where("order_id = ?", orderID).Limit(1).Find(&rows).Error; err != nil {
		return orderStockRow{}, nil, false, err
	}
	if len(rows) == 0 {
		return orderStockRow{}, nil, false, nil
	}
	var lines []stockLine
	if err := json.Unmarshal([]byte(rows[0].Lines), &lines); err != nil {
		return orderStockRow{}, nil, false, fmt.Errorf("order %d stock lines: %w", orderID, err)
	}
	return rows[0], lines, true, nil
}

// casOrderStock moves an order's reservation from one of the states in from to `to`, and reports whether this
// caller made the move: of two writers racing (a payment and the hold's release), exactly one does.
func casOrderStock(tx *gormDB, orderID int64, from []string, to string) (bool, error) {
	res := tx.Model(&orderStockRow{}).Where("order_id = ? AND state IN ?", orderID, from).
		Updates(map[string]any{"state": to, "updated_at": dbTime(time.Now())})
	return res.RowsAffected == 1, res.Error
}

// takeStock makes a paid order's reservation its own: a hold becomes taken; a hold that ran out is taken again
// where there is stock, and what is not there is left to a person (the payment stands).
func (s *Store) takeStock(tx *gormDB, o *checkout.Order) error {
	row, lines, ok, err := s.orderStock(tx, o.ID)
	if err != nil || !ok {
		return err
	}
	switch row.State {
	case checkout.StockHeld:
		won, err := casOrderStock(tx, o.ID, []string{checkout.StockHeld}, checkout.StockTaken)
		if err != nil || !won {
			return err
		}
		for _, l := range lines {
			left, err := s.unitsLeft(tx, l)
			if err != nil {
				return err
			}
			if err := s.recordStockMove(tx, l, 0, &left, catalog.StockOrderPaid, o.ID, ""); err != nil {
				return err
			}
		}
		return nil
	case checkout.StockReleased:
		return s.retakeStock(tx, o, lines)
	}
	return nil
}

// retakeStock takes again the stock of an order paid after its hold was released.
func (s *Store) retakeStock(tx *gormDB, o *checkout.Order, lines []stockLine) error {
	won, err := casOrderStock(tx, o.ID, []string{checkout.StockReleased}, checkout.StockTaken)
	if err != nil || !won {
		return err
	}
	var taken, missing []stockLine
	for _, l := range lines {
		after, limited, err := s.takeUnits(tx, l)
		switch {
		case err != nil:
			return err
		case !limited:
			continue // the seller made it unlimited meanwhile
		case after == nil:
			missing = append(missing, l)
			continue
		}
		taken = append(taken, l)
		if err := s.recordStockMove(tx, l, -l.Count, after, catalog.StockOrderPaid, o.ID, ""); err != nil {
			return err
		}
	}
	if len(missing) == 0 {
		return s.writeOrderStock(tx, o.ID, checkout.StockTaken, taken, false)
	}
	if err := s.writeOrderStock(tx, o.ID, checkout.StockShort, taken, false); err != nil {
		return err
	}
	type missingLine struct {
		Code    string `json:"code"`
		Variant string `json:"variant,omitempty"`
		Name    string `json:"name"`
		Wanted  int64  `json:"wanted"`
		Left    int64  `json:"left"`
	}
	evidence := struct {
		Reference string        `json:"reference"`
		FactorID  string        `json:"factor_id"`
		Tracking  string        `json:"tracking_code,omitempty"`
		Missing   []missingLine `json:"missing"`
	}{Reference: o.Reference(), FactorID: o.FactorID, Tracking: o.TrackingCode}
	msg := "پرداخت این سفارش پس از پایان مهلت رزرو رسید و تأیید شد، ولی موجودی این کالاها دیگر نبود:"
	for i, l := range missing {
		left, err := s.unitsLeft(tx, l)
		if err != nil {
			return err
		}
		evidence.Missing = append(evidence.Missing, missingLine{Code: l.Code, Variant: l.Variant, Name: l.Name, Wanted: l.Count, Left: left})
		if i > 0 {
			msg += "،"
		}
		msg += " «" + l.Name + "»"
	}
	msg += ". یک نفر باید با خریدار تماس بگیرد: کالا را تهیه کند یا مبلغ را برگرداند."
	b, err := json.Marshal(evidence)
	if err != nil {
		return err
	}
	return s.addOrderEventIn(tx, checkout.OrderEvent{OrderID: o.ID, At: time.Now(), Kind: checkout.EventStockShort,
		Actor: "shop", Message: msg, Evidence: string(b)})
}

// addOrderEventIn appends an order event inside a transaction already open, with the event followers.
func (s *Store) addOrderEventIn(tx *gormDB, e checkout.OrderEvent) error {
	row := orderEventRow{OrderID: e.OrderID, At: dbTime(e.At), Kind: e.Kind, Actor: e.Actor, Message: e.Message, Evidence: e.Evidence}
	if err := tx.Create(&row).Error; err != nil {
		return err
	}
	e.ID = row.ID
	for _, f := range orderEventFollowers {
		if err := f(s, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// giveBackStock returns what an order holds or took, once: the compare-and-set on order_stock's state is what
// makes a second give-back (a cancel after a released hold, a return after a cancel) give nothing.
func (s *Store) giveBackStock(tx *gormDB, orderID int64, reason catalog.StockReason, from []string) error {
	_, lines, ok, err := s.orderStock(tx, orderID)
	if err != nil || !ok {
		return err
	}
	won, err := casOrderStock(tx, orderID, from, checkout.StockReleased)
	if err != nil || !won {
		return err
	}
	for _, l := range lines {
		after, err := s.putBackUnits(tx, l)
		if err != nil {
			return err
		}
		if err := s.recordStockMove(tx, l, l.Count, after, reason, orderID, ""); err != nil {
			return err
		}
	}
	return nil
}

// holdStates are the states of an online order that can still be paid: a hold on one that ran out is given back.
var holdStates = []string{string(checkout.StateAwaitingPayment), string(checkout.StatePaymentFailed), string(checkout.StateRegistered)}

// ReleaseStockHolds gives back the stock held by online orders placed before heldBefore and still unpaid, each
// in a transaction of its own, and reports how many orders it released. A payment that arrives later still counts
// (takeStock takes the stock again).
func (s *Store) ReleaseStockHolds(ctx context.Context, heldBefore time.Time) (int, error) {
	var ids []int64
	err := s.read.WithContext(ctx).Model(&orderStockRow{}).
		Joins("JOIN orders ON orders.id = order_stock.order_id").
		Where("order_stock.state = ? AND order_stock.created_at < ? AND orders.state IN ?", checkout.StockHeld, dbTime(heldBefore), holdStates).
		Order("order_stock.order_id").Limit(500).Pluck("order_stock.order_id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("store: expired stock holds: %w", err)
	}
	released := 0
	var errs []error
	for _, id := range ids {
		ctx, note := withStockNote(ctx)
		won := false
		err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
			tx = unprepared(tx)
			// The order's state is checked in the same statement: a payment committed since the list was read
			// has moved the order on, and its hold is its own now.
			res := tx.Model(&orderStockRow{}).
				Where("order_id = ? AND state = ? AND EXISTS (SELECT 1 FROM orders WHERE orders.id = order_stock.order_id AND orders.state IN ?)",
					id, checkout.StockHeld, holdStates).
				Updates(map[string]any{"state": checkout.StockReleased, "updated_at": dbTime(time.Now())})
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			won = true
			_, lines, _, err := s.orderStock(tx, id)
			if err != nil {
				return err
			}
			for _, l := range lines {
				after, err := s.putBackUnits(tx, l)
				if err != nil {
					return err
				}
				if err := s.recordStockMove(tx, l, l.Count, after, catalog.StockHoldReleased, id, ""); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("store: release stock of order %d: %w", id, err))
			continue
		}
		s.afterStockWrite(note)
		if won {
			released++
		}
	}
	return released, errors.Join(errs...)
}

// OrderStockState is where an order's reservation stands ("" when it reserved nothing).
func (s *Store) OrderStockState(ctx context.Context, orderID int64) (string, error) {
	var rows []orderStockRow
	if err := s.read.WithContext(ctx).Where("order_id = ?", orderID).Limit(1).Find(&rows).Error; err != nil {
		return "", fmt.Errorf("store: stock of order %d: %w", orderID, err)
	}
	if len(rows) == 0 {
		return "", nil
	}
	return rows[0].State, nil
}

// StockHistory lists a product's quantity changes, newest first.
func (s *Store) StockHistory(ctx context.Context, code string, limit int) ([]catalog.StockMove, error) {
	var rows []stockMoveRow
	if err := s.read.WithContext(ctx).Where("product_code = ?", code).Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: stock history of %s: %w", code, err)
	}
	out := make([]catalog.StockMove, len(rows))
	for i, r := range rows {
		out[i] = catalog.StockMove{At: r.At.UTC(), Code: r.ProductCode, Variant: r.Variant, Delta: r.Delta, After: r.StockAfter,
			Reason: catalog.StockReason(r.Reason), Actor: r.Actor}
		if r.OrderID != nil {
			out[i].OrderID = *r.OrderID
		}
	}
	return out, nil
}

// LowStockProducts lists up to limit active counted products with catalog.LowStockAt or fewer left, fewest first.
func (s *Store) LowStockProducts(ctx context.Context, limit int) ([]catalog.Product, error) {
	var rows []productRow
	if err := s.read.WithContext(ctx).Where("active = ? AND stock IS NOT NULL AND stock <= ?", true, catalog.LowStockAt).
		Order("stock, code").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: low stock: %w", err)
	}
	out := make([]catalog.Product, len(rows))
	for i, r := range rows {
		out[i] = r.product()
	}
	return out, nil
}

// LowStockVariants lists up to limit variants of active products with catalog.LowStockAt or fewer left, fewest
// first, each as its product is sold (catalog.Product.As): the overview lists them beside the products.
func (s *Store) LowStockVariants(ctx context.Context, limit int) ([]catalog.Product, error) {
	var rows []variantRow
	if err := s.read.WithContext(ctx).Where("stock IS NOT NULL AND stock <= ? AND product_code IN (SELECT code FROM products WHERE active = ?)", catalog.LowStockAt, true).
		Order("stock, code").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: low stock variants: %w", err)
	}
	var codes []string
	for _, r := range rows {
		codes = append(codes, r.ProductCode)
	}
	products, err := s.ProductsByCode(ctx, codes)
	if err != nil {
		return nil, err
	}
	var out []catalog.Product
	for _, r := range rows {
		v, err := r.variant()
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		if p, ok := products[r.ProductCode]; ok {
			out = append(out, p.As(v))
		}
	}
	return out, nil
}

// StockShortOrders lists up to limit orders paid after their hold ran out whose stock was gone, newest first:
// each waits for a person until it moves on (shipped once the goods were found, or cancelled and refunded).
func (s *Store) StockShortOrders(ctx context.Context, limit int) ([]*checkout.Order, error) {
	var rows []orderRow
	err := withItems(s.read.WithContext(ctx)).
		Where("state = ? AND id IN (SELECT order_id FROM order_stock WHERE state = ?)", string(checkout.StatePaid), checkout.StockShort).
		Order("id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: stock-short orders: %w", err)
	}
	out := make([]*checkout.Order, 0, len(rows))
	for _, r := range rows {
		o, err := r.order()
		if err != nil {
			return nil, fmt.Errorf("store: stock-short orders: %w", err)
		}
		out = append(out, o)
	}
	return out, nil
}
