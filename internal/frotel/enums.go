package frotel

import "fmt"

// SendMethod is the shop's one list of shipping methods. Frotel numbers them
// differently in getPrices and registerOrder, so the codes live in one table
// below and nowhere else.
type SendMethod int

const (
	Pishtaz      SendMethod = iota + 1 // express post
	Sefareshi                          // registered post
	Matbuat                            // printed matter
	Peyk                               // city courier
	Chabok                             // Frotel's chabok courier
	FixedCourier                       // the seller's own courier at a fixed fee (post_price)
)

// sendMethodTable maps each method to its codes; 0 means the API method does
// not offer it.
var sendMethodTable = []struct {
	method       SendMethod
	slug         string
	priceCode    int // getPrices send_type
	registerCode int // registerOrder send_type
}{
	{Pishtaz, "pishtaz", 1, 1},
	{Sefareshi, "sefareshi", 2, 2},
	{Matbuat, "matbuat", 3, 4},
	{Peyk, "peyk", 4, 5},
	{Chabok, "chabok", 0, 10},
	{FixedCourier, "fixed-courier", 0, 20},
}

// SendMethods lists every method the client knows, in display order.
func SendMethods() []SendMethod {
	out := make([]SendMethod, len(sendMethodTable))
	for i, row := range sendMethodTable {
		out[i] = row.method
	}
	return out
}

func sendRow(m SendMethod) (int, bool) {
	for i, row := range sendMethodTable {
		if row.method == m {
			return i, true
		}
	}
	return 0, false
}

// String is the configuration slug ("pishtaz").
func (m SendMethod) String() string {
	if i, ok := sendRow(m); ok {
		return sendMethodTable[i].slug
	}
	return fmt.Sprintf("SendMethod(%d)", int(m))
}

func (m SendMethod) priceCode() (int, error) {
	if i, ok := sendRow(m); ok && sendMethodTable[i].priceCode != 0 {
		return sendMethodTable[i].priceCode, nil
	}
	return 0, fmt.Errorf("%w: getPrices has no send type for %v", ErrUnsupported, m)
}

func (m SendMethod) registerCode() (int, error) {
	if i, ok := sendRow(m); ok && sendMethodTable[i].registerCode != 0 {
		return sendMethodTable[i].registerCode, nil
	}
	return 0, fmt.Errorf("%w: registerOrder has no send type for %v", ErrUnsupported, m)
}

func sendMethodFromPriceCode(code string) (SendMethod, bool) {
	for _, row := range sendMethodTable {
		if row.priceCode != 0 && fmt.Sprint(row.priceCode) == code {
			return row.method, true
		}
	}
	return 0, false
}

// PaymentWay is how the shopper pays. The zero value is unknown.
type PaymentWay int

const (
	CashOnDelivery PaymentWay = iota + 1
	Online
)

// paymentWayTable holds every wire spelling of a payment way: getPrices and
// registerOrder say 1/2, getPrices' result says posti/naghdi, and tracking
// says 0/1.
var paymentWayTable = []struct {
	way          PaymentWay
	slug         string
	code         int    // getPrices buy_type[], registerOrder buy_type
	priceKey     string // getPrices result key
	trackingCode int    // tracking order.buy_type
}{
	{CashOnDelivery, "cod", 1, "posti", 0},
	{Online, "online", 2, "naghdi", 1},
}

func payRow(w PaymentWay) (int, bool) {
	for i, row := range paymentWayTable {
		if row.way == w {
			return i, true
		}
	}
	return 0, false
}

func (w PaymentWay) String() string {
	if i, ok := payRow(w); ok {
		return paymentWayTable[i].slug
	}
	return fmt.Sprintf("PaymentWay(%d)", int(w))
}

func (w PaymentWay) code() (int, error) {
	if i, ok := payRow(w); ok {
		return paymentWayTable[i].code, nil
	}
	return 0, fmt.Errorf("%w: unknown payment way %v", ErrUnsupported, w)
}

func paymentWayFromPriceKey(key string) (PaymentWay, bool) {
	for _, row := range paymentWayTable {
		if row.priceKey == key {
			return row.way, true
		}
	}
	return 0, false
}

func paymentWayFromTrackingCode(code int64) PaymentWay {
	for _, row := range paymentWayTable {
		if int64(row.trackingCode) == code {
			return row.way
		}
	}
	return 0
}

// Gender is the buyer's gender, which Frotel requires (0 woman, 1 man).
type Gender int

const (
	Female Gender = iota + 1
	Male
)

func (g Gender) code() (int, error) {
	switch g {
	case Female:
		return 0, nil
	case Male:
		return 1, nil
	}
	return 0, invalid("buyer gender is required")
}
