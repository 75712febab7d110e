package loyalty

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"shop/internal/iran"
)

// Date layouts of the club: Gregorian, Tehran wall-clock time.
const (
	layoutDateTime = "20060102150405" // TerminalTransactions FromDate
	layoutDate     = "20060102"       // the two mapped-card reports
)

// RegisterRequest is a new member. Cards are bank card numbers to map to the new loyalty card.
// Group ids are sent only when set (agencies allowed to choose).
type RegisterRequest struct {
	NationalCode    string
	FirstNameFa     string
	LastNameFa      string
	FirstNameEn     string
	LastNameEn      string
	CellNumber      string
	MappedCards     []string
	CustomerGroupID string
	CardGroupID     string
}

// RegisterResult is what the club answers on registration; the spec leaves its shape open, so the raw
// AdditionalData is kept.
type RegisterResult struct {
	Status int
	Data   json.RawMessage
}

// Balance is one account segment of a customer, e.g. «امتیاز خرید».
type Balance struct {
	AccountName   string
	BalanceAmount int64
}

// Group is a customer group or a card group.
type Group struct {
	ID    string
	Title string
}

// TerminalTransaction is one purchase on one of the agency's terminals. PanTrunc is always masked.
type TerminalTransaction struct {
	Terminal  string
	Amount    int64 // before discounts, rials
	TrAmount  int64 // after discounts, rials
	PanTrunc  string
	RRN       string
	LocalTime time.Time
}

// MappedTransaction is a purchase made with a bank card mapped to a member, on one of the club's terminals.
type MappedTransaction struct {
	Terminal  string
	PanTrunc  string // masked; empty when the club does not say (MappedCustomerTransactions of several cards)
	Amount    int64
	TrAmount  int64
	RRN       string
	LocalTime time.Time
}

type wireTransaction struct {
	Amount        flexInt
	TrAmount      flexInt
	PanTrunc      flexString
	PTerminalNo   flexString
	RRN           flexString
	LocalDateTime flexTime
}

type wireBalance struct {
	AccountName   flexString
	BalanceAmount flexInt
}

type wireGroup struct {
	ID    flexString
	Title flexString
}

// Register registers a customer (POST Register).
func (c *Client) Register(ctx context.Context, r RegisterRequest) (RegisterResult, error) {
	const method = "Register"
	code, err := validNational(r.NationalCode, "NationalCode")
	if err != nil {
		return RegisterResult{}, wrap(method, err)
	}
	mobile, err := iran.NormalizeMobile(r.CellNumber)
	if err != nil {
		return RegisterResult{}, wrap(method, FieldErrors{{Field: "CellNumber", Err: err}})
	}
	p := url.Values{
		"NationalCode": {code},
		"FirstNameFa":  {strings.TrimSpace(r.FirstNameFa)},
		"LastNameFa":   {strings.TrimSpace(r.LastNameFa)},
		"CellNumber":   {mobile},
	}
	// The Latin names are optional: an empty FirstNameEn= could be bound by the club as a name that is
	// present and blank, so an empty one is not sent at all.
	setIf(p, "FirstNameEn", strings.TrimSpace(r.FirstNameEn))
	setIf(p, "LastNameEn", strings.TrimSpace(r.LastNameEn))
	if len(r.MappedCards) > 0 {
		cards, err := validCards(r.MappedCards, "MappedCards")
		if err != nil {
			return RegisterResult{}, wrap(method, err)
		}
		p.Set("MappedCards", cards)
	}
	setIf(p, "CustomerGroupId", r.CustomerGroupID)
	setIf(p, "CardGroupId", r.CardGroupID)
	env, err := c.call(ctx, http.MethodPost, method, p)
	if err != nil {
		return RegisterResult{}, err
	}
	return RegisterResult{Status: int(env.Status), Data: env.AdditionalData}, nil
}

// TerminalTransactions lists the transactions of one terminal since from (GET TerminalTransactions).
// The club keeps only the last seven days.
func (c *Client) TerminalTransactions(ctx context.Context, terminal string, from time.Time) ([]TerminalTransaction, error) {
	const method = "TerminalTransactions"
	terminal, err := validTerminal(terminal)
	if err != nil {
		return nil, wrap(method, err)
	}
	env, err := c.call(ctx, http.MethodGet, method, url.Values{
		"TerminalNumber": {terminal},
		"FromDate":       {from.In(iran.Tehran).Format(layoutDateTime)},
	})
	if err != nil {
		return nil, err
	}
	var rows []wireTransaction
	if err := env.data(&rows); err != nil {
		return nil, wrap(method, err)
	}
	out := make([]TerminalTransaction, 0, len(rows))
	for _, w := range rows {
		out = append(out, TerminalTransaction{
			Terminal: terminal, Amount: int64(w.Amount), TrAmount: int64(w.TrAmount),
			PanTrunc: MaskPAN(string(w.PanTrunc)), RRN: strings.TrimSpace(string(w.RRN)),
			LocalTime: time.Time(w.LocalDateTime),
		})
	}
	return out, nil
}

