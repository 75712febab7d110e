package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"shop/internal/catalog"
	"shop/internal/checkout"
)

var _ checkout.Store = (*Store)(nil)

// orderRow is the orders table (schema in migrations/; tags only name keys and columns). Banks and downloads
// are JSON text: they are only ever read with their order.
type orderRow struct {
	ID    int64 `gorm:"primaryKey"`
	Token string
	Group string `gorm:"column:group_token"`
	Kind  string
	State string

	FirstName    string
	LastName     string
	Mobile       string
	Phone        string
	Gender       int
	Email        string
	Address      string
	PostalCode   string
	ProvinceID   int
	ProvinceName string
	CityID       int
	CityName     string
	Message      string
	IP           string `gorm:"column:ip"`

	Send       int
	Payment    int
	FreeShip   bool
	GoodsTotal int64
	Shipping   int64
	Total      int64

	ShippingEstimated bool
	Coupon            string
	CouponDiscount    int64

	// FactorID is empty until Frotel registers the order, so it is indexed but cannot be unique.
	FactorID     string
	FactorTotal  int64
	Banks        string
	Remainder    int64
	Retrying     bool
	TrackingCode string
	Downloads    string
	LinksError   string
	Problem      string

	RegisterSentAt     *time.Time
	PaymentUnconfirmed bool

	TrackingStatus string
	Barcode        string
	TrackedAt      *time.Time

	// Version is bumped by every write; a write names the version it read (optimistic locking).
	Version int64

	Items []orderItemRow `gorm:"foreignKey:OrderID"`

	CreatedAt time.Time
	UpdatedAt time.Time
}

func (orderRow) TableName() string { return "orders" }

// orderItemRow is the order_items table; items never change once their order is saved.
type orderItemRow struct {
	ID                int64 `gorm:"primaryKey"`
	OrderID           int64
	Position          int
	Code              string
	Variant           string
	Name              string
	UnitPrice         int64
	Count             int
	UnitWeight        int64
	DiscountPercent   int
	TaxPercent        int
	FreeShipping      bool
	CommissionPercent int
	MarketerID        int
	Total             int64
}

func (orderItemRow) TableName() string { return "order_items" }

func orderRowOf(o *checkout.Order) (orderRow, error) {
	banks, err := banksColumn(o.Banks)
	if err != nil {
		return orderRow{}, err
	}
	downloads, err := downloadsColumn(o.Downloads)
	if err != nil {
		return orderRow{}, err
	}
	b := o.Buyer
	r := orderRow{
		ID: o.ID, Token: o.Token, Group: o.Group, Kind: string(o.Kind), State: string(o.State),
		FirstName: b.FirstName, LastName: b.LastName, Mobile: b.Mobile, Phone: b.Phone, Gender: codeOf(genderCodes, b.Gender),
		Email: b.Email, Address: b.Address, PostalCode: b.PostalCode, ProvinceID: b.ProvinceID,
		ProvinceName: b.ProvinceName, CityID: b.CityID, CityName: b.CityName, Message: b.Message, IP: b.IP,
		Send: codeOf(sendCodes, o.Send), Payment: codeOf(paymentCodes, o.Payment), FreeShip: o.FreeShip, GoodsTotal: o.GoodsTotal,
		Shipping: o.Shipping, ShippingEstimated: o.ShippingEstimated, Coupon: o.Coupon, CouponDiscount: o.CouponDiscount, Total: o.Total, FactorID: o.FactorID, FactorTotal: o.FactorTotal,
		Banks: banks, Remainder: o.Remainder, Retrying: o.Retrying, TrackingCode: o.TrackingCode,
		Downloads: downloads, LinksError: o.LinksError, Problem: o.Problem,
		RegisterSentAt: optionalTime(o.RegisterSentAt), PaymentUnconfirmed: o.PaymentUnconfirmed,
		TrackingStatus: o.TrackingStatus, Barcode: o.Barcode, Version: o.Version,
		CreatedAt: dbTime(o.CreatedAt), UpdatedAt: dbTime(o.UpdatedAt),
	}
	if !o.TrackedAt.IsZero() {
		t := dbTime(o.TrackedAt)
		r.TrackedAt = &t
	}
	for i, it := range o.Items {
		r.Items = append(r.Items, orderItemRow{
			OrderID: o.ID, Position: i, Code: it.Code, Variant: it.Variant, Name: it.Name, UnitPrice: it.UnitPrice, Count: it.Count,
			UnitWeight: it.UnitWeight, DiscountPercent: it.DiscountPercent, TaxPercent: it.TaxPercent,
			FreeShipping: it.FreeShipping, CommissionPercent: it.CommissionPercent, MarketerID: it.MarketerID,
			Total: it.Total,
		})
	}
	return r, nil
}

