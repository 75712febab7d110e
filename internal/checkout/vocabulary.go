package checkout

import "fmt"

// SendMethod is how a parcel travels. The names are the shop's; the Frotel adapter alone knows the codes that
// each of Frotel's methods uses for them.
type SendMethod string

const (
	Pishtaz   SendMethod = "pishtaz"   // express post
	Sefareshi SendMethod = "sefareshi" // registered post
	Matbuat   SendMethod = "matbuat"   // printed matter
	Peyk      SendMethod = "peyk"      // city courier
	Chabok    SendMethod = "chabok"    // Frotel's chabok courier
	Courier   SendMethod = "courier"   // the seller's own courier at a fixed fee
)

// SendMethods lists every send method, in display order.
func SendMethods() []SendMethod {
	return []SendMethod{Pishtaz, Sefareshi, Matbuat, Peyk, Chabok, Courier}
}

// ParseSendMethod reads a send method's name, as settings and forms spell it.
func ParseSendMethod(s string) (SendMethod, error) {
	for _, m := range SendMethods() {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("checkout: unknown send method %q", s)
}

// QuotedByFulfilment reports whether the fulfilment service prices the method in a quote. The seller's courier is
// priced by the seller; chabok exists only in Frotel's registerOrder, never in getPrices.
func (m SendMethod) QuotedByFulfilment() bool { return m != Courier && m != Chabok }

// Label is the send method's Persian name.
func (m SendMethod) Label() string {
	switch m {
	case Pishtaz:
		return "پیشتاز"
	case Sefareshi:
		return "سفارشی"
	case Matbuat:
		return "مطبوعات"
	case Peyk:
		return "پیک شهری"
	case Chabok:
		return "چابک"
	case Courier:
		return "پیک فروشگاه"
	}
	return "نامشخص"
}

// PaymentWay is how the shopper pays.
type PaymentWay string

const (
	Online         PaymentWay = "online" // at a bank, before shipping
	CashOnDelivery PaymentWay = "cod"    // to the postman
)

// PaymentWays lists both ways, online first.
func PaymentWays() []PaymentWay { return []PaymentWay{Online, CashOnDelivery} }

// ParsePaymentWay reads a payment way's name.
func ParsePaymentWay(s string) (PaymentWay, error) {
	for _, w := range PaymentWays() {
		if string(w) == s {
			return w, nil
		}
	}
	return "", fmt.Errorf("checkout: unknown payment way %q", s)
}

// Label is the payment way's Persian name.
func (w PaymentWay) Label() string {
	switch w {
	case Online:
		return "پرداخت آنلاین"
	case CashOnDelivery:
		return "پرداخت در محل"
	}
	return "نامشخص"
}

// Gender is the buyer's gender, which Frotel's registration asks for. The shopper may leave it out
// (GenderNotGiven); the Frotel adapter then sends its "man" code, because Frotel requires one of two.
type Gender string

const (
	GenderNotGiven Gender = ""
	Female         Gender = "female"
	Male           Gender = "male"
)

// ShipmentState is where Frotel says an order stands, from its tracking labels.
type ShipmentState string

const (
	ShipmentUnknown   ShipmentState = "unknown" // a label we do not know yet; the label itself is always kept
	ShipmentPending   ShipmentState = "pending"
	ShipmentPreparing ShipmentState = "preparing"
	ShipmentShipped   ShipmentState = "shipped"
	ShipmentDelivered ShipmentState = "delivered"
	ShipmentCollected ShipmentState = "collected" // cash on delivery money collected
	ShipmentReturned  ShipmentState = "returned"
	ShipmentCancelled ShipmentState = "cancelled"
)

// Label is the shop's own Persian wording of a known state (Frotel's labels vary in spacing, e.g. «آماده سازی»
// without its zero-width non-joiner); an unknown state has none and the caller shows Frotel's label.
func (s ShipmentState) Label() string {
	switch s {
	case ShipmentPending:
		return "در انتظار بررسی"
	case ShipmentPreparing:
		return "در حال آماده‌سازی"
	case ShipmentShipped:
		return "ارسال شد"
	case ShipmentDelivered:
		return "تحویل شد"
	case ShipmentCollected:
		return "تحویل و پرداخت شد"
	case ShipmentReturned:
		return "برگشت خورد"
	case ShipmentCancelled:
		return "لغو شد"
	}
	return ""
}

// Good reports whether the shipment is on its way or done; Bad whether it came back or was cancelled.
func (s ShipmentState) Good() bool {
	return s == ShipmentShipped || s == ShipmentDelivered || s == ShipmentCollected
}

// Bad reports whether the shipment came back or was cancelled.
func (s ShipmentState) Bad() bool { return s == ShipmentReturned || s == ShipmentCancelled }
