package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Demo customers of the loyalty sandbox: the first is a member with balances and two mapped bank cards,
// the second is not a member. Both national codes have valid check digits.
const (
	LoyaltyMemberNationalCode    = "0013542419"
	LoyaltyNonMemberNationalCode = "0084575948"
	LoyaltyDefaultAppKey         = "sandbox-app-key"
	LoyaltyDefaultAppSecret      = "sandbox-app-secret"
)

// Status codes the fake answers with, as in the club's spec.
const (
	lyOK                        = 1
	lyUnclassified              = -1 // bad credentials, malformed input
	lyCustomerGroupNotFound     = -102
	lyCardGroupNotFound         = -103
	lyCardRepositoryNotFound    = -104
	lyNationalCodeRegistered    = -105
	lyCardRepositoryEmpty       = -106
	lyTerminalNotFound          = -107
	lyCustomerNotFound          = -108
	lyCardNotFound              = -109
	lyCardAccountNotFound       = -110
	lyMaxLoyaltyCardOrg         = -201
	lyMaxLoyaltyCardAgency      = -202
	lyMaxMappedOrg              = -203
	lyMaxMappedPerUserOrg       = -204
	lyMaxMappedAgency           = -205
	lyMaxMappedPerUserAgency    = -206
	lyMaxMappedPerUserInRequest = -1001
)

var lyStatusNames = map[int]string{
	lyUnclassified: "UnclassifiedError", lyCustomerGroupNotFound: "CustomerGroupWasNotFound",
	lyCardGroupNotFound: "CardGroupWasNotFound", lyCardRepositoryNotFound: "CardRepositoryWasNotFound",
	lyNationalCodeRegistered: "NationalCodeWasRegisteredPreviously", lyCardRepositoryEmpty: "CardRepositoryIsEmpty",
	lyTerminalNotFound: "TerminalWasNotFound", lyCustomerNotFound: "CustomerWasNotFound", lyCardNotFound: "CardWasNotFound",
	lyCardAccountNotFound: "CardAccountWasNotFound", lyMaxLoyaltyCardOrg: "MaxLoyaltyCardExceededOrganizationCapacity",
	lyMaxLoyaltyCardAgency: "MaxLoyaltyCardExceededAgencyCapacity", lyMaxMappedOrg: "MaxShetabCardMappedExceededOrganizationCapacity",
	lyMaxMappedPerUserOrg:       "MaxShetabCardMappedPerUserExceededOrganizationCapacity",
	lyMaxMappedAgency:           "MaxShetabCardMappedExceededAgencyCapacity",
	lyMaxMappedPerUserAgency:    "MaxShetabCardMappedPerUserExceededAgencyCapacity",
	lyMaxMappedPerUserInRequest: "MaxShetabCardMappedPerUserInRequestCannotExceedSpecifiedValue",
}

// LoyaltyOptions configures the fake club. Zero values take the defaults in brackets.
type LoyaltyOptions struct {
	AppKey, AppSecret string           // [LoyaltyDefaultAppKey, LoyaltyDefaultAppSecret]
	Terminals         []string         // the agency's terminals [10001001, 10001002]
	Now               func() time.Time // [time.Now]
	Seed              int64            // drives the generated transactions

	CardStock           int  // loyalty cards left in the repository [1000]; see SetCardStock for an empty one
	NoCardRepository    bool // the agency has no card repository: Register answers -104
	MaxMembersAgency    int  // loyalty cards the agency may issue [10000] (-202)
	MaxMembersOrg       int  // loyalty cards the organisation may issue [100000] (-201)
	MaxCardsPerRequest  int  // bank cards in one request [3] (-1001)
	MaxCardsPerUser     int  // bank cards per customer, agency rule [5] (-206)
	MaxCardsPerUserOrg  int  // bank cards per customer, organisation rule [8] (-204)
	MaxMappedAgency     int  // bank cards mapped by the agency in all [1000] (-205)
	MaxMappedOrg        int  // bank cards mapped in the organisation in all [10000] (-203)
	OrgMappedElsewhere  int  // bank cards other agencies have mapped, counted against MaxMappedOrg
	OrgMembersElsewhere int  // loyalty cards other agencies have issued, counted against MaxMembersOrg
}

// Loyalty is a faithful fake of the loyalty club's general web service. It is safe for concurrent use.
type Loyalty struct {
	opt LoyaltyOptions

	mu             sync.Mutex
	customers      map[string]*lyCustomer
	loyaltyCards   map[string]string // card -> national code
	mappedCards    map[string]string // bank card -> national code
	stock          int
	nextCard       int
	down           bool
	ambiguous      bool // Register answers -1 with an empty ErrorMessage after registering
	calls          map[string]int
	customerGroups []lyGroup
	cardGroups     []lyGroup
}