// mutableColumns is what UpdateOrder writes: everything but the identity (id, token, group, kind), the items
// and created_at. A map, not a struct, so that zero values (an emptied problem, retrying=false) are written.
func (r orderRow) mutableColumns() map[string]any {
	return map[string]any{
		"state": r.State, "first_name": r.FirstName, "last_name": r.LastName, "mobile": r.Mobile, "phone": r.Phone,
		"gender": r.Gender, "email": r.Email, "address": r.Address, "postal_code": r.PostalCode,
		"province_id": r.ProvinceID, "province_name": r.ProvinceName, "city_id": r.CityID, "city_name": r.CityName,
		"message": r.Message, "ip": r.IP, "send": r.Send, "payment": r.Payment, "free_ship": r.FreeShip,
		"goods_total": r.GoodsTotal, "shipping": r.Shipping, "total": r.Total, "factor_id": r.FactorID,
		"factor_total": r.FactorTotal, "banks": r.Banks, "remainder": r.Remainder, "retrying": r.Retrying,
		"tracking_code": r.TrackingCode, "downloads": r.Downloads, "links_error": r.LinksError,
		"problem": r.Problem, "register_sent_at": r.RegisterSentAt, "payment_unconfirmed": r.PaymentUnconfirmed,
		"updated_at":      r.UpdatedAt,
		"tracking_status": r.TrackingStatus, "barcode": r.Barcode, "tracked_at": r.TrackedAt,
		"version": gorm.Expr("version + 1"),
	}
}

func (r orderRow) order() (*checkout.Order, error) {
	o := &checkout.Order{
		ID: r.ID, Token: r.Token, Group: r.Group, Kind: catalog.Kind(r.Kind), State: checkout.State(r.State),
		Buyer: checkout.Buyer{
			FirstName: r.FirstName, LastName: r.LastName, Mobile: r.Mobile, Phone: r.Phone,
			Gender: valueOf(genderCodes, r.Gender), Email: r.Email, Address: r.Address, PostalCode: r.PostalCode,
			ProvinceID: r.ProvinceID, ProvinceName: r.ProvinceName, CityID: r.CityID, CityName: r.CityName,
			Message: r.Message, IP: r.IP,
		},
		Send: valueOf(sendCodes, r.Send), Payment: valueOf(paymentCodes, r.Payment), FreeShip: r.FreeShip,
		GoodsTotal: r.GoodsTotal, Shipping: r.Shipping, ShippingEstimated: r.ShippingEstimated, Coupon: r.Coupon,
		CouponDiscount: r.CouponDiscount, Total: r.Total, FactorID: r.FactorID,
		FactorTotal: r.FactorTotal, Remainder: r.Remainder, Retrying: r.Retrying, TrackingCode: r.TrackingCode,
		PaymentUnconfirmed: r.PaymentUnconfirmed,
		LinksError:         r.LinksError, Problem: r.Problem, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		TrackingStatus: r.TrackingStatus, Barcode: r.Barcode, Version: r.Version,
	}
	if r.TrackedAt != nil {
		o.TrackedAt = r.TrackedAt.UTC()
	}
	if r.RegisterSentAt != nil {
		o.RegisterSentAt = r.RegisterSentAt.UTC()
	}
	var err error
	if o.Banks, err = banksOf(r.Banks); err != nil {
		return nil, fmt.Errorf("order %d: %w", r.ID, err)
	}
	if o.Downloads, err = downloadsOf(r.Downloads); err != nil {
		return nil, fmt.Errorf("order %d: %w", r.ID, err)
	}
	for _, it := range r.Items {
		o.Items = append(o.Items, checkout.Item{
			Code: it.Code, Variant: it.Variant, Name: it.Name, UnitPrice: it.UnitPrice, Count: it.Count, UnitWeight: it.UnitWeight,
			DiscountPercent: it.DiscountPercent, TaxPercent: it.TaxPercent, FreeShipping: it.FreeShipping,
			CommissionPercent: it.CommissionPercent, MarketerID: it.MarketerID, Total: it.Total,
		})
	}
	return o, nil
}

