package admin

import (
	"strconv"

	"shop/internal/iran"
)

// AdminPage is what every dashboard page's layout needs.
type AdminPage struct {
	Title     string
	CSRF      string
	Email     string // the signed-in account ("" on the sign-in page)
	RoleLabel string
	Owner     bool   // the signed-in account is the owner's: owner-only sections are shown
	Active    string // the nav entry to highlight: "overview", "orders"…
	Notice    Flash
	Sandbox   bool
	PriceUnit iran.PriceUnit
	ShopTitle string // from the dashboard's settings; "" is templates.ShopName
}

// AdminNavItem is one entry of the dashboard's navigation.
type AdminNavItem struct {
	Key       string
	Label     string
	Href      string
	OwnerOnly bool // settings and accounts: staff do not see them
}

// AdminNav lists the dashboard's sections in order. Products, settings, loyalty and accounts slot in here as
// their pages arrive (keys "products", "settings", "loyalty", "accounts").
var AdminNav = []AdminNavItem{
	{Key: "overview", Label: "پیشخوان", Href: "/admin"},
	{Key: "orders", Label: "سفارش‌ها", Href: "/admin/orders"},
	{Key: "products", Label: "کالاها", Href: "/admin/products"},
	{Key: "categories", Label: "دسته‌بندی‌ها", Href: "/admin/categories"},
	{Key: "loyalty", Label: "باشگاه مشتریان", Href: "/admin/loyalty"},
	{Key: "settings", Label: "تنظیمات", Href: "/admin/settings", OwnerOnly: true},
	{Key: "messages", Label: "پیام‌ها", Href: "/admin/settings/messages", OwnerOnly: true},
	{Key: "accounts", Label: "کارکنان", Href: "/admin/accounts", OwnerOnly: true},
}

// AdminLoginPage is GET/POST /admin/login.
type AdminLoginPage struct {
	AdminPage
	Email   string
	Next    string
	Error   string // wrong e-mail or password
	Limited string // too many attempts: when to try again
}

// AdminOption is one choice of a filter's select list.
// AdminOptionGroup is a labelled group of a list's options (an <optgroup>).
type AdminOptionGroup struct {
	Label   string
	Options []AdminOption
}

type AdminOption struct {
	Value    string
	Label    string
	Selected bool
}

// AdminOrderRow is one line of the orders list.
type AdminOrderRow struct {
	ID           int64
	Reference    string
	FactorID     string
	Buyer        string
	Mobile       string
	Total        int64
	State        string
	StateLabel   string
	Kind         string
	KindLabel    string
	Payment      string
	PaymentLabel string
	Created      string // Jalali, Tehran
	NeedsPerson  bool
}

// AdminOrderListPage is GET /admin/orders.
type AdminOrderListPage struct {
	AdminPage
	Rows       []AdminOrderRow
	Total      int
	FirstURL   string // the first page, when this is not it
	PrevURL    string // newer orders (the page above), when there are
	NextURL    string // older orders, when there are
	CSVURL     string
	Query      string
	From       string
	To         string
	States     []AdminOption
	Kinds      []AdminOption
	Payments   []AdminOption
	Problems   map[string]string
	Attention  bool   // the "needs a person" filter is on
	Attn       int    // how many orders need a person, whatever the other filters
	AttnURL    string // the one-click filter
	ClearURL   string
	HasFilters bool
}

// AdminOrderItem is one line of an order's items.
type AdminOrderItem struct {
	Code      string
	Name      string
	Count     int
	UnitPrice int64 // before discount and VAT, as the seller typed it
	Discount  int64 // the line's discount
	Tax       int64 // the line's VAT, on the discounted amount
	Total     int64 // UnitPrice × Count − Discount + Tax: what the buyer pays for the line
}

// AdminPaymentEvent is one line of an order's payment history: an attempt, a callback or a checkPay answer.
type AdminPaymentEvent struct {
	At     string
	Kind   string // attempt, callback, verification
	Label  string
	Detail string
	OK     bool
	Bad    bool
}

// AdminDownload is one of a virtual order's files.
type AdminDownload struct {
	Name string
	URL  string
}