// Balance lists the account segments of a customer (GET Balance).
func (c *Client) Balance(ctx context.Context, nationalCode string) ([]Balance, error) {
	const method = "Balance"
	code, err := validNationalOrLegal(nationalCode)
	if err != nil {
		return nil, wrap(method, err)
	}
	env, err := c.call(ctx, http.MethodGet, method, url.Values{"NationalCode": {code}})
	if err != nil {
		return nil, err
	}
	var rows []wireBalance
	if err := env.data(&rows); err != nil {
		return nil, wrap(method, err)
	}
	out := make([]Balance, 0, len(rows))
	for _, w := range rows {
		out = append(out, Balance{AccountName: strings.TrimSpace(string(w.AccountName)), BalanceAmount: int64(w.BalanceAmount)})
	}
	return out, nil
}

// EnquireMembership asks whether a customer is a member (POST EnquireMemebership, the upstream spelling).
// The answer is inverted upstream; interpretMembership reads it.
func (c *Client) EnquireMembership(ctx context.Context, nationalCode string) (Membership, error) {
	const method = "EnquireMemebership"
	code, err := validNationalOrLegal(nationalCode)
	if err != nil {
		return Membership{}, wrap(method, err)
	}
	env, err := c.call(ctx, http.MethodPost, method, url.Values{"NationalCode": {code}})
	var se *StatusError
	if err != nil && !asStatus(err, &se) {
		return Membership{}, err
	}
	return interpretMembership(int(env.Status), string(env.ErrorMessage))
}

// CardMembership tells whether a card is a loyalty card or a mapped bank card (GET CardMembership).
func (c *Client) CardMembership(ctx context.Context, card string) (CardMembership, error) {
	const method = "CardMembership"
	number, err := validCards([]string{card}, "CardNo")
	if err != nil {
		return CardMembership{}, wrap(method, err)
	}
	// The provider's Postman collection names the card CardNo, the one public client CardNumber; which one
	// the club binds is unknown, and a parameter it does not bind is ignored, so both are sent.
	env, err := c.call(ctx, http.MethodGet, method, url.Values{"CardNo": {number}, "CardNumber": {number}})
	var se *StatusError
	if err != nil && !asStatus(err, &se) {
		return CardMembership{Card: MaskPAN(number)}, err
	}
	return interpretCardMembership(MaskPAN(number), env)
}

// CardGroups lists the agency's card groups (GET GetCardGroups).
func (c *Client) CardGroups(ctx context.Context) ([]Group, error) {
	return c.groups(ctx, "GetCardGroups")
}

// CustomerGroups lists the agency's customer groups (GET GetCustomerGroups).
func (c *Client) CustomerGroups(ctx context.Context) ([]Group, error) {
	return c.groups(ctx, "GetCustomerGroups")
}

func (c *Client) groups(ctx context.Context, method string) ([]Group, error) {
	env, err := c.call(ctx, http.MethodGet, method, nil)
	if err != nil {
		return nil, err
	}
	var rows []wireGroup
	if err := env.data(&rows); err != nil {
		return nil, wrap(method, err)
	}
	out := make([]Group, 0, len(rows))
	for _, w := range rows {
		out = append(out, Group{ID: strings.TrimSpace(string(w.ID)), Title: strings.TrimSpace(string(w.Title))})
	}
	return out, nil
}

// DisableCustomer disables a customer (POST DisableCustomer).
func (c *Client) DisableCustomer(ctx context.Context, nationalCode string) error {
	const method = "DisableCustomer"
	code, err := validNationalOrLegal(nationalCode)
	if err != nil {
		return wrap(method, err)
	}
	_, err = c.call(ctx, http.MethodPost, method, url.Values{"NationalCode": {code}})
	return err
}

// MapCards maps bank cards to a customer given by national code or economic code (POST MapCards).
func (c *Client) MapCards(ctx context.Context, nationalCode string, cards []string) error {
	const method = "MapCards"
	code, err := validNationalOrLegal(nationalCode)
	if err != nil {
		return wrap(method, err)
	}
	list, err := validCards(cards, "MappedCards")
	if err != nil {
		return wrap(method, err)
	}
	_, err = c.call(ctx, http.MethodPost, method, url.Values{"NationalCode": {code}, "MappedCards": {list}})
	return err
}

