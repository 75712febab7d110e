package templates

// Option is one entry of a select list.
type Option struct {
	Value string
	Label string
}

// QuoteRow is one send method in the shipping table, with its cost for each payment way.
type QuoteRow struct {
	Send      string // the send method's name, the form's value
	SendLabel string
	Online    int64
	HasOnline bool
	COD       int64
	HasCOD    bool
}

// QuoteView is the shipping table shown once the destination is known.
type QuoteView struct {
	Free     bool
	Fallback bool // Frotel could not quote: the costs are the seller's estimates
	Rows     []QuoteRow
}

// BillView is what the shopper will pay for the basket with one shipping option, computed on the server from
// the catalog and the quote. The page holds one per option; the chosen one is shown and a script shows another
// when the shopper changes the option, so no price is ever computed in the browser.
type BillView struct {
	Key       string // "send|pay" as the form's values spell them; empty when nothing ships or nothing is quoted yet
	SendLabel string
	PayLabel  string
	ListPrice int64 // the goods at their undiscounted prices, tax included
	Discount  int64
	Tax       int64 // included in the goods
	Ships     bool  // the basket has goods to ship
	Quoted    bool  // the shipping below is Frotel's quote for this option
	Available bool  // Frotel offers this option (false: the shopper must pick another)
	Shipping  int64
	// Coupon is what the Frotel coupon takes off the goods (0: none); CouponEfficacy is «۱۰٪» for a percentage.
	Coupon         int64
	CouponCode     string
	CouponEfficacy string
	Total          int64 // goods - coupon + shipping: what Frotel's factor(s) will ask for
}

// CheckoutPage is GET/POST /checkout.
type CheckoutPage struct {
	Page
	Lines       []CartLine
	GoodsTotal  int64
	Weight      int64
	Values      map[string]string
	Errors      map[string]string
	Provinces   []Option
	Cities      []Option
	NeedAddress bool // physical goods or services
	NeedMessage bool // virtual goods: Frotel requires a note to the seller
	Physical    bool
	Mixed       bool
	KindLabels  []string
	Quote       *QuoteView
	Bills       []BillView // one per shipping option (or one with no shipping), see BillView
	BillKey     string     // the Key of the bill of the option currently chosen
	QuoteError  string
	FormError   string
	Loyalty     LoyaltyBox
}

// LoyaltyBox is the optional loyalty club box of the checkout page.
type LoyaltyBox struct {
	Enabled      bool
	NationalCode string
	Checked      bool // a look-up was made
	Member       bool
	Balances     []LoyaltyBalance
	Error        string
	Unavailable  bool
	// Join form
	JoinValues     map[string]string
	JoinErrors     map[string]string
	Joined         bool
	ChooseGroup    bool
	EnglishNames   bool // the seller asks for the optional Latin names
	CustomerGroups []Option
	CardGroups     []Option
}

// LoyaltyBalance is one account segment's balance.
type LoyaltyBalance struct {
	Account string
	Amount  int64
}

// OrderItem is one line on the order page.
type OrderItem struct {
	Name      string
	Count     int
	UnitPrice int64
	Total     int64
}

// BankView is one bank the shopper may pick.
type BankView struct {
	ID   string
	Name string
	Logo string // empty unless an http(s) URL
}

// DownloadView is one purchased file.
type DownloadView struct {
	Title  string // the product's title
	Name   string // the file's own name, shown left-to-right beneath
	Size   string
	Mime   string
	Count  string
	Expire string
	URL    string // empty unless an http(s) URL
}

// SiblingView is another order placed from the same basket (or one of this browser's recent orders).
type SiblingView struct {
	Token      string
	KindLabel  string
	Title      string // what was bought: the item's name, or a count of items
	StateLabel string
	StateClass string
	Total      int64
	FactorID   string
	Created    string
}

// OrderPage is GET /orders/:token.
type OrderPage struct {
	Page
	Token          string
	Reference      string // the shop's own number (SH-…), the one the seller's dashboard shows beside the factor
	Kind           string
	KindLabel      string
	State          string
	StateLabel     string
	StateClass     string
	FactorID       string
	GoodsTotal     int64
	Shipping       int64
	Estimated      bool // the shipping cost is the seller's fallback price; Frotel's factor has the real one
	Total          int64
	FactorTotal    int64
	SendLabel      string
	PaymentLabel   string
	Items          []OrderItem
	BuyerName      string
	Mobile         string
	Address        string
	Place          string
	Created        string
	Banks          []BankView
	CanRetry       bool
	Remainder      int64
	TrackingCode   string
	Barcode        string // the postal barcode, once Frotel's tracking gave one
	Downloads      []DownloadView
	LinksError     string
	Problem        string
	CanReverify    bool
	AwaitingSeller bool // online order registered without banks
	COD            bool
	Siblings       []SiblingView
	Attempts       []AttemptView
	// Notes are the seller's notes to the buyer, oldest first.
	Notes []SellerNoteView
}

// AttemptView is one line of the order's payment history.
type AttemptView struct {
	When   string
	What   string
	Result string // a short outcome beside What, when it needs one
	Class  string // ok, bad or wait: the dot's colour
}

// PayRedirectPage re-emits the bank's redirect form from its parsed parts, or, when the bank's page has no usable
// form, shows that page in a sandboxed frame (Frame) of its own origin.
type PayRedirectPage struct {
	Page
	Action   string
	Method   string
	Frame    string   // the bank's HTML for the frame's srcdoc; set only when there is no form
	Fields   []Option // Value = field name, Label = field value
	BankName string
	Amount   int64
	Token    string
}

// TrackPage is GET /track.
type TrackPage struct {
	Page
	Factor string
	Mobile string
	Error  string
	Errors map[string]string // beside the fields: an empty factor or mobile
	Result *TrackResult
	Recent []SiblingView // orders placed in this browser
}

// TrackResult is Frotel's answer for one order.
type TrackResult struct {
	Customer     string
	FactorID     string
	Barcode      string
	Status       string
	StateClass   string
	Date         string
	ChangeDate   string
	Price        int64
	PaymentLabel string
	Description  string
	PayMessage   string
	PayLink      string // set only while money is due: the message then reads as a warning, else as news
	OrderToken   string
}

// errRef is " err-NAME" when the field has an error shown beside it (fieldError), for aria-describedby.
func errRef(errs map[string]string, name string) string {
	if _, ok := errs[name]; ok {
		return " err-" + name
	}
	return ""
}

// maxLength is the most a checkout field takes, as the form parser checks it: the browser stops typing there
// rather than the shopper learning it from an error.
func maxLength(field string) int {
	switch field {
	case "first_name", "last_name":
		return 40
	case "mobile", "phone":
		return 16
	case "email":
		return 120
	case "postal_code":
		return 12
	}
	return 0
}

// invalid is aria-invalid's value for a field: "true" when it has an error shown beside it, else "false".
func invalid(errs map[string]string, name string) string {
	if _, ok := errs[name]; ok {
		return "true"
	}
	return "false"
}
