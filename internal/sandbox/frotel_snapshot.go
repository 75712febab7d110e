package sandbox

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Tehran time must not depend on the host's zone files

	ptime "github.com/yaa110/go-persian-calendar"
)

// OrderSnapshot is a copy of one order's state, for tests and demos.
type OrderSnapshot struct {
	Factor     string
	Kind       string // product, virtual, service
	BuyType    int    // 1 COD, 2 online (registerOrder numbering)
	SendType   int    // registerOrder numbering; 0 for virtual and service
	Status     string // Persian label, as tracking answers
	Barcode    string
	Customer   string
	Mobile     string
	Message    string // pm: the buyer's note, where the shop puts its own reference
	City       int
	IP         string // the buyer's ip as the shop sent it
	ItemsTotal int64  // after discounts, item taxes and coupon
	Shipping   int64
	Total      int64
	Paid       int64
	Items      []ItemSnapshot
	Payments   []PaymentSnapshot
	Files      []FileSnapshot
	Created    time.Time
	Changed    time.Time
}

// ItemSnapshot is one basket line as registered.
type ItemSnapshot struct {
	ProCode  string
	Name     string
	Price    int64
	Count    int64
	Weight   int64
	Discount float64
	Tax      float64
	FreeSend bool
}

// PaymentSnapshot is one payment attempt (pay or continuePay).
type PaymentSnapshot struct {
	ID           int64
	Ref          string
	Bank         int
	Amount       int64
	State        string // one of the Payment* constants
	TrackingCode string
}

// FileSnapshot is one download link of a verified virtual order.
type FileSnapshot struct {
	Name      string
	Token     string
	Downloads int
	Expire    time.Time
}

// Order returns a copy of the order registered under factor.
func (f *Frotel) Order(factor string) (OrderSnapshot, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[strings.ReplaceAll(factor, "-", "")]
	if o == nil {
		return OrderSnapshot{}, false
	}
	return f.snapshot(o), true
}

// Orders returns a copy of every registered order, oldest first.
func (f *Frotel) Orders() []OrderSnapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]OrderSnapshot, 0, len(f.orders))
	for _, o := range f.orders {
		out = append(out, f.snapshot(o))
	}
	slices.SortFunc(out, func(a, b OrderSnapshot) int {
		return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.Factor, b.Factor))
	})
	return out
}

// snapshot copies one order; f.mu is held.
func (f *Frotel) snapshot(o *order) OrderSnapshot {
	s := OrderSnapshot{
		Factor: o.factor, Kind: o.kind, BuyType: o.buyType, SendType: o.sendType,
		Status: o.status, Barcode: o.barcode, Customer: o.buyer.Name + " " + o.buyer.Family,
		Mobile: o.buyer.Mobile, Message: o.buyer.Message, City: o.buyer.City, IP: o.buyer.IP, ItemsTotal: o.itemsTotal, Shipping: o.shipping, Total: o.total,
		Paid: o.paid, Created: o.created, Changed: o.changed,
	}
	for _, it := range o.items {
		s.Items = append(s.Items, ItemSnapshot{
			ProCode: it.ProCode, Name: it.Name, Price: it.Price, Count: it.Count,
			Weight: it.Weight, Discount: it.Discount, Tax: it.Tax, FreeSend: it.FreeSend,
		})
	}
	for _, p := range f.payments {
		if p.factor != o.factor {
			continue
		}
		s.Payments = append(s.Payments, PaymentSnapshot{
			ID: p.id, Ref: p.ref, Bank: p.bank.ID, Amount: p.amount, State: p.state, TrackingCode: p.tracking,
		})
	}
	slices.SortFunc(s.Payments, func(a, b PaymentSnapshot) int { return cmp.Compare(a.ID, b.ID) })
	for _, d := range o.files {
		s.Files = append(s.Files, FileSnapshot{Name: d.name, Token: d.token, Downloads: d.count, Expire: d.expire})
	}
	return s
}

var tehran = mustTehran()

func mustTehran() *time.Location {
	loc, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		panic(err) // time/tzdata is embedded: cannot happen
	}
	return loc
}

// jalaliMinute formats t like tracking's dates: "1405/09/04 - 10:57", Tehran time.
func jalaliMinute(t time.Time) string {
	p := ptime.New(t.In(tehran))
	return fmt.Sprintf("%04d/%02d/%02d - %02d:%02d", p.Year(), int(p.Month()), p.Day(), p.Hour(), p.Minute())
}

// jalaliSecond formats t like download links' expiry: "1405/09/04 10:25:00".
func jalaliSecond(t time.Time) string {
	p := ptime.New(t.In(tehran))
	return fmt.Sprintf("%04d/%02d/%02d %02d:%02d:%02d", p.Year(), int(p.Month()), p.Day(), p.Hour(), p.Minute(), p.Second())
}