type lyCustomer struct {
	NationalCode                                     string
	FirstNameFa, LastNameFa, FirstNameEn, LastNameEn string
	Mobile                                           string
	CustomerGroup, CardGroup                         int
	Disabled                                         bool
	LoyaltyCard                                      string
	Mapped                                           []string
	Balances                                         []lyBalance
	NoAccount                                        bool
}

type lyBalance struct {
	AccountName   string
	BalanceAmount int64
}

type lyGroup struct {
	ID    int
	Title string
}

// NewLoyalty builds the fake with its demo data.
func NewLoyalty(o LoyaltyOptions) *Loyalty {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	if o.AppKey == "" {
		o.AppKey = LoyaltyDefaultAppKey
	}
	if o.AppSecret == "" {
		o.AppSecret = LoyaltyDefaultAppSecret
	}
	if len(o.Terminals) == 0 {
		o.Terminals = []string{"10001001", "10001002"}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	def(&o.CardStock, 1000)
	def(&o.MaxMembersAgency, 10000)
	def(&o.MaxMembersOrg, 100000)
	def(&o.MaxCardsPerRequest, 3)
	def(&o.MaxCardsPerUser, 5)
	def(&o.MaxCardsPerUserOrg, 8)
	def(&o.MaxMappedAgency, 1000)
	def(&o.MaxMappedOrg, 10000)
	l := &Loyalty{
		opt:          o,
		customers:    map[string]*lyCustomer{},
		loyaltyCards: map[string]string{},
		mappedCards:  map[string]string{},
		stock:        o.CardStock,
		calls:        map[string]int{},
		customerGroups: []lyGroup{
			{1, "مشتریان عادی"}, {2, "مشتریان طلایی"}, {3, "کارکنان"},
		},
		cardGroups: []lyGroup{{11, "کارت نقره‌ای"}, {12, "کارت طلایی"}},
	}
	member := &lyCustomer{
		NationalCode: LoyaltyMemberNationalCode, FirstNameFa: "علی", LastNameFa: "رضایی",
		FirstNameEn: "Ali", LastNameEn: "Rezaei", Mobile: "09121234567", CustomerGroup: 2, CardGroup: 12,
		Balances: []lyBalance{{"امتیاز خرید", 12500}, {"کیف پول", 3500000}, {"اعتبار هدیه", 0}},
	}
	l.customers[member.NationalCode] = member
	member.LoyaltyCard = l.issueCard()
	for _, c := range lyDemoMappedCards {
		member.Mapped = append(member.Mapped, c)
		l.mappedCards[c] = member.NationalCode
	}
	return l
}

// lyDemoMappedCards are the member's bank cards; part of the generated transactions are made with them.
var lyDemoMappedCards = []string{lyLuhnComplete("603799123456789"), lyLuhnComplete("610433987654321")}

// BaseURL is the base the loyalty client appends method names to, for the sandbox mounted at publicURL.
func (l *Loyalty) BaseURL(publicURL string) string {
	return strings.TrimRight(publicURL, "/") + "/loyalty/api/api/GeneralApi"
}

// SetDown makes every call fail with an HTML 503 page, as an unreachable club would look.
func (l *Loyalty) SetDown(down bool) { l.mu.Lock(); l.down = down; l.mu.Unlock() }

// SetAmbiguousRegister makes Register register the customer as usual and then answer Status -1 with an
// empty ErrorMessage: the answer the one public client of the club came to treat as success, and which
// the spec would call an unclassified error.
func (l *Loyalty) SetAmbiguousRegister(on bool) { l.mu.Lock(); l.ambiguous = on; l.mu.Unlock() }

// SetCardStock sets how many loyalty cards are left; 0 makes Register answer -106.
func (l *Loyalty) SetCardStock(n int) { l.mu.Lock(); l.stock = n; l.mu.Unlock() }

// Calls reports how many times a method was called (tests use it to see caching).
func (l *Loyalty) Calls(method string) int { l.mu.Lock(); defer l.mu.Unlock(); return l.calls[method] }

// MappedCards returns the bank cards mapped to a customer.
func (l *Loyalty) MappedCards(nationalCode string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c := l.customers[nationalCode]; c != nil {
		return slices.Clone(c.Mapped)
	}
	return nil
}

// IsDisabled reports whether a customer was disabled.
func (l *Loyalty) IsDisabled(nationalCode string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.customers[nationalCode]
	return c != nil && c.Disabled
}

// LoyaltyKnownCard is a card the club answers CardMembership with -105 for: known, but of no said kind.
const LoyaltyKnownCard = "6104337700001058"

// EnglishNames returns the Latin names a customer registered with.
func (l *Loyalty) EnglishNames(nationalCode string) (first, last string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c := l.customers[nationalCode]; c != nil {
		return c.FirstNameEn, c.LastNameEn
	}
	return "", ""
}

// LoyaltyCard returns the loyalty card number of a member, "" for others.
func (l *Loyalty) LoyaltyCard(nationalCode string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c := l.customers[nationalCode]; c != nil {
		return c.LoyaltyCard
	}
	return ""
}

type lyReply struct {
	Status         int
	ErrorMessage   *string
	AdditionalData any
}

// lyRequest is the parameters of one call, read as ASP.NET binds them: a GET from the query string only,
// a POST from the form body only, names matched without regard to case.
type lyRequest struct {
	params url.Values
}

func (q lyRequest) get(name string) string {
	if v, ok := q.params[name]; ok && len(v) > 0 {
		return strings.TrimSpace(v[0])
	}
	for k, v := range q.params {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
	}
	return ""
}

type lyMethod func(l *Loyalty, q lyRequest) (int, any)

// lyPath is where the fake's methods live, below wherever the handler is mounted.
const lyPath = "/loyalty/api/api/GeneralApi/"

type lyEndpoint struct {
	verb string
	fn   lyMethod
}

var lyRoutes = map[string]lyEndpoint{
	"Register":                               {http.MethodPost, (*Loyalty).register},
	"TerminalTransactions":                   {http.MethodGet, (*Loyalty).terminalTransactions},
	"Balance":                                {http.MethodGet, (*Loyalty).balance},
	"EnquireMemebership":                     {http.MethodPost, (*Loyalty).enquireMembership},
	"CardMembership":                         {http.MethodGet, (*Loyalty).cardMembership},
	"GetCardGroups":                          {http.MethodGet, (*Loyalty).getCardGroups},
	"GetCustomerGroups":                      {http.MethodGet, (*Loyalty).getCustomerGroups},
	"DisableCustomer":                        {http.MethodPost, (*Loyalty).disableCustomer},
	"MapCards":                               {http.MethodPost, (*Loyalty).mapCards},
	"MappedCustomerTransactions":             {http.MethodGet, (*Loyalty).mappedCustomerTransactions},
	"TerminalTransactionsForMappedCustomers": {http.MethodGet, (*Loyalty).terminalTransactionsForMapped},
}

// Handler serves the fake at .../loyalty/api/api/GeneralApi/{Method}, whatever prefix it is mounted
// under (with or without http.StripPrefix). Method names match without regard to case, as ASP.NET routes
// do; a wrong verb gets 405 and an unknown method 404, both with ASP.NET's {"Message": ...} body.
func (l *Loyalty) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := strings.LastIndex(strings.ToLower(r.URL.Path), strings.ToLower(lyPath))
		if i < 0 {
			lyFramework(w, http.StatusNotFound, "No HTTP resource was found that matches the request URI.")
			return
		}
		name, rt, ok := lyRoute(r.URL.Path[i+len(lyPath):])
		if !ok {
			lyFramework(w, http.StatusNotFound, "No HTTP resource was found that matches the request URI.")
			return
		}
		if r.Method != rt.verb {
			w.Header().Set("Allow", rt.verb)
			lyFramework(w, http.StatusMethodNotAllowed, "The requested resource does not support http method '"+r.Method+"'.")
			return
		}
		l.serve(w, r, name, rt.fn)
	})
}