// CreateOrders saves new orders with their items in one transaction and fills each order's ID.
func (s *Store) CreateOrders(ctx context.Context, orders []*checkout.Order) error {
	return s.createOrders(ctx, orders, nil)
}

// CreateOrdersGated is CreateOrders with the cash-on-delivery caps applied in the same transaction. Checkouts
// with such an order take turns (SQLite's one writer; an advisory lock on PostgreSQL), so thirty at once from one
// address count each other and cannot all pass.
func (s *Store) CreateOrdersGated(ctx context.Context, orders []*checkout.Order, g checkout.CODGate) error {
	return s.createOrders(ctx, orders, func(tx *gormDB) error {
		var cod []*checkout.Order
		for _, o := range orders {
			if o.Payment == checkout.CashOnDelivery {
				cod = append(cod, o)
			}
		}
		if len(cod) == 0 || g.Hold == nil || g.PerAddress < 1 && g.UnsettledPerMobile < 1 {
			return nil
		}
		if s.dialect.Name == postgresDialect.Name {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", codGateLock).Error; err != nil {
				return err
			}
		}
		codCode := codeOf(paymentCodes, checkout.CashOnDelivery)
		var byIP, byMobile int64
		if g.PerAddress >= 1 && g.IP != "" {
			if err := tx.Model(&orderRow{}).Where("payment = ? AND ip = ? AND created_at >= ?", codCode, g.IP, dbTime(g.Since)).
				Count(&byIP).Error; err != nil {
				return err
			}
		}
		if g.UnsettledPerMobile >= 1 && g.Mobile != "" {
			states := []string{}
			for _, st := range checkout.UnsettledCOD() {
				states = append(states, string(st))
			}
			if err := tx.Model(&orderRow{}).Where("payment = ? AND mobile = ? AND state IN ?", codCode, g.Mobile, states).
				Count(&byMobile).Error; err != nil {
				return err
			}
		}
		for _, o := range cod {
			if g.PerAddress >= 1 && g.IP != "" && int(byIP) >= g.PerAddress ||
				g.UnsettledPerMobile >= 1 && g.Mobile != "" && int(byMobile) >= g.UnsettledPerMobile {
				g.Hold(o)
			}
			byIP++
			byMobile++
		}
		return nil
	})
}

// codGateLock is the PostgreSQL advisory lock key that makes cash-on-delivery checkouts take turns.
const codGateLock = 0x5348434f44 // "SHCOD"

func (s *Store) createOrders(ctx context.Context, orders []*checkout.Order, before func(tx *gormDB) error) error {
	now := dbTime(time.Now())
	ctx, stock := withStockNote(ctx)
	err := s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		tx = unprepared(tx)
		if before != nil {
			if err := before(tx); err != nil {
				return err
			}
		}
		for _, o := range orders {
			if o.CreatedAt.IsZero() {
				o.CreatedAt = now
			}
			if o.UpdatedAt.IsZero() {
				o.UpdatedAt = now
			}
			row, err := orderRowOf(o)
			if err != nil {
				return fmt.Errorf("order %s: %w", o.Token, err)
			}
			row.ID = 0
			items := row.Items
			row.Items = nil
			if err := tx.Omit(clause.Associations).Create(&row).Error; err != nil {
				return fmt.Errorf("order %s: %w", o.Token, err)
			}
			if len(items) > 0 {
				for i := range items {
					items[i].OrderID = row.ID
				}
				if err := tx.Create(&items).Error; err != nil {
					return fmt.Errorf("order %s items: %w", o.Token, err)
				}
			}
			o.ID = row.ID
		}
		for _, o := range orders {
			if err := s.followOrderMove(tx, o, ""); err != nil {
				return fmt.Errorf("order %s: %w", o.Token, err)
			}
		}
		return nil
	})
	if err != nil {
		// The transaction rolled back, so no ID handed out above refers to a saved row.
		for _, o := range orders {
			o.ID = 0
		}
		return fmt.Errorf("store: create orders: %w", err)
	}
	s.afterStockWrite(stock)
	return nil
}

