package admin

// AdminMessage is one outbox message as the dashboard lists it (an order's page, the overview's failures).
type AdminMessage struct {
	At         string
	EventLabel string
	Channel    string // "پیامک" or "ایمیل"
	To         string
	Body       string
	StateLabel string
	Failed     bool
	Pending    bool
	Error      string
	Attempts   int
	OrderID    int64
	OrderRef   string
}

// AdminMessagesPage is GET/POST /admin/settings/messages (owner only): each event's switch and template, the
// seller's mobiles, and every template previewed with a real order.
type AdminMessagesPage struct {
	AdminPage
	SMSOn, EmailOn bool
	SellerMobiles  string
	Events         []AdminMessageEvent
	// PreviewOrder is the reference of the order the previews use ("" when the shop has none yet).
	PreviewOrder string
	Problems     map[string]string
}

// AdminMessageEvent is one event's row on the messages settings page.
type AdminMessageEvent struct {
	Event        string
	Label        string
	ToSeller     bool
	On           bool
	Template     string
	Placeholders string // "{factor}، {amount}، ..."
	Preview      string
}
