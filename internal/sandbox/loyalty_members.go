package sandbox

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The club's customer-facing methods: registration, membership, balances, cards and groups.

func (l *Loyalty) register(q lyRequest) (int, any) {
	code := q.get("NationalCode")
	if !lyValidNationalCode(code) {
		return lyBad("NationalCode is not valid.")
	}
	mobile := q.get("CellNumber")
	if len(mobile) != 11 || !strings.HasPrefix(mobile, "09") || !lyDigits(mobile) {
		return lyBad("CellNumber must be 11 digits starting with 09.")
	}
	if q.get("FirstNameFa") == "" || q.get("LastNameFa") == "" {
		return lyBad("FirstNameFa and LastNameFa are required.")
	}
	if _, ok := l.customers[code]; ok {
		return lyFail(lyNationalCodeRegistered)
	}
	c := &lyCustomer{
		NationalCode: code, FirstNameFa: q.get("FirstNameFa"), LastNameFa: q.get("LastNameFa"),
		FirstNameEn: q.get("FirstNameEn"), LastNameEn: q.get("LastNameEn"), Mobile: mobile,
		CustomerGroup: 1, CardGroup: 11,
		Balances: []lyBalance{{"امتیاز خرید", 0}, {"کیف پول", 0}},
	}
	if v := q.get("CustomerGroupId"); v != "" {
		id, _ := strconv.Atoi(v)
		if !lyHasGroup(l.customerGroups, id) {
			return lyFail(lyCustomerGroupNotFound)
		}
		c.CustomerGroup = id
	}
	if v := q.get("CardGroupId"); v != "" {
		id, _ := strconv.Atoi(v)
		if !lyHasGroup(l.cardGroups, id) {
			return lyFail(lyCardGroupNotFound)
		}
		c.CardGroup = id
	}
	if l.opt.NoCardRepository {
		return lyFail(lyCardRepositoryNotFound)
	}
	if l.stock <= 0 {
		return lyFail(lyCardRepositoryEmpty)
	}
	if len(l.loyaltyCards)+l.opt.OrgMembersElsewhere >= l.opt.MaxMembersOrg {
		return lyFail(lyMaxLoyaltyCardOrg)
	}
	if len(l.loyaltyCards) >= l.opt.MaxMembersAgency {
		return lyFail(lyMaxLoyaltyCardAgency)
	}
	var cards []string
	if v := q.get("MappedCards"); v != "" {
		var status int
		if cards, status = l.checkMapping(c, v); status < 0 {
			return lyFail(status)
		}
	}
	// Every check passed: nothing above changed state, so a refusal leaves no half-registered customer.
	l.customers[code] = c
	c.LoyaltyCard = l.issueCard()
	l.attach(c, cards)
	return lyOK, map[string]any{"NationalCode": code, "CardNumber": c.LoyaltyCard, "MappedCards": len(cards)}
}

func (l *Loyalty) issueCard() string {
	l.nextCard++
	l.stock--
	card := lyLuhnComplete(fmt.Sprintf("990099%09d", l.nextCard))
	l.loyaltyCards[card] = ""
	return card
}

// checkMapping validates a comma-separated card list against the capacity rules, in the order the
// organisation applies them, and changes nothing.
func (l *Loyalty) checkMapping(c *lyCustomer, list string) ([]string, int) {
	var cards []string
	for _, s := range strings.Split(list, ",") {
		if !lyValidCard(s) {
			return nil, lyUnclassified
		}
		if owner, ok := l.mappedCards[s]; ok && owner != c.NationalCode {
			return nil, lyUnclassified
		}
		if !slices.Contains(cards, s) && !slices.Contains(c.Mapped, s) {
			cards = append(cards, s)
		}
	}
	switch total := len(c.Mapped) + len(cards); {
	case len(strings.Split(list, ",")) > l.opt.MaxCardsPerRequest:
		return nil, lyMaxMappedPerUserInRequest
	case total > l.opt.MaxCardsPerUserOrg:
		return nil, lyMaxMappedPerUserOrg
	case total > l.opt.MaxCardsPerUser:
		return nil, lyMaxMappedPerUserAgency
	case len(l.mappedCards)+l.opt.OrgMappedElsewhere+len(cards) > l.opt.MaxMappedOrg:
		return nil, lyMaxMappedOrg
	case len(l.mappedCards)+len(cards) > l.opt.MaxMappedAgency:
		return nil, lyMaxMappedAgency
	}
	return cards, lyOK
}

