package web

import (
	"cmp"
	"errors"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/iran"
	"shop/internal/loyalty"
	"shop/web/templates"
)

// loyaltyBox is the checkout's loyalty box before anything was asked.
func (s *Server) loyaltyBox() templates.LoyaltyBox {
	l := s.deps.Loyalty
	return templates.LoyaltyBox{Enabled: l != nil && l.Enabled(), EnglishNames: l != nil && l.AsksEnglishNames(),
		JoinValues: map[string]string{}, JoinErrors: map[string]string{}}
}

// loyaltyJoinFields are the join form's fields besides the national code.
var loyaltyJoinFields = []string{"first_name_fa", "last_name_fa", "first_name_en", "last_name_en", "card_1", "card_2", "card_3",
	"customer_group", "card_group"}

// loyaltyForm is the loyalty box as the shopper filled it, trimmed; the loyalty service validates the values.
type loyaltyForm struct {
	NationalCode string
	Values       map[string]string // every field of loyaltyJoinFields, present even when empty
}

func parseLoyaltyForm(form url.Values) loyaltyForm {
	lf := loyaltyForm{NationalCode: strings.TrimSpace(form.Get("national_code")), Values: make(map[string]string, len(loyaltyJoinFields))}
	for _, f := range loyaltyJoinFields {
		lf.Values[f] = strings.TrimSpace(form.Get(f))
	}
	return lf
}

// cards lists the bank cards typed in the join form, in order, without the empty ones.
func (lf loyaltyForm) cards() []string {
	var out []string
	for _, f := range []string{"card_1", "card_2", "card_3"} {
		if v := lf.Values[f]; v != "" {
			out = append(out, v)
		}
	}
	return out
}

// joinFieldOf maps the loyalty service's field names to the form's.
var joinFieldOf = map[string]string{
	"NationalCode": "national_code", "FirstNameFa": "first_name_fa", "LastNameFa": "last_name_fa",
	"FirstNameEn": "first_name_en", "LastNameEn": "last_name_en", "Mobile": "mobile", "Cards": "card_1",
	"CustomerGroupID": "customer_group", "CardGroupID": "card_group",
}

// loyaltyAction runs the loyalty box's buttons. Loyalty never blocks a purchase: every failure becomes a line in
// the box, and the rest of the checkout goes on.
func (s *Server) loyaltyAction(c echo.Context, action string, form url.Values, d checkoutDetails) templates.LoyaltyBox {
	box := s.loyaltyBox()
	if !box.Enabled {
		return box
	}
	lf := parseLoyaltyForm(form)
	box.NationalCode, box.JoinValues = lf.NationalCode, lf.Values
	if action != "loyalty" && action != "loyalty_join" {
		return box
	}
	ctx := c.Request().Context()
	code, err := iran.ValidNationalCode(box.NationalCode)
	if err != nil {
		box.JoinErrors["national_code"] = iran.Message(err)
		return box
	}
	box.NationalCode = code
	l := s.deps.Loyalty
	if action == "loyalty_join" {
		// Joining reuses the checkout's details: the name and mobile typed above are not asked again.
		req := loyalty.JoinRequest{NationalCode: code, FirstNameFa: cmp.Or(d.Buyer.FirstName, box.JoinValues["first_name_fa"]),
			LastNameFa: cmp.Or(d.Buyer.LastName, box.JoinValues["last_name_fa"]), Mobile: d.Buyer.Mobile}
		if req.Mobile == "" {
			req.Mobile = form.Get("mobile")
		}
		req.Cards = lf.cards()
		if box.EnglishNames {
			req.FirstNameEn, req.LastNameEn = box.JoinValues["first_name_en"], box.JoinValues["last_name_en"]
		}
		// Groups are the seller's choice (loyalty.ServiceConfig), never the shopper's.
		err := l.Join(ctx, req)
		var fe loyalty.FieldErrors
		switch {
		case errors.As(err, &fe):
			for field, msg := range fe.Fields() {
				name := joinFieldOf[field]
				if name == "" {
					name = "national_code"
				}
				if (name == "first_name_fa" && d.Buyer.FirstName != "") || (name == "last_name_fa" && d.Buyer.LastName != "") {
					box.Error = msg // the name came from the checkout's fields: say it in the box
					continue
				}
				box.JoinErrors[name] = msg
			}
			// The service names the card list as one field: point at the card that is wrong.
			if msg, ok := box.JoinErrors["card_1"]; ok {
				delete(box.JoinErrors, "card_1")
				for _, f := range []string{"card_1", "card_2", "card_3"} {
					if v := box.JoinValues[f]; v != "" {
						if _, cerr := iran.ValidCardNumber(v); cerr != nil {
							box.JoinErrors[f] = iran.Message(cerr)
						}
					}
				}
				if !hasCardError(box.JoinErrors) {
					box.JoinErrors["card_1"] = msg
				}
			}
			box.Checked = true
			return box
		case errors.Is(err, loyalty.ErrUnavailable):
			box.Unavailable = true
			return box
		case err != nil:
			s.log.WarnContext(c.Request().Context(), "web: loyalty join", "err", err)
			box.Error = loyalty.Message(err)
			box.Checked = true
			return box
		}
		box.Joined = true
	}
	res, err := l.Lookup(ctx, code)
	switch {
	case errors.Is(err, loyalty.ErrUnavailable):
		box.Unavailable = true
	case err != nil:
		s.log.WarnContext(c.Request().Context(), "web: loyalty lookup", "err", err)
		box.Error = loyalty.Message(err)
	default:
		box.Checked, box.Member = true, res.Member
		for _, b := range res.Balances {
			box.Balances = append(box.Balances, templates.LoyaltyBalance{Account: b.AccountName, Amount: b.BalanceAmount})
		}
	}
	return box
}

func hasCardError(errs map[string]string) bool {
	for _, f := range []string{"card_1", "card_2", "card_3"} {
		if _, ok := errs[f]; ok {
			return true
		}
	}
	return false
}
