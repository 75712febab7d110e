package checkout

import (
	"errors"
	"fmt"
	"testing"
)

// allowedMoves is the state machine written out independently of transitions, so a change to either shows up
// here as a failing pair.
var allowedMoves = map[[2]State]bool{
	{StateRegistering, StateRegistered}:              true,
	{StateRegistering, StateAwaitingPayment}:         true,
	{StateRegistering, StateRegisterFailed}:          true,
	{StateRegistering, StateNeedsReconciliation}:     true,
	{StateNeedsReconciliation, StateRegistered}:      true,
	{StateNeedsReconciliation, StateAwaitingPayment}: true,
	{StateNeedsReconciliation, StateRegisterFailed}:  true,
	{StateNeedsReconciliation, StateRegistering}:     true, // a person says Frotel never got it: sent again, once
	{StateAwaitingPayment, StatePaid}:                true,
	{StateAwaitingPayment, StatePaymentFailed}:       true,
	{StatePaymentFailed, StatePaid}:                  true,
	{StatePaymentFailed, StateAwaitingPayment}:       true,
	{StateRegistered, StatePaid}:                     true,
	{StateRegistered, StateShipped}:                  true,
	{StateRegistered, StateDelivered}:                true,
	{StateRegistered, StateReturned}:                 true,
	{StateRegistered, StateCancelled}:                true,
	{StateAwaitingPayment, StateCancelled}:           true,
	{StatePaymentFailed, StateCancelled}:             true,
	{StatePaid, StateShipped}:                        true,
	{StatePaid, StateDelivered}:                      true,
	{StatePaid, StateReturned}:                       true,
	{StatePaid, StateCancelled}:                      true,
	{StateShipped, StateDelivered}:                   true,
	{StateShipped, StateReturned}:                    true,
	{StateDelivered, StateReturned}:                  true,
	{StateAwaitingSeller, StateRegistering}:          true,
	{StateAwaitingSeller, StateCancelled}:            true,
	{StateAwaitingCode, StateRegistering}:            true,
	{StateAwaitingCode, StateCancelled}:              true,
}

func TestStatesAreComplete(t *testing.T) {
	t.Parallel()
	states := States()
	if len(states) != 13 {
		t.Fatalf("States() has %d states, want 13: %v", len(states), states)
	}
	seen := map[State]bool{}
	for _, s := range states {
		if seen[s] {
			t.Errorf("state %s listed twice", s)
		}
		seen[s] = true
		if _, ok := transitions[s]; !ok {
			t.Errorf("state %s has no entry in transitions", s)
		}
		if s.Label() == string(s) || s.Label() == "" {
			t.Errorf("state %s has no Persian label", s)
		}
	}
	for from, tos := range transitions {
		if !seen[from] {
			t.Errorf("transitions names unknown state %s", from)
		}
		for _, to := range tos {
			if !seen[to] {
				t.Errorf("transitions moves %s to unknown state %s", from, to)
			}
		}
	}
	for pair := range allowedMoves {
		if !seen[pair[0]] || !seen[pair[1]] {
			t.Errorf("test table names an unknown state: %v", pair)
		}
	}
	if got := State("something-new").Label(); got != "something-new" {
		t.Errorf("unknown state label = %q, want it verbatim", got)
	}
}

func TestCanMoveEveryPair(t *testing.T) {
	t.Parallel()
	for _, from := range States() {
		for _, to := range States() {
			want := allowedMoves[[2]State{from, to}]
			t.Run(fmt.Sprintf("%s->%s", from, to), func(t *testing.T) {
				if got := CanMove(from, to); got != want {
					t.Errorf("CanMove(%s, %s) = %v, want %v", from, to, got, want)
				}
			})
		}
	}
	if CanMove("", StateRegistered) || CanMove(StateRegistering, "") || CanMove("bogus", StatePaid) {
		t.Error("moves from or to unknown states must be refused")
	}
}

func TestMoveToEveryPair(t *testing.T) {
	t.Parallel()
	for _, from := range States() {
		for _, to := range States() {
			allowed := allowedMoves[[2]State{from, to}]
			t.Run(fmt.Sprintf("%s->%s", from, to), func(t *testing.T) {
				o := &Order{Token: "tok", State: from}
				err := o.moveTo(to)
				switch {
				case allowed && err != nil:
					t.Fatalf("moveTo refused an allowed move: %v", err)
				case allowed && o.State != to:
					t.Fatalf("state = %s after an allowed move to %s", o.State, to)
				case !allowed && !errors.Is(err, ErrBadTransition):
					t.Fatalf("moveTo = %v, want ErrBadTransition", err)
				case !allowed && o.State != from:
					t.Fatalf("a refused move changed the state to %s", o.State)
				}
			})
		}
	}
}

func TestCanPayAndCanRetry(t *testing.T) {
	t.Parallel()
	banks := []Bank{{ID: "1", Name: "ملت"}}
	for _, s := range States() {
		for _, withBanks := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/banks=%v", s, withBanks), func(t *testing.T) {
				o := &Order{State: s, Payment: Online}
				if withBanks {
					o.Banks = banks
				}
				if got, want := o.CanPay(), s == StateAwaitingPayment && withBanks; got != want {
					t.Errorf("CanPay = %v, want %v", got, want)
				}
				if got, want := o.CanRetry(), s == StatePaymentFailed; got != want {
					t.Errorf("CanRetry = %v, want %v", got, want)
				}
			})
		}
	}
	if !(&Order{Payment: Online}).PaysOnline() || (&Order{Payment: CashOnDelivery}).PaysOnline() {
		t.Error("PaysOnline is wrong")
	}
}