func (l *Loyalty) attach(c *lyCustomer, cards []string) {
	for _, card := range cards {
		c.Mapped = append(c.Mapped, card)
		l.mappedCards[card] = c.NationalCode
	}
}

func (l *Loyalty) customer(q lyRequest) (*lyCustomer, int, any) {
	code := q.get("NationalCode")
	if !lyValidNationalCode(code) && !lyValidLegalShape(code) {
		st, msg := lyBad("NationalCode is not valid.")
		return nil, st, msg
	}
	c := l.customers[code]
	if c == nil || c.Disabled {
		return nil, lyCustomerNotFound, nil
	}
	return c, lyOK, nil
}

func (l *Loyalty) balance(q lyRequest) (int, any) {
	c, st, msg := l.customer(q)
	if c == nil {
		return st, msg
	}
	if c.NoAccount {
		return lyFail(lyCardAccountNotFound)
	}
	return lyOK, c.Balances
}

// enquireMembership answers the inverted way of the real club: success when NOT a member.
func (l *Loyalty) enquireMembership(q lyRequest) (int, any) {
	code := q.get("NationalCode")
	if !lyValidNationalCode(code) && !lyValidLegalShape(code) {
		return lyBad("NationalCode is not valid.")
	}
	if _, ok := l.customers[code]; ok {
		return lyFail(lyNationalCodeRegistered)
	}
	return lyOK, nil
}

// cardMembership takes the card as CardNo (the provider's Postman collection) or CardNumber (the public
// C# client): which one the real club binds is not known, so the fake accepts either.
func (l *Loyalty) cardMembership(q lyRequest) (int, any) {
	card := q.get("CardNo")
	if card == "" {
		card = q.get("CardNumber")
	}
	if !lyDigits(card) || len(card) != 16 {
		return lyBad("CardNo is not valid.")
	}
	if _, ok := l.loyaltyCards[card]; ok {
		return lyOK, "Card exist!"
	}
	if _, ok := l.mappedCards[card]; ok {
		return lyOK, "Card is mapped!"
	}
	if card == LoyaltyKnownCard {
		// What the one public client of the club saw for a card already registered: -105, nothing about its kind.
		return lyFail(lyNationalCodeRegistered)
	}
	return lyFail(lyCardNotFound)
}

func (l *Loyalty) getCardGroups(lyRequest) (int, any)     { return lyOK, l.cardGroups }
func (l *Loyalty) getCustomerGroups(lyRequest) (int, any) { return lyOK, l.customerGroups }

func (l *Loyalty) disableCustomer(q lyRequest) (int, any) {
	c, st, msg := l.customer(q)
	if c == nil {
		return st, msg
	}
	c.Disabled = true
	return lyOK, nil
}

func (l *Loyalty) mapCards(q lyRequest) (int, any) {
	c, st, msg := l.customer(q)
	if c == nil {
		return st, msg
	}
	list := q.get("MappedCards")
	if list == "" {
		return lyBad("MappedCards is required.")
	}
	cards, status := l.checkMapping(c, list)
	if status < 0 {
		if status == lyUnclassified {
			return lyBad("MappedCards is not valid.")
		}
		return lyFail(status)
	}
	l.attach(c, cards)
	return lyOK, nil
}

func lyHasGroup(gs []lyGroup, id int) bool {
	return slices.ContainsFunc(gs, func(g lyGroup) bool { return g.ID == id })
}