// UpdateOrder writes the order's mutable columns if the order is still in state from and at the version it was
// read at; otherwise another request wrote it first and the result is checkout.ErrStale (the caller re-reads and
// re-applies its change). On success o.Version and o.UpdatedAt are the new ones.
func (s *Store) UpdateOrder(ctx context.Context, o *checkout.Order, from checkout.State) error {
	row, err := orderRowOf(o)
	if err != nil {
		return fmt.Errorf("store: update order %d: %w", o.ID, err)
	}
	row.UpdatedAt = dbTime(time.Now())
	ctx, stock := withStockNote(ctx)
	err = s.db.WithContext(ctx).Transaction(func(tx *gormDB) error {
		tx = unprepared(tx)
		res := tx.Model(&orderRow{}).
			Where("id = ? AND state = ? AND version = ?", o.ID, string(from), o.Version).
			Updates(row.mutableColumns())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("from %s at version %d: %w", from, o.Version, checkout.ErrStale)
		}
		if o.State != from {
			if err := s.followOrderMove(tx, o, from); err != nil {
				return err
			}
		}
		return s.followOrderWrite(tx, o)
	})
	if err != nil {
		return fmt.Errorf("store: update order %d: %w", o.ID, err)
	}
	s.afterStockWrite(stock)
	o.UpdatedAt = row.UpdatedAt
	o.Version++
	return nil
}

// ClaimRegisterSend marks an order's register call as about to leave, if nobody has: exactly one caller (checkout
// or reconciliation, in any process) gets true for an order, and only that one may call Frotel.
func (s *Store) ClaimRegisterSend(ctx context.Context, id int64, at time.Time) (bool, error) {
	at = dbTime(at)
	res := s.db.WithContext(ctx).Model(&orderRow{}).
		Where("id = ? AND state = ? AND register_sent_at IS NULL", id, string(checkout.StateRegistering)).
		Updates(map[string]any{"register_sent_at": at, "updated_at": at, "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return false, fmt.Errorf("store: claim register send of order %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// withItems preloads an order's items in the order they were placed.
func withItems(db *gormDB) *gormDB {
	return db.Preload("Items", func(db *gormDB) *gormDB { return db.Order("position") })
}

func (s *Store) orderWhere(ctx context.Context, op string, query string, args ...any) (*checkout.Order, error) {
	var row orderRow
	err := withItems(s.read.WithContext(ctx)).Where(query, args...).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("store: %s %v: %w", op, args[0], checkout.ErrOrderNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s %v: %w", op, args[0], err)
	}
	o, err := row.order()
	if err != nil {
		return nil, fmt.Errorf("store: %s %v: %w", op, args[0], err)
	}
	return o, nil
}

// OrderByToken returns the order with its items; an unknown token is checkout.ErrOrderNotFound.
func (s *Store) OrderByToken(ctx context.Context, token string) (*checkout.Order, error) {
	return s.orderWhere(ctx, "order by token", "token = ?", token)
}

// OrderByFactor returns the order Frotel knows by factorID; an empty or unknown factor is
// checkout.ErrOrderNotFound (many unregistered orders share the empty factor).
func (s *Store) OrderByFactor(ctx context.Context, factorID string) (*checkout.Order, error) {
	if factorID == "" {
		return nil, fmt.Errorf("store: order by factor: empty factor: %w", checkout.ErrOrderNotFound)
	}
	// Shoppers type factors with or without Frotel's dashes; either matches.
	return s.orderWhere(ctx, "order by factor", "factor_id = ? OR REPLACE(factor_id, '-', '') = ?", factorID, factorID)
}

// OrdersInGroup returns the orders placed together from one basket, oldest first.
func (s *Store) OrdersInGroup(ctx context.Context, group string) ([]*checkout.Order, error) {
	var rows []orderRow
	if err := withItems(s.read.WithContext(ctx)).Where("group_token = ?", group).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: orders in group %s: %w", group, err)
	}
	out := make([]*checkout.Order, 0, len(rows))
	for _, r := range rows {
		o, err := r.order()
		if err != nil {
			return nil, fmt.Errorf("store: orders in group %s: %w", group, err)
		}
		out = append(out, o)
	}
	return out, nil
}
