// Package httpkit is what the shopper's handlers (internal/web) and the seller's dashboard
// (internal/web/dashboard) both need from the web layer: rendering a templ page into a buffer and sending it
// gzipped, the request id, the client's address, reading a form's error, the redirect after a POST, and masking a
// CSRF token so that a page never repeats its bytes. It knows no route and no session.
package httpkit
