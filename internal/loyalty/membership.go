package loyalty

import (
	"errors"
	"fmt"
	"strings"

	"shop/internal/iran"
)

// Membership is the answer to "is this national code a member of the club?".
type Membership struct {
	Member bool
	Status int    // the club's status code, kept for the admin and the logs
	Note   string // the club's ErrorMessage, verbatim
}

// interpretMembership is the ONE place that reads EnquireMemebership's inverted answer. Change it here.
//
// The spec says: "if the customer is not a member, the success code is returned". So:
//   - a positive (or zero) status: NOT a member;
//   - -105 NationalCodeWasRegisteredPreviously: a member. The spec only implies it (the code is the
//     registration refusal of an existing code); the one public client of this API reads -105 the
//     same way, and we follow it because it is the only error code that says "this code exists";
//   - every other negative status (-108 customer not found included, which the spec never lists as an
//     answer of this method) is a failure: the caller gets the error and must not guess membership.
func interpretMembership(status int, msg string) (Membership, error) {
	switch {
	case status >= 0:
		return Membership{Member: false, Status: status, Note: msg}, nil
	case status == -105:
		return Membership{Member: true, Status: status, Note: msg}, nil
	default:
		return Membership{Status: status, Note: msg}, statusError("EnquireMemebership", status, msg)
	}
}

// CardKind says what a card is to the club.
type CardKind int

const (
	CardUnknown CardKind = iota
	CardLoyalty          // the club's own card: "Card exist!"
	CardMapped           // a bank card mapped to a member: "Card is mapped!"
	CardKnown            // the club knows the card but did not say which kind (-105)
)

func (k CardKind) String() string {
	switch k {
	case CardLoyalty:
		return "loyalty"
	case CardMapped:
		return "mapped"
	case CardKnown:
		return "known"
	}
	return "unknown"
}

// CardMembership is the answer of CardMembership.
type CardMembership struct {
	Card   string // masked
	Kind   CardKind
	Status int // the club's status code, kept for the admin and the logs
}

// ErrCardNotMember is returned by CardMembership for a card the club does not know; it also matches the
// club's own status error (ErrCardWasNotFound or ErrCustomerWasNotFound).
var ErrCardNotMember = errors.New("loyalty: card is not a member")

// interpretCardMembership is the ONE place that reads CardMembership's answer, which is a sentence, not
// data. The spec: "Card exist!" for a loyalty card, "Card is mapped!" for a mapped bank card, an error
// status otherwise. So:
//   - the sentence decides, wherever it arrives: in AdditionalData or (as other ASP.NET services do) in
//     ErrorMessage, and whatever the status beside it, since a service that puts its answer in
//     ErrorMessage may well give it a negative status too;
//   - -105 means the card exists: the one public client of this API reads it so, and it is the only
//     code that says "already there"; which kind of card it is stays unsaid (CardKnown);
//   - -109 CardWasNotFound and -108 CustomerWasNotFound mean not a member (ErrCardNotMember);
//   - every other negative status is a failure, and anything else an answer we cannot read.
func interpretCardMembership(maskedCard string, env envelope) (CardMembership, error) {
	status, msg := int(env.Status), string(env.ErrorMessage)
	res := CardMembership{Card: maskedCard, Status: status}
	for _, s := range []string{env.dataString(), msg} {
		switch normaliseSentence(s) {
		case "card exist", "card exists":
			res.Kind = CardLoyalty
			return res, nil
		case "card is mapped":
			res.Kind = CardMapped
			return res, nil
		}
	}
	switch {
	case status == -105:
		res.Kind = CardKnown
		return res, nil
	case status == -109 || status == -108:
		return res, fmt.Errorf("%w: %w", ErrCardNotMember, statusError("CardMembership", status, msg))
	case status < 0:
		return res, statusError("CardMembership", status, msg)
	}
	return res, fmt.Errorf("loyalty: CardMembership: %w: %w: status %d %q",
		ErrCardNotMember, ErrUnexpectedAnswer, status, msg)
}

func normaliseSentence(s string) string {
	return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), "!. "))
}

func asStatus(err error, target **StatusError) bool { return errors.As(err, target) }

// FieldError is one invalid input field. Message is a Persian sentence; when empty, Err (an iran
// validation error) provides it.
type FieldError struct {
	Field   string // the form/API field: NationalCode, FirstNameFa, Mobile, Cards, ...
	Message string
	Err     error
}

// FieldErrors is every invalid field of one request.
type FieldErrors []FieldError

func (fe FieldErrors) Error() string {
	parts := make([]string, 0, len(fe))
	for _, f := range fe {
		if f.Err != nil {
			parts = append(parts, f.Field+": "+f.Err.Error())
		} else {
			parts = append(parts, f.Field+": invalid")
		}
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

func (fe FieldErrors) Unwrap() []error {
	var out []error
	for _, f := range fe {
		if f.Err != nil {
			out = append(out, f.Err)
		}
	}
	return out
}

// Fields maps each field to its Persian sentence, for a form to show beside the inputs.
func (fe FieldErrors) Fields() map[string]string {
	m := make(map[string]string, len(fe))
	for _, f := range fe {
		if _, ok := m[f.Field]; !ok {
			m[f.Field] = f.sentence()
		}
	}
	return m
}

// Message joins the sentences of every field.
func (fe FieldErrors) Message() string {
	parts := make([]string, 0, len(fe))
	for _, f := range fe {
		parts = append(parts, f.sentence())
	}
	return strings.Join(parts, " ")
}

func (f FieldError) sentence() string {
	if f.Message != "" {
		return f.Message
	}
	return iran.Message(f.Err)
}
