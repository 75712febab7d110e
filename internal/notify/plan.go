package notify

import (
	"fmt"
	"strconv"
	"strings"

	"shop/internal/checkout"
	"shop/internal/iran"
)

// Channel is how a message goes.
type Channel string

const (
	SMS   Channel = "sms"
	Email Channel = "email"
)

// Config is what the shop's configuration says about messages: which channels are on and where links point.
type Config struct {
	SMS   bool   // SHOP_SMS_PROVIDER is set
	Email bool   // SHOP_SMTP_ADDR is set
	Base  string // the shop's public URL, for links
	// ShopName is the {shop} placeholder when the seller saved no name.
	ShopName string
}

// On reports whether any channel is on; with none, nothing is queued at all.
func (c Config) On() bool { return c.SMS || c.Email }

// Message is one row for the outbox.
type Message struct {
	Channel  Channel
	Event    Event
	OrderID  int64 // 0 for messages about no order
	Receptor string
	Subject  string // e-mail only
	Body     string
	Priority int
	// Dedupe, when set, is unique among all messages: a move or event replayed queues nothing twice.
	Dedupe string
}

// Values are the placeholders' values.
type Values map[string]string

// Render fills a template's placeholders; an unknown one stays as written (CheckTemplate refuses it on save). A
// line with a placeholder that has no value is left out: "بارکد پستی: {barcode}" says nothing for a parcel the
// seller's own courier took, and "کد رهگیری: {tracking_code}" nothing for an order paid on delivery.
func Render(template string, v Values) string {
	var out []string
	for _, line := range strings.Split(template, "\n") {
		empty := false
		line = placeholderRE.ReplaceAllStringFunc(line, func(m string) string {
			val, ok := v[m[1:len(m)-1]]
			if !ok {
				return m
			}
			empty = empty || val == ""
			return val
		})
		if !empty {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// OrderValues are an order's placeholders.
func (c Config) OrderValues(o *checkout.Order, shopName string) Values {
	if shopName == "" {
		shopName = c.ShopName
	}
	factor := o.FactorID
	if factor == "" {
		factor = o.Reference()
	}
	amount := o.FactorTotal
	if amount == 0 {
		amount = o.Total
	}
	v := Values{
		"shop": shopName, "name": strings.TrimSpace(o.Buyer.FirstName + " " + o.Buyer.LastName), "mobile": o.Buyer.Mobile,
		"factor": factor, "amount": iran.FormatPrice(amount, iran.Toman), "link": c.Base + "/orders/" + o.Token,
		"admin_link":    c.Base + "/admin/orders/" + strconv.FormatInt(o.ID, 10),
		"tracking_code": o.TrackingCode, "barcode": o.Barcode, "tracking_url": "",
	}
	if o.Barcode != "" {
		v["tracking_url"] = PostTrackingURL + o.Barcode
	}
	return v
}

// shopName is the seller's saved name, from the same rows as the settings.
func shopName(values map[string]string) string { return values[KeyShopName] }

// Plan is what the store asks, inside the transaction of an order move or event: the rows of shop_settings
// (values, read in that transaction) decide which events are on, their templates and the seller's mobiles.
type Plan struct {
	Config Config
	Values map[string]string // shop_settings rows: notify.* and shop.name
}

func (p Plan) settings() Settings { return Decode(p.Values) }

// Move is the messages an order's move from one state to another causes.
func (p Plan) Move(o *checkout.Order, from checkout.State) []Message {
	if !p.Config.On() {
		return nil
	}
	var out []Message
	for _, e := range MoveEvents(from, o.State) {
		out = append(out, p.order(e, o, nil, "")...)
	}
	return out
}

// Unconfirmed is the message of a payment the bank returned but checkPay did not confirm: once per order.
func (p Plan) Unconfirmed(o *checkout.Order) []Message {
	if !p.Config.On() || !o.PaymentUnconfirmed || o.State != checkout.StateAwaitingPayment {
		return nil
	}
	return p.order(PaymentUnconfirmed, o, nil, "")
}

// Note is the buyer's message for a seller's note (an order event of kind checkout.EventSellerNote).
func (p Plan) Note(o *checkout.Order, eventID int64, note string) []Message {
	if !p.Config.On() || strings.TrimSpace(note) == "" {
		return nil
	}
	return p.order(SellerNote, o, Values{"note": note}, strconv.FormatInt(eventID, 10))
}

// LowStock is the seller's message about a product running out.
func (p Plan) LowStock(productCode, name string, left int64) []Message {
	if !p.Config.SMS {
		return nil
	}
	s := p.settings()
	if !s.On(SellerLowStock) {
		return nil
	}
	sn := shopName(p.Values)
	if sn == "" {
		sn = p.Config.ShopName
	}
	body := Render(s.Template(SellerLowStock), Values{"shop": sn, "product": name, "code": productCode, "left": iran.FormatNumber(left)})
	var out []Message
	for _, m := range s.SellerMobiles {
		out = append(out, Message{Channel: SMS, Event: SellerLowStock, Receptor: m, Body: body})
	}
	return out
}

// order renders one order event for its audience, on every channel that is on and has a receptor. extra adds
// placeholders; key tells apart events that may happen more than once per order (notes).
func (p Plan) order(e Event, o *checkout.Order, extra Values, key string) []Message {
	s := p.settings()
	if !s.On(e) {
		return nil
	}
	info, _ := Info(e)
	v := p.Config.OrderValues(o, shopName(p.Values))
	for k, val := range extra {
		v[k] = val
	}
	body := Render(s.Template(e), v)
	dedupe := func(ch Channel, to string) string {
		return fmt.Sprintf("%s:%d:%s:%s:%s", e, o.ID, key, ch, to)
	}
	var out []Message
	if info.ToSeller {
		if p.Config.SMS {
			for _, m := range s.SellerMobiles {
				out = append(out, Message{Channel: SMS, Event: e, OrderID: o.ID, Receptor: m, Body: body, Dedupe: dedupe(SMS, m)})
			}
		}
		return out
	}
	if p.Config.SMS && o.Buyer.Mobile != "" {
		out = append(out, Message{Channel: SMS, Event: e, OrderID: o.ID, Receptor: o.Buyer.Mobile, Body: body, Dedupe: dedupe(SMS, o.Buyer.Mobile)})
	}
	if p.Config.Email && o.Buyer.Email != "" {
		subject := strings.TrimSuffix(strings.TrimSuffix(info.Label, " (به خریدار)"), " ") + " — " + v["shop"]
		mail := body
		if !strings.Contains(mail, v["link"]) { // an e-mail always carries the order's link, which is kept
			mail += "\n\n" + v["link"]
		}
		out = append(out, Message{Channel: Email, Event: e, OrderID: o.ID, Receptor: o.Buyer.Email, Subject: subject,
			Body: mail, Dedupe: dedupe(Email, o.Buyer.Email)})
	}
	return out
}

// Preview renders an event's template (or the one given) with an order's values, as the message would read.
func (c Config) Preview(e Event, template string, o *checkout.Order, shop string) string {
	v := c.OrderValues(o, shop)
	v["note"] = "بسته‌ی شما فردا صبح فرستاده می‌شود."
	v["product"], v["code"], v["left"] = "نمونه‌ی کالا", "P-100", iran.FormatNumber(2)
	if len(o.Items) > 0 {
		v["product"], v["code"] = o.Items[0].Name, o.Items[0].Code
	}
	return Render(template, v)
}
