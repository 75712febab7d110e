package loyalty

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"shop/internal/iran"
)

// Club is the part of the club's API the Service uses; *Client satisfies it.
type Club interface {
	Register(ctx context.Context, r RegisterRequest) (RegisterResult, error)
	Balance(ctx context.Context, nationalCode string) ([]Balance, error)
	EnquireMembership(ctx context.Context, nationalCode string) (Membership, error)
	CardMembership(ctx context.Context, card string) (CardMembership, error)
	CardGroups(ctx context.Context) ([]Group, error)
	CustomerGroups(ctx context.Context) ([]Group, error)
	DisableCustomer(ctx context.Context, nationalCode string) error
	MapCards(ctx context.Context, nationalCode string, cards []string) error
	MappedCustomerTransactions(ctx context.Context, cards []string, from time.Time) ([]MappedTransaction, error)
	TerminalTransactions(ctx context.Context, terminal string, from time.Time) ([]TerminalTransaction, error)
	TerminalTransactionsForMappedCustomers(ctx context.Context, terminal string, from time.Time) ([]MappedTransaction, error)
}

// TransactionFilter narrows a listing of stored transactions.
type TransactionFilter struct {
	Terminal  string
	RRN       string
	PanSuffix string    // last digits of the card, digits only
	From, To  time.Time // LocalTime in [From, To); zero = open
	Limit     int       // default 100, at most 1000
	Offset    int
}

// TransactionStore keeps the transactions copied from the club. store.Store satisfies it.
type TransactionStore interface {
	SaveTerminalTransactions(ctx context.Context, txs []TerminalTransaction) (inserted int, err error)
	SaveMappedTransactions(ctx context.Context, txs []MappedTransaction) (inserted int, err error)
	ListTerminalTransactions(ctx context.Context, f TransactionFilter) ([]TerminalTransaction, error)
	ListMappedTransactions(ctx context.Context, f TransactionFilter) ([]MappedTransaction, error)
}

// ServiceConfig configures a Service.
type ServiceConfig struct {
	Club         Club
	Store        TransactionStore
	Enabled      bool
	ChooseGroups bool // the agency may choose customer/card groups at registration
	EnglishNames bool // the seller asks joining shoppers for their Latin names (optional fields)
	// CustomerGroup and CardGroup are the groups the seller puts new members in (ids as GetCustomerGroups and
	// GetCardGroups list them); empty means the first group listed. Shoppers never choose them.
	CustomerGroup string
	CardGroup     string
	Timeout       time.Duration // per shopper-facing call [3s]; loyalty never blocks a purchase for long
	AdminTimeout  time.Duration // per admin call [15s]
	GroupsTTL     time.Duration // how long group lists are cached [1h]
	Now           func() time.Time
	Logger        *slog.Logger
}

// Service is what the web layer uses of the loyalty club.
type Service struct {
	cfg ServiceConfig

	mu             sync.Mutex
	groupsAt       time.Time
	customerGroups []Group
	cardGroups     []Group
}

// NewService builds a Service.
func NewService(cfg ServiceConfig) *Service {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 3 * time.Second
	}
	if cfg.AdminTimeout <= 0 {
		cfg.AdminTimeout = 15 * time.Second
	}
	if cfg.GroupsTTL <= 0 {
		cfg.GroupsTTL = time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{cfg: cfg}
}

// Enabled reports whether the club is switched on; the web layer hides its boxes when not.
func (s *Service) Enabled() bool { return s.cfg.Enabled && s.cfg.Club != nil }

// AsksEnglishNames reports whether the join form asks for the optional Latin names.
func (s *Service) AsksEnglishNames() bool { return s.Enabled() && s.cfg.EnglishNames }

// CanChooseGroups reports whether the join form offers customer and card groups.
func (s *Service) CanChooseGroups() bool { return s.Enabled() && s.cfg.ChooseGroups }

func (s *Service) ready() error {
	if !s.Enabled() {
		return ErrDisabled
	}
	return nil
}