// AdminOrderPage is GET /admin/orders/:id (and its packing slip).
type AdminOrderPage struct {
	AdminPage
	Events       []AdminEvent   // the order's history: reconciliation's and people's decisions
	Messages     []AdminMessage // what the buyer and the seller were sent about it (the outbox)
	ID           int64
	Reference    string
	Token        string
	FactorID     string
	State        string
	StateLabel   string
	NeedsPerson  bool
	Kind         string
	KindLabel    string
	PaymentLabel string
	SendLabel    string
	Physical     bool
	Created      string
	Updated      string
	BuyerName    string
	Mobile       string
	Phone        string
	Email        string
	Province     string
	City         string
	Address      string
	PostalCode   string
	Note         string
	Items        []AdminOrderItem
	Weight       int64
	GoodsTotal   int64
	Shipping     int64
	Total        int64
	FactorTotal  int64
	FreeShip     bool
	// ShippingEstimated: Shipping is the seller's fallback price (Frotel could not quote at checkout).
	ShippingEstimated bool
	TrackingCode      string
	TrackingStatus    string
	Barcode           string
	TrackedAt         string
	Problem           string
	LinksError        string
	Downloads         []AdminDownload
	Payments          []AdminPaymentEvent
	ContinueURL       string // the shopper's own order page, where payment continues
	Payable           bool   // the order can still be paid online: the link is where payment continues
	CanRefresh        bool
	ShopName          string
	COD               bool // cash on delivery: the slip says what the postman collects
	Settled           bool // delivered, returned or cancelled: nothing left to collect
	// The seller's own hand: cancel (after a confirm page), mark shipped or delivered by hand.
	CanCancel, CanShip, CanDeliver bool
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// AdminEvent is one line of an order's history.
type AdminEvent struct {
	At       string
	Kind     string
	Actor    string
	Message  string
	Evidence string // indented JSON
}

// AdminProductRow is one line of the products list.
type AdminProductRow struct {
	Code            string
	Name            string
	Kind            string
	KindLabel       string
	Price           int64 // rials
	FinalPrice      int64 // after the discount
	DiscountPercent int
	Weight          int64
	FreeShipping    bool
	Active          bool
	Image           string
	Category        string // its category's name, "" for none
	Thumb           string // the first photo's thumbnail; "" shows Image
	Stock           string // «نامحدود», «۵ عدد», «ناموجود»
	StockLow        bool   // none or a few left
}

// AdminProductListPage is GET /admin/products: one page of the products that match the search.
type AdminProductListPage struct {
	AdminPage
	Rows             []AdminProductRow
	Total            int // matching the search, every page
	Hidden           int // of Total
	Query            string
	Categories       []AdminOption // the filter's choices, the one asked for selected
	Filtered         bool          // a search or a category is on
	Page, Pages      int
	PrevURL, NextURL string
}

// AdminProductFields are the product form's values as typed (prices in the display unit).
type AdminProductFields struct {
	Code, Name, Description, Kind, Price, Weight, Discount, Tax, Commission, Marketer, Files, Category string
	FreeShipping                                                                                       bool
	Stock, StockWas                                                                                    string // "" is unlimited
	Variants, VariantsWas                                                                              string // one variant a line
}

// AdminProductFormPage is the new and the edit product form.
type AdminProductFormPage struct {
	AdminPage
	New        bool
	Action     string
	Fields     AdminProductFields
	Problems   map[string]string // field name -> Persian message
	Kinds      []AdminOption
	Categories []AdminOption // the seller's categories (children indented), the product's selected; "" is none
	Image      string        // the stored picture's name, "" for none
	Active     bool
	UnitLabel  string // تومان or ریال
	UnitRials  int    // rials in one unit typed: 10 for toman, 1 for rial (admin.js's preview)
	MaxImageMB int
	// BuyerPays is what a buyer pays for one at the prices in the form (discount, then VAT), "" until they parse.
	BuyerPays string
	// PhotosEnabled: the shop stores photos (the new form takes some, the edit page lists and edits them).
	PhotosEnabled bool
	Photos        []AdminPhoto // the product's photos in order, the first the cards'
	MaxPhotos     int          // a product's bound
	MaxUpload     int          // files in one upload
	MaxPhotoMB    int
	// StockHistory is the product's quantity changes, newest first (the edit form only).
	StockHistory []AdminStockMove
}

// AdminPhoto is one of a product's photos on its edit page.
type AdminPhoto struct {
	ID            int64
	Src           string // the thumbnail
	Width, Height int
	Alt           string // as the seller wrote it ("" reads as the product's name)
	Large         string // the stored large size, e.g. ۱۲۰۰×۸۰۰
	Action        string // /admin/products/CODE/photos/ID, before /first, /up, /down, /delete, /alt
}

// AdminStockMove is one line of a product's stock history.
type AdminStockMove struct {
	At       string
	Reason   string
	Delta    string // «+۳», «−۲», «۰»
	After    string // «۵» or «نامحدود»
	OrderID  int64  // 0: none
	OrderRef string
	Actor    string
}

// AdminAccountRow is one account on the accounts page.
type AdminAccountRow struct {
	ID         int64
	Email      string
	RoleLabel  string
	Staff      bool
	Me         bool
	Created    string
	LastSignIn string // "" before the first sign-in
}

// accountDates is one line: when the account was made and when it last signed in.
func accountDates(r AdminAccountRow) string {
	if r.LastSignIn == "" {
		return "ساخته " + r.Created + "، هنوز وارد نشده"
	}
	return "ساخته " + r.Created + "، آخرین ورود " + r.LastSignIn
}

// AdminNewPassword is a password shown once, right after it was made.
type AdminNewPassword struct {
	Email    string
	Password string
}

// AdminAccountsPage is GET /admin/accounts (owner only).
type AdminAccountsPage struct {
	AdminPage
	Rows        []AdminAccountRow
	Email       string // the add-staff form, as typed
	Problem     string // beside its e-mail field
	NewPassword AdminNewPassword
}

// AdminConfirmPage asks once more before an action that cannot be undone.
type AdminConfirmPage struct {
	AdminPage
	Heading string
	Message string
	Action  string // where the confirming form posts
	Button  string
	Cancel  string // where "no" goes
	Hidden  map[string]string
}

// AdminSendMethod is one send method on the settings page: offered or not, and its fallback price as typed.
type AdminSendMethod struct {
	Value    string
	Label    string
	Offered  bool
	Fallback string
	// NotQuoted says why the method is never shown to shoppers even when ticked (chabok: Frotel prices it nowhere).
	NotQuoted string
}

// AdminSettingsPage is GET/POST /admin/settings (owner only). Amounts are in the display unit, as typed.
type AdminSettingsPage struct {
	AdminPage
	Name             string
	Contact          string
	Methods          []AdminSendMethod
	FreeAbove        string
	CourierFee       string
	CourierCities    string
	CourierCitiesNow string // the cities the courier serves now, by name
	// CourierCityGroups are Frotel's cities by province, the chosen ones selected: the seller picks by name.
	CourierCityGroups []AdminOptionGroup
	Problems          map[string]string
	UnitLabel         string
}

// AdminLoyaltyBalance is one account of a member's balance.
type AdminLoyaltyBalance struct {
	Name   string
	Amount int64
}

// AdminLoyaltyCustomer is a national code's standing in the club.
type AdminLoyaltyCustomer struct {
	NationalCode string
	Member       bool
	Balances     []AdminLoyaltyBalance
}

// AdminLoyaltyGroup is a customer or card group.
type AdminLoyaltyGroup struct {
	ID    string
	Title string
}

// AdminLoyaltyTx is one purchase in the club's reports. Amounts are rials.
type AdminLoyaltyTx struct {
	Time     string
	Terminal string
	Pan      string // masked
	RRN      string
	Amount   int64 // before the club's discount
	TrAmount int64 // paid
}

// AdminLoyaltyTotals sums a list of transactions.
type AdminLoyaltyTotals struct {
	Count    int
	Amount   int64
	TrAmount int64
}

// AdminSyncRun is one run of the loyalty pull.
type AdminSyncRun struct {
	Started  string
	Duration string
	Running  bool
	OK       bool
	Error    string
	RowsSeen int
	RowsNew  int
	Gap      bool
	Note     string
}

// AdminLoyaltyPage is GET /admin/loyalty.
type AdminLoyaltyPage struct {
	AdminPage
	Enabled bool

	NationalCode string
	Customer     *AdminLoyaltyCustomer
	LookupError  string
	MapCards     string // the map-cards form, as typed
	MapError     string
	DisableError string

	Card       string
	CardAsked  bool
	CardMember bool
	CardResult string
	CardError  string

	LiveCards  string
	LiveDays   int
	LiveAsked  bool
	Live       []AdminLoyaltyTx
	LiveTotals AdminLoyaltyTotals
	LiveError  string

	CustomerGroups []AdminLoyaltyGroup
	CardGroups     []AdminLoyaltyGroup
	GroupsError    string

	Runs      []AdminSyncRun
	RunsError string
	CanPull   bool
}

// AdminLoyaltyTxPage is GET /admin/loyalty/transactions.
type AdminLoyaltyTxPage struct {
	AdminPage
	Kind      string // terminal or mapped
	Terminal  string
	Pan       string
	RRN       string
	From      string
	To        string
	Problems  map[string]string
	Rows      []AdminLoyaltyTx
	Totals    AdminLoyaltyTotals
	Limit     int
	Truncated bool
}

// AdminErrorPage is the dashboard's error page: status, heading and message as the shop's one error handler chose
// them.
type AdminErrorPage struct {
	AdminPage
	Status    int
	Heading   string
	Message   string
	RequestID string // for server errors only
}
