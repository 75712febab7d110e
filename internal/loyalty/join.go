package loyalty

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"shop/internal/iran"
)

// JoinRequest is the join form.
type JoinRequest struct {
	NationalCode    string
	FirstNameFa     string
	LastNameFa      string
	FirstNameEn     string // optional
	LastNameEn      string // optional
	Mobile          string
	Cards           []string // bank cards to map, optional
	CustomerGroupID string   // only when CanChooseGroups
	CardGroupID     string   // only when CanChooseGroups
}

// MaxJoinCards bounds the cards on the join form; the club refuses more per request (-1001).
const MaxJoinCards = 3

// Validate checks every field and returns FieldErrors (nil when all is well) and the normalised request.
func (r JoinRequest) Validate() (JoinRequest, error) {
	var fe FieldErrors
	out := r
	var err error
	if out.NationalCode, err = iran.ValidNationalCode(r.NationalCode); err != nil {
		fe = append(fe, FieldError{Field: "NationalCode", Err: err})
	}
	if out.Mobile, err = iran.NormalizeMobile(r.Mobile); err != nil {
		fe = append(fe, FieldError{Field: "Mobile", Err: err})
	}
	out.FirstNameFa, out.LastNameFa = cleanName(r.FirstNameFa), cleanName(r.LastNameFa)
	out.FirstNameEn, out.LastNameEn = cleanName(r.FirstNameEn), cleanName(r.LastNameEn)
	for _, f := range []struct{ field, v, label string }{
		{"FirstNameFa", out.FirstNameFa, "نام"}, {"LastNameFa", out.LastNameFa, "نام خانوادگی"},
	} {
		switch {
		case f.v == "":
			fe = append(fe, FieldError{Field: f.field, Message: f.label + " را وارد کنید."})
		case !persianName(f.v) || len([]rune(f.v)) > 50:
			fe = append(fe, FieldError{Field: f.field, Message: f.label + " را با حروف فارسی بنویسید (حداکثر ۵۰ حرف)."})
		}
	}
	for _, f := range []struct{ field, v, label string }{
		{"FirstNameEn", out.FirstNameEn, "نام لاتین"}, {"LastNameEn", out.LastNameEn, "نام خانوادگی لاتین"},
	} {
		if f.v != "" && (!latinName(f.v) || len(f.v) > 50) {
			fe = append(fe, FieldError{Field: f.field, Message: f.label + " را با حروف انگلیسی بنویسید (حداکثر ۵۰ حرف)."})
		}
	}
	out.Cards = nil
	for _, c := range r.Cards {
		if strings.TrimSpace(c) == "" {
			continue
		}
		n, err := iran.ValidCardNumber(c)
		if err != nil {
			fe = append(fe, FieldError{Field: "Cards", Err: err})
			continue
		}
		if !slices.Contains(out.Cards, n) {
			out.Cards = append(out.Cards, n)
		}
	}
	if len(out.Cards) > MaxJoinCards {
		fe = append(fe, FieldError{Field: "Cards", Message: fmt.Sprintf("در هر نوبت حداکثر %s کارت بانکی می‌توانید ثبت کنید.", iran.PersianDigits(fmt.Sprint(MaxJoinCards)))})
	}
	out.CustomerGroupID = strings.TrimSpace(iran.NormalizeDigits(r.CustomerGroupID))
	out.CardGroupID = strings.TrimSpace(iran.NormalizeDigits(r.CardGroupID))
	if len(fe) > 0 {
		return out, fe
	}
	return out, nil
}

func cleanName(s string) string {
	s = strings.ReplaceAll(s, "ي", "ی") // Arabic yeh and kaf typed on Arabic keyboards
	s = strings.ReplaceAll(s, "ك", "ک")
	return strings.Join(strings.Fields(s), " ")
}

func persianName(s string) bool {
	for _, r := range s {
		if !(unicode.In(r, unicode.Arabic) && unicode.IsLetter(r)) && r != ' ' && r != '\u200c' && r != 'ـ' {
			return false
		}
	}
	return true
}

func latinName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == ' ' || r == '-' || r == '\'' || r == '.') {
			return false
		}
	}
	return true
}

// ErrJoinUnconfirmed means Register answered something the spec does not define and the read-back could
// not tell whether the customer became a member. The shopper is told to check later, not to join again.
var ErrJoinUnconfirmed = errors.New("loyalty: join: registration neither confirmed nor refused")

// confirmJoin settles an ambiguous Register answer (a negative status that is none of the spec's codes)
// by asking EnquireMemebership before the shopper is told anything. The one public client of the club came
// to read Status -1 with an empty ErrorMessage as a successful Register, so such an answer may mean the
// member exists; telling the shopper "failed" would make their retry meet -105. The read-back gets a
// fresh timeout: the Register call may have used all of the first one.
func (s *Service) confirmJoin(parent context.Context, nationalCode string, answer *StatusError) error {
	ctx, cancel := context.WithTimeout(parent, s.cfg.Timeout)
	defer cancel()
	m, err := s.cfg.Club.EnquireMembership(ctx, nationalCode)
	log := s.cfg.Logger.With("register_status", answer.Status, "register_message", answer.Message)
	switch {
	case err != nil:
		log.WarnContext(parent, "loyalty: join: ambiguous register answer, membership could not be read back", "error", err)
		return fmt.Errorf("%w: %w (read-back: %v)", ErrJoinUnconfirmed, answer, err)
	case m.Member:
		log.InfoContext(parent, "loyalty: join: ambiguous register answer confirmed: the customer is a member", "enquiry_status", m.Status)
		return nil
	default:
		log.WarnContext(parent, "loyalty: join: ambiguous register answer confirmed: the customer is not a member", "enquiry_status", m.Status)
		return answer
	}
}
