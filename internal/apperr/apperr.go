// Package apperr is the shop's one error model: a domain error carries a Code that the web layer maps to an
// HTTP status in one place, and a Persian sentence a person may read. Packages declare their sentinel errors with
// New and wrap causes with Wrap; callers decide with errors.Is as usual.
package apperr

import (
	"context"
	"errors"
)

// Code says what kind of failure an error is, whatever package it comes from.
type Code string

const (
	Internal Code = "internal" // a bug or a broken dependency of our own: 500
	// Invalid: the request is wrong and the person can correct it: 400 with the error page. (A form shown again
	// with a message beside each wrong field is the handler's own answer, 422, not an error.)
	Invalid     Code = "invalid"
	NotFound    Code = "not_found"    // the thing asked for does not exist (or is not theirs to see): 404
	Conflict    Code = "conflict"     // the thing is not in a state that allows this now: 409
	Unavailable Code = "unavailable"  // an upstream service did not answer or refused for now: 503
	Timeout     Code = "timeout"      // the request's own deadline passed before the work was done: 504
	RateLimited Code = "rate_limited" // too many requests from one client: 429
	Forbidden   Code = "forbidden"    // the person may not do this: 403
	Canceled    Code = "canceled"     // the client went away; nobody is there to read an answer: 499, not logged as a failure
)

// Error is a domain error: what went wrong for the code (Op), its Code, a Persian Message for people and the
// cause, if any. Message may be empty: the web layer then shows the generic sentence of the code.
type Error struct {
	Code    Code
	Op      string // for logs: "checkout: order not found"
	Message string // Persian, for the shopper or the admin
	Err     error  // the cause
}

func (e *Error) Error() string {
	switch {
	case e.Err == nil:
		return e.Op
	case e.Op == "":
		return e.Err.Error()
	}
	return e.Op + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// New declares a sentinel: compare with errors.Is, wrap with fmt.Errorf("...: %w", ErrX) to add detail.
func New(code Code, op, message string) *Error {
	return &Error{Code: code, Op: op, Message: message}
}

// Wrap gives a cause a code and a Persian message; the cause stays reachable for errors.Is and errors.As.
func Wrap(code Code, message string, cause error) *Error {
	return &Error{Code: code, Message: message, Err: cause}
}

// CodeOf is the code of the outermost domain error in err's chain; a cancelled request context counts as
// Canceled, an expired deadline as Timeout, and anything else unclassified is Internal.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	if errors.Is(err, context.Canceled) {
		return Canceled
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return Timeout
	}
	return Internal
}

// MessageOf is the first Persian message found in err's chain, outermost first ("" when there is none).
func MessageOf(err error) string {
	for err != nil {
		if e, ok := err.(*Error); ok && e.Message != "" {
			return e.Message
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range x.Unwrap() {
				if m := MessageOf(inner); m != "" {
					return m
				}
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}