func lyRoute(name string) (string, lyEndpoint, bool) {
	for k, rt := range lyRoutes {
		if strings.EqualFold(k, name) {
			return k, rt, true
		}
	}
	return "", lyEndpoint{}, false
}

// lyFramework answers the way ASP.NET Web API itself does when no action runs.
func lyFramework(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"Message": msg})
}

func (l *Loyalty) serve(w http.ResponseWriter, r *http.Request, name string, fn lyMethod) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls[name]++
	if l.down {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, "<html><body><h1>Service Unavailable</h1></body></html>")
		return
	}
	if err := r.ParseForm(); err != nil {
		l.reply(w, lyUnclassified, nil, "The request is invalid.")
		return
	}
	q := lyRequest{params: r.URL.Query()}
	if r.Method == http.MethodPost {
		q.params = r.PostForm
	}
	if q.get("AppKey") != l.opt.AppKey || q.get("AppSecret") != l.opt.AppSecret {
		l.reply(w, lyUnclassified, nil, "AppKey or AppSecret is not valid.")
		return
	}
	status, data := fn(l, q)
	if name == "Register" && l.ambiguous && status > 0 {
		l.reply(w, lyUnclassified, nil, "")
		return
	}
	msg := ""
	if status < 0 {
		if s, ok := data.(string); ok {
			msg, data = s, nil
		} else {
			msg = lyStatusNames[status]
		}
	}
	l.reply(w, status, data, msg)
}

func (l *Loyalty) reply(w http.ResponseWriter, status int, data any, msg string) {
	rep := lyReply{Status: status, AdditionalData: data}
	if msg != "" || status < 0 {
		rep.ErrorMessage = &msg
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(rep)
}

// lyFail answers a status with the code's own name as ErrorMessage.
func lyFail(status int) (int, any) { return status, nil }

// lyBad answers an unclassified error with a sentence, as the club does for malformed input.
func lyBad(format string, args ...any) (int, any) {
	return lyUnclassified, fmt.Sprintf(format, args...)
}
