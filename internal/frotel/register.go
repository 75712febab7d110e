package frotel

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Buyer is the shopper as Frotel records them.
type Buyer struct {
	FirstName  string
	LastName   string
	Phone      string
	Mobile     string
	Gender     Gender
	Email      string // optional
	Address    string // physical and service orders
	PostalCode string // 10 digits; physical and service orders
	ProvinceID int    // Frotel province id, 1-31
	CityID     int    // Frotel city id
	IP         string // required for virtual orders
	Message    string // the shopper's note (pm); the spec requires it for virtual orders
}

// Item is one basket line. Prices in rials, weights in grams, percentages as
// the API declares them (floats; they are rates, never money).
type Item struct {
	ProductCode       string
	Name              string
	UnitPrice         int64
	Count             int
	UnitWeight        int
	CommissionPercent float64
	MarketerID        int
	DiscountPercent   float64
	FreeShipping      bool
	TaxPercent        float64
	Packing           int64 // per-item packing fee, sent only when set
}

// PhysicalOrder is registered with order/registerOrder.json.
type PhysicalOrder struct {
	Buyer   Buyer
	Payment PaymentWay
	Send    SendMethod
	Items   []Item
	// FreeShipping makes the whole parcel ship free (free_send=1).
	FreeShipping bool
	// CourierFee is post_price, the seller's own courier fee; only with
	// Send == FixedCourier.
	CourierFee int64
	Coupon     string // checked first with CheckCoupon
}

// VirtualOrder (files) is registered with order/registerOrderVirtual.json.
type VirtualOrder struct {
	Buyer  Buyer
	Items  []Item
	Coupon string // checked first with CheckCoupon
}

// ServiceOrder is registered with order/registerOrderService.json.
type ServiceOrder struct {
	Buyer  Buyer
	Items  []Item
	Coupon string // checked first with CheckCoupon
}

// Registration is Frotel's answer to a register call.
type Registration struct {
	Factor Factor
	Items  []RegisteredItem
}

// Factor is the registered order. Banks is empty for cash on delivery, and
// for online orders the seller will follow up by hand.
type Factor struct {
	ID    string
	Total int64
	Banks []Bank
}

// Bank is a payment gateway the shopper may choose.
type Bank struct {
	ID   string
	Name string
	Logo string // absolute URL, from "logo" or "icon"
}

// RegisteredItem is a basket line as Frotel recorded it.
type RegisteredItem struct {
	ProductCode string
	Name        string
	Count       int64
	UnitPrice   int64
	UnitWeight  int64
	Option      string
}

// RegisterOrder registers a physical order. It creates an order upstream, so
// it is only retried on another mirror when the request certainly never left;
// otherwise the error wraps ErrOutcomeUnknown.
func (c *Client) RegisterOrder(ctx context.Context, o PhysicalOrder) (Registration, error) {
	params, err := o.form()
	if err != nil {
		return Registration{}, fmt.Errorf("frotel: register order: %w", err)
	}
	return c.register(ctx, "register order", "order/registerOrder.json", params)
}

// RegisterOrderVirtual registers an order of downloadable files.
func (c *Client) RegisterOrderVirtual(ctx context.Context, o VirtualOrder) (Registration, error) {
	params, err := o.form()
	if err != nil {
		return Registration{}, fmt.Errorf("frotel: register virtual order: %w", err)
	}
	return c.register(ctx, "register virtual order", "order/registerOrderVirtual.json", params)
}

// RegisterOrderService registers an order of services.
func (c *Client) RegisterOrderService(ctx context.Context, o ServiceOrder) (Registration, error) {
	params, err := o.form()
	if err != nil {
		return Registration{}, fmt.Errorf("frotel: register service order: %w", err)
	}
	return c.register(ctx, "register service order", "order/registerOrderService.json", params)
}

func (c *Client) register(ctx context.Context, op, path string, params *form) (Registration, error) {
	var out Registration
	err := c.do(ctx, call{
		op: op, path: path, params: params, retry: retryIfUnsent,
		decode: func(raw json.RawMessage) (err error) { out, err = decodeRegistration(raw); return err },
	})
	return out, err
}

func (o PhysicalOrder) form() (*form, error) {
	buy, err := o.Payment.code()
	if err != nil {
		return nil, err
	}
	send, err := o.Send.registerCode()
	if err != nil {
		return nil, err
	}
	if o.Send != FixedCourier && o.CourierFee != 0 {
		return nil, fmt.Errorf("%w: a courier fee only goes with %v, not %v", ErrUnsupported, FixedCourier, o.Send)
	}
	if o.CourierFee < 0 {
		return nil, invalid("negative courier fee")
	}
	if err := o.Buyer.checkAddress(); err != nil {
		return nil, err
	}
	f, err := o.Buyer.form(true)
	if err != nil {
		return nil, err
	}
	f.setInt("buy_type", int64(buy))
	f.setInt("send_type", int64(send))
	f.set("ip", o.Buyer.IP)
	f.set("pm", o.Buyer.Message)
	f.setBool("free_send", o.FreeShipping)
	if o.Send == FixedCourier {
		f.setInt("post_price", o.CourierFee)
	}
	if o.Coupon != "" {
		f.set("coupon", o.Coupon)
	}
	return f, addBasket(f, o.Items)
}

