package store

import "shop/internal/checkout"

// An order's state moves carry consequences that must be written in the same transaction as the move itself, so
// that a crash can never keep one without the other: stock reserved or given back, messages to the buyer and the
// seller put in the outbox. Each concern registers one follower here from its own file (an init func), and
// createOrders (from "") and UpdateOrder (from the old state, only when the state changed) call them all.
//
// A follower sees the order as it is being written (o.State is the new state) and the transaction; it returns an
// error to refuse the move (the whole transaction rolls back, the caller sees the error wrapped).
type orderMoveFollower func(s *Store, tx *gormDB, o *checkout.Order, from checkout.State) error

// orderMoveFollowers run in registration order; they are set only from init funcs, never at run time.
var orderMoveFollowers []orderMoveFollower

func (s *Store) followOrderMove(tx *gormDB, o *checkout.Order, from checkout.State) error {
	for _, f := range orderMoveFollowers {
		if err := f(s, tx, o, from); err != nil {
			return err
		}
	}
	return nil
}

// orderWriteFollowers run inside every UpdateOrder's transaction, state changed or not: for consequences of a
// field rather than a move (a payment left unconfirmed tells the buyer once). They see the order as written.
var orderWriteFollowers []func(s *Store, tx *gormDB, o *checkout.Order) error

func (s *Store) followOrderWrite(tx *gormDB, o *checkout.Order) error {
	for _, f := range orderWriteFollowers {
		if err := f(s, tx, o); err != nil {
			return err
		}
	}
	return nil
}