// MappedCustomerTransactions lists the transactions of mapped bank cards on the club's terminals since the
// day of from (GET MappedCustomerTransactions).
func (c *Client) MappedCustomerTransactions(ctx context.Context, cards []string, from time.Time) ([]MappedTransaction, error) {
	const method = "MappedCustomerTransactions"
	list, err := validCards(cards, "CardNumber")
	if err != nil {
		return nil, wrap(method, err)
	}
	env, err := c.call(ctx, http.MethodGet, method, url.Values{
		"CardNumber": {list},
		"FromDate":   {from.In(iran.Tehran).Format(layoutDate)},
	})
	if err != nil {
		return nil, err
	}
	pan := ""
	if len(cards) == 1 { // the report names no card; with one card asked it is that one
		pan = MaskPAN(list)
	}
	return decodeMapped(method, env, "", pan)
}

// TerminalTransactionsForMappedCustomers lists the transactions of all mapped bank cards on one terminal
// since the day of from (GET TerminalTransactionsForMappedCustomers).
func (c *Client) TerminalTransactionsForMappedCustomers(ctx context.Context, terminal string, from time.Time) ([]MappedTransaction, error) {
	const method = "TerminalTransactionsForMappedCustomers"
	terminal, err := validTerminal(terminal)
	if err != nil {
		return nil, wrap(method, err)
	}
	env, err := c.call(ctx, http.MethodGet, method, url.Values{
		"TerminalNumber": {terminal},
		"FromDate":       {from.In(iran.Tehran).Format(layoutDate)},
	})
	if err != nil {
		return nil, err
	}
	return decodeMapped(method, env, terminal, "")
}

func decodeMapped(method string, env envelope, terminal, pan string) ([]MappedTransaction, error) {
	var rows []wireTransaction
	if err := env.data(&rows); err != nil {
		return nil, wrap(method, err)
	}
	out := make([]MappedTransaction, 0, len(rows))
	for _, w := range rows {
		t := MappedTransaction{
			Terminal: terminal, PanTrunc: pan, Amount: int64(w.Amount), TrAmount: int64(w.TrAmount),
			RRN: strings.TrimSpace(string(w.RRN)), LocalTime: time.Time(w.LocalDateTime),
		}
		if v := strings.TrimSpace(string(w.PTerminalNo)); v != "" {
			t.Terminal = v
		}
		if v := strings.TrimSpace(string(w.PanTrunc)); v != "" {
			t.PanTrunc = MaskPAN(v)
		}
		out = append(out, t)
	}
	return out, nil
}

// setIf sets an optional parameter only when it has a value.
func setIf(p url.Values, name, value string) {
	if value != "" {
		p.Set(name, value)
	}
}

func wrap(method string, err error) error { return fmt.Errorf("loyalty: %s: %w", method, err) }

func validNational(s, field string) (string, error) {
	code, err := iran.ValidNationalCode(s)
	if err != nil {
		return "", FieldErrors{{Field: field, Err: err}}
	}
	return code, nil
}

func validNationalOrLegal(s string) (string, error) {
	code, err := iran.ValidNationalOrLegalID(s)
	if err != nil {
		return "", FieldErrors{{Field: "NationalCode", Err: err}}
	}
	return code, nil
}

// validCards checks every card and returns them comma-separated without spaces, as the club wants.
func validCards(cards []string, field string) (string, error) {
	if len(cards) == 0 {
		return "", FieldErrors{{Field: field, Message: "دست‌کم یک شماره کارت لازم است."}}
	}
	out := make([]string, 0, len(cards))
	for _, card := range cards {
		n, err := iran.ValidCardNumber(card)
		if err != nil {
			// the error names the card masked, never in full
			return "", FieldErrors{{Field: field, Err: fmt.Errorf("%s: %w", MaskPAN(card), err)}}
		}
		out = append(out, n)
	}
	return strings.Join(out, ","), nil
}

func validTerminal(s string) (string, error) {
	s = strings.TrimSpace(iran.NormalizeDigits(s))
	if s == "" || len(s) > 20 || strings.Trim(s, "0123456789") != "" {
		return "", FieldErrors{{Field: "TerminalNumber", Message: "شماره پایانه باید فقط رقم باشد."}}
	}
	return s, nil
}