// Lookup is what the checkout box shows for a national code.
type Lookup struct {
	NationalCode string
	Member       bool
	Balances     []Balance
}

// Lookup tells whether nationalCode is a member and, for members, their balances. Errors are for
// showing with Message; a purchase must go on without the club.
func (s *Service) Lookup(ctx context.Context, nationalCode string) (Lookup, error) {
	if err := s.ready(); err != nil {
		return Lookup{}, err
	}
	code, err := iran.ValidNationalCode(nationalCode)
	if err != nil {
		return Lookup{}, FieldErrors{{Field: "NationalCode", Err: err}}
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	m, err := s.cfg.Club.EnquireMembership(ctx, code)
	if err != nil {
		return Lookup{NationalCode: code}, s.logged("lookup", err)
	}
	res := Lookup{NationalCode: code, Member: m.Member}
	if !m.Member {
		return res, nil
	}
	bal, err := s.cfg.Club.Balance(ctx, code)
	switch {
	case errors.Is(err, ErrCardAccountWasNotFound):
		// a member without an account yet: nothing to show, not a failure
	case err != nil:
		return res, s.logged("lookup balance", err)
	default:
		res.Balances = bal
	}
	return res, nil
}

// Join registers a new member. Field problems come back as FieldErrors; a national code already in the
// club as an error matching ErrNationalCodeWasRegisteredPreviously. An answer outside the spec's codes is
// read back with EnquireMemebership before anything is returned (confirmJoin).
func (s *Service) Join(ctx context.Context, r JoinRequest) error {
	if err := s.ready(); err != nil {
		return err
	}
	r, err := r.Validate()
	if err != nil {
		return err
	}
	if !s.CanChooseGroups() {
		r.CustomerGroupID, r.CardGroupID = "", ""
	} else {
		customer, card, err := s.Groups(ctx)
		if err != nil {
			return err
		}
		if r.CustomerGroupID == "" {
			r.CustomerGroupID = s.sellerGroup(customer, s.cfg.CustomerGroup, "customer")
		}
		if r.CardGroupID == "" {
			r.CardGroupID = s.sellerGroup(card, s.cfg.CardGroup, "card")
		}
		var fe FieldErrors
		if r.CustomerGroupID != "" && !hasGroup(customer, r.CustomerGroupID) {
			fe = append(fe, FieldError{Field: "CustomerGroupID", Message: "گروه مشتری انتخاب‌شده معتبر نیست."})
		}
		if r.CardGroupID != "" && !hasGroup(card, r.CardGroupID) {
			fe = append(fe, FieldError{Field: "CardGroupID", Message: "گروه کارت انتخاب‌شده معتبر نیست."})
		}
		if len(fe) > 0 {
			return fe
		}
	}
	callCtx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	_, err = s.cfg.Club.Register(callCtx, RegisterRequest{
		NationalCode: r.NationalCode, FirstNameFa: r.FirstNameFa, LastNameFa: r.LastNameFa,
		FirstNameEn: r.FirstNameEn, LastNameEn: r.LastNameEn, CellNumber: r.Mobile, MappedCards: r.Cards,
		CustomerGroupID: r.CustomerGroupID, CardGroupID: r.CardGroupID,
	})
	var se *StatusError
	if errors.As(err, &se) && !se.Known() {
		return s.confirmJoin(ctx, r.NationalCode, se)
	}
	if err != nil {
		return s.logged("join", err)
	}
	s.cfg.Logger.Info("loyalty: member joined", "cards", len(r.Cards))
	return nil
}

// Groups returns the customer and card groups, cached for GroupsTTL; a stale list is served while the
// club is unreachable.
func (s *Service) Groups(ctx context.Context) (customer, card []Group, err error) {
	if err := s.ready(); err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.Now()
	if !s.groupsAt.IsZero() && now.Sub(s.groupsAt) < s.cfg.GroupsTTL {
		return slices.Clone(s.customerGroups), slices.Clone(s.cardGroups), nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	cu, err1 := s.cfg.Club.CustomerGroups(ctx)
	ca, err2 := s.cfg.Club.CardGroups(ctx)
	if err := errors.Join(err1, err2); err != nil {
		if !s.groupsAt.IsZero() {
			s.cfg.Logger.Warn("loyalty: groups: serving the cached list", "error", err)
			return slices.Clone(s.customerGroups), slices.Clone(s.cardGroups), nil
		}
		return nil, nil, s.logged("groups", err)
	}
	s.customerGroups, s.cardGroups, s.groupsAt = cu, ca, now
	return slices.Clone(cu), slices.Clone(ca), nil
}

// CardMembership tells the admin what a card is to the club.
func (s *Service) CardMembership(ctx context.Context, card string) (CardMembership, error) {
	if err := s.ready(); err != nil {
		return CardMembership{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.AdminTimeout)
	defer cancel()
	m, err := s.cfg.Club.CardMembership(ctx, card)
	return m, s.logged("card membership", err)
}

// MapCards maps bank cards to a member (admin).
func (s *Service) MapCards(ctx context.Context, nationalCode string, cards []string) error {
	if err := s.ready(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.AdminTimeout)
	defer cancel()
	return s.logged("map cards", s.cfg.Club.MapCards(ctx, nationalCode, cards))
}

// DisableCustomer disables a member (admin).
func (s *Service) DisableCustomer(ctx context.Context, nationalCode string) error {
	if err := s.ready(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.AdminTimeout)
	defer cancel()
	err := s.cfg.Club.DisableCustomer(ctx, nationalCode)
	if err == nil {
		s.cfg.Logger.Info("loyalty: customer disabled")
	}
	return s.logged("disable customer", err)
}

// MappedCustomerTransactions asks the club, live, for the purchases of mapped cards since from (admin;
// the club keeps seven days).
func (s *Service) MappedCustomerTransactions(ctx context.Context, cards []string, from time.Time) ([]MappedTransaction, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.AdminTimeout)
	defer cancel()
	txs, err := s.cfg.Club.MappedCustomerTransactions(ctx, cards, from)
	return txs, s.logged("mapped customer transactions", err)
}

// StoredTerminalTransactions browses the terminal transactions the sync job copied.
func (s *Service) StoredTerminalTransactions(ctx context.Context, f TransactionFilter) ([]TerminalTransaction, error) {
	if s.cfg.Store == nil {
		return nil, errors.New("loyalty: no transaction store")
	}
	return s.cfg.Store.ListTerminalTransactions(ctx, f)
}

// StoredMappedTransactions browses the mapped-card transactions the sync job copied.
func (s *Service) StoredMappedTransactions(ctx context.Context, f TransactionFilter) ([]MappedTransaction, error) {
	if s.cfg.Store == nil {
		return nil, errors.New("loyalty: no transaction store")
	}
	return s.cfg.Store.ListMappedTransactions(ctx, f)
}

// logged logs failures that are the club's or the network's (not the shopper's typing) and returns err.
func (s *Service) logged(op string, err error) error {
	if err == nil {
		return nil
	}
	var fe FieldErrors
	if errors.As(err, &fe) {
		return err
	}
	var se *StatusError
	if errors.As(err, &se) && se.Known() {
		s.cfg.Logger.Info("loyalty: "+op, "status", se.Status, "error", err)
		return err
	}
	s.cfg.Logger.Warn("loyalty: "+op, "error", err)
	return err
}

func hasGroup(gs []Group, id string) bool {
	return slices.ContainsFunc(gs, func(g Group) bool { return g.ID == id })
}

// sellerGroup is the group the seller chose for new members, or the first group the club lists when the seller
// chose none (or one the club no longer lists, which is logged).
func (s *Service) sellerGroup(groups []Group, chosen, kind string) string {
	if chosen != "" && hasGroup(groups, chosen) {
		return chosen
	}
	if chosen != "" {
		s.cfg.Logger.Warn("loyalty: the configured group is not listed by the club; using the first", "kind", kind, "group", chosen)
	}
	if len(groups) == 0 {
		return ""
	}
	return groups[0].ID
}
