package frotel

import "strings"

// OrderState is what a Persian tracking/orderPay status label means to the
// shop. Labels Frotel adds later map to StateUnknown; the label itself is
// always kept verbatim beside the state.
type OrderState int

const (
	StateUnknown OrderState = iota
	StatePending
	StatePreparing
	StateShipped
	StateDelivered
	StateCollected // cash on delivery money collected
	StateReturned
	StateCancelled
)

var orderStateNames = [...]string{"unknown", "pending", "preparing", "shipped", "delivered", "collected", "returned", "cancelled"}

func (s OrderState) String() string {
	if s >= 0 && int(s) < len(orderStateNames) {
		return orderStateNames[s]
	}
	return orderStateNames[0]
}

// statusLabels are the known labels as the spec spells them.
var statusLabels = map[string]OrderState{
	"معلق":              StatePending,
	"در حال آماده سازی": StatePreparing,
	"آماده ارسال":       StatePreparing,
	"پیش توزیعی":        StateShipped,
	"ارسال شده":         StateShipped,
	"توزیع شده":         StateDelivered,
	"وصول شده":          StateCollected,
	"پیش برگشتی":        StateReturned,
	"برگشتی":            StateReturned,
	"انصرافی":           StateCancelled,
}

// statusByKey is statusLabels keyed by labelKey, built once.
var statusByKey = func() map[string]OrderState {
	m := make(map[string]OrderState, len(statusLabels))
	for label, state := range statusLabels {
		m[labelKey(label)] = state
	}
	return m
}()

// ParseOrderStatus maps a status label to its state; unknown labels give
// StateUnknown.
func ParseOrderStatus(label string) OrderState {
	return statusByKey[labelKey(label)]
}

// labelKey drops every space as well, because "آماده سازی", "آماده‌سازی" and
// "آمادهسازی" all occur for the same word.
func labelKey(s string) string {
	return strings.ReplaceAll(normalizeLabel(s), " ", "")
}

// labelReplacer folds the spellings Frotel's PHP side mixes: Arabic yeh and
// kaf for Persian ones, zero-width non-joiner and tatweel between words.
var labelReplacer = strings.NewReplacer(
	"ي", "ی", "ى", "ی", "ك", "ک",
	"\u200c", " ", "\u200f", "", "\u200e", "", "ـ", "",
)

func normalizeLabel(s string) string {
	return strings.Join(strings.Fields(labelReplacer.Replace(s)), " ")
}
