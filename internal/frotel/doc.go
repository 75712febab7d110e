// Package frotel is the client for the Frotel seller web service: quoting
// shipping, registering physical, virtual and service orders, sending the
// shopper to the bank and verifying the payment, and tracking orders.
//
// Frotel runs three mirrors of the same API. The client tries them in order,
// rests a failing mirror for a cool-down, and retries a call on the next mirror
// only where that cannot create a second order or payment: read-only calls are
// retried after any failure, calls that create something upstream only when the
// request certainly never reached a server. Otherwise the caller gets
// ErrOutcomeUnknown and must reconcile (for example with Tracking) instead of
// calling again.
//
// Only this package knows Frotel's field names: requests are typed structs
// encoded the way PHP's http_build_query does, and the tolerant decoders turn
// the loosely typed JSON (numbers as strings, empty results as [] or false,
// 20-digit factor ids) into typed results. Money is int64 rials; factor ids are
// strings.
package frotel