func (o VirtualOrder) form() (*form, error) {
	if strings.TrimSpace(o.Buyer.IP) == "" {
		return nil, invalid("the buyer's IP is required for a virtual order")
	}
	f, err := o.Buyer.form(false)
	if err != nil {
		return nil, err
	}
	f.set("ip", o.Buyer.IP)
	f.set("pm", o.Buyer.Message)
	if o.Coupon != "" {
		f.set("coupon", o.Coupon)
	}
	return f, addBasket(f, o.Items)
}

func (o ServiceOrder) form() (*form, error) {
	if err := o.Buyer.checkAddress(); err != nil {
		return nil, err
	}
	f, err := o.Buyer.form(true)
	if err != nil {
		return nil, err
	}
	f.set("ip", o.Buyer.IP)
	f.set("pm", o.Buyer.Message)
	if o.Coupon != "" {
		f.set("coupon", o.Coupon)
	}
	return f, addBasket(f, o.Items)
}

func (b Buyer) checkAddress() error {
	if strings.TrimSpace(b.Address) == "" || strings.TrimSpace(b.PostalCode) == "" || b.ProvinceID <= 0 || b.CityID <= 0 {
		return invalid("address, postal code, province and city are required")
	}
	return nil
}

// form writes the buyer fields common to the three register methods, in the
// order of the spec's tables.
func (b Buyer) form(withAddress bool) (*form, error) {
	if strings.TrimSpace(b.FirstName) == "" || strings.TrimSpace(b.LastName) == "" || strings.TrimSpace(b.Mobile) == "" {
		return nil, invalid("buyer first name, last name and mobile are required")
	}
	gender, err := b.Gender.code()
	if err != nil {
		return nil, err
	}
	f := &form{}
	f.set("name", b.FirstName)
	f.set("family", b.LastName)
	f.set("phone", b.Phone)
	f.set("mobile", b.Mobile)
	f.setInt("gender", int64(gender))
	f.set("email", b.Email)
	if withAddress {
		f.set("address", b.Address)
		f.set("code_posti", b.PostalCode)
		f.setInt("province", int64(b.ProvinceID))
		f.setInt("city", int64(b.CityID))
	}
	return f, nil
}

func addBasket(f *form, items []Item) error {
	if len(items) == 0 {
		return invalid("empty basket")
	}
	for i, it := range items {
		if strings.TrimSpace(it.ProductCode) == "" || it.Count <= 0 || it.UnitPrice < 0 || it.UnitWeight < 0 {
			return invalid("basket line %d: product code, a positive count and non-negative price and weight are required", i)
		}
		p := "basket[" + strconv.Itoa(i) + "]"
		f.set(p+"[pro_code]", it.ProductCode)
		f.set(p+"[name]", it.Name)
		f.setInt(p+"[price]", it.UnitPrice)
		f.setInt(p+"[count]", int64(it.Count))
		f.setInt(p+"[weight]", int64(it.UnitWeight))
		f.setFloat(p+"[porsant]", it.CommissionPercent)
		f.setInt(p+"[bazaryab]", int64(it.MarketerID))
		f.setFloat(p+"[discount]", it.DiscountPercent)
		f.setBool(p+"[free_send]", it.FreeShipping)
		f.setFloat(p+"[tax]", it.TaxPercent)
		if it.Packing != 0 {
			f.setInt(p+"[packing]", it.Packing)
		}
	}
	return nil
}

type wireBank struct {
	ID   flexString `json:"id"`
	Name flexString `json:"name"`
	Logo flexString `json:"logo"`
	Icon flexString `json:"icon"`
}

func (w wireBank) bank() Bank {
	logo := string(w.Logo)
	if logo == "" {
		logo = string(w.Icon)
	}
	return Bank{ID: string(w.ID), Name: strings.TrimSpace(string(w.Name)), Logo: logo}
}

func banks(ws flexList[wireBank]) []Bank {
	var out []Bank
	for _, w := range ws {
		if w.ID == "" {
			continue // a bank we cannot pay with is no choice at all
		}
		out = append(out, w.bank())
	}
	return out
}

type wireRegisteredItem struct {
	Name    flexString      `json:"name"`
	Num     flexInt         `json:"num"`
	Price   flexInt         `json:"price"`
	ProCode flexString      `json:"pro_code"`
	Weight  flexInt         `json:"weight"`
	Option  json.RawMessage `json:"option"`
}

// decodeRegistration reads {factor{id, view, total, banks}, items}. The
// factor's HTML view is dropped: we never keep upstream HTML.
func decodeRegistration(raw json.RawMessage) (Registration, error) {
	var w struct {
		Factor flexObject[struct {
			ID    flexString         `json:"id"`
			Total flexInt            `json:"total"`
			Banks flexList[wireBank] `json:"banks"`
		}] `json:"factor"`
		Items flexList[wireRegisteredItem] `json:"items"`
	}
	if isEmptyJSON(raw) {
		return Registration{}, fmt.Errorf("%w: empty registration", ErrBadResponse)
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return Registration{}, fmt.Errorf("%w: registration: %v", ErrBadResponse, err)
	}
	id := strings.TrimSpace(string(w.Factor.V.ID))
	if id == "" {
		return Registration{}, fmt.Errorf("%w: registration without a factor id", ErrBadResponse)
	}
	out := Registration{Factor: Factor{ID: id, Total: int64(w.Factor.V.Total), Banks: banks(w.Factor.V.Banks)}}
	for _, it := range w.Items {
		out.Items = append(out.Items, RegisteredItem{
			ProductCode: string(it.ProCode), Name: string(it.Name), Count: int64(it.Num),
			UnitPrice: int64(it.Price), UnitWeight: int64(it.Weight), Option: looseText(it.Option),
		})
	}
	return out, nil
}
