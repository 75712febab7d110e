package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/checkout"
)

// paymentCallback is where the bank returns the shopper (GET or POST, with _i and sb and whatever else the bank
// adds). It carries no CSRF token: it is verified with Frotel's checkPay instead, never trusted by itself.
func (s *Server) paymentCallback(c echo.Context) error {
	params, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest).SetInternal(err)
	}
	token := c.Param("token")
	_, err = s.deps.Checkout.HandleCallback(c.Request().Context(), token, callbackRequestOf(c.Request().Method, params))
	switch {
	case errors.Is(err, checkout.ErrVerifyUnavailable), errors.Is(err, checkout.ErrVerifyDeferred):
		// The order page says so (and offers to check again).
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/orders/"+token)
}

// callbackRequestOf reads what the bank sent: the pair checkPay needs, the factor some banks echo, and the rest
// for the record. Nothing here is trusted; checkout decides by asking Frotel.
func callbackRequestOf(method string, params url.Values) checkout.CallbackRequest {
	return checkout.CallbackRequest{
		PaymentID: strings.TrimSpace(params.Get("_i")),
		Ref:       strings.TrimSpace(params.Get("sb")),
		Factor:    strings.TrimSpace(params.Get("factor")),
		Method:    method,
		Params:    otherParams(params),
	}
}

// otherParams keeps what else the bank sent, for the payment history; values are cut short.
func otherParams(p url.Values) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		if k != "_i" && k != "sb" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	keys = keys[:min(len(keys), 20)] // the same 20 every time, whatever the map's order
	var b strings.Builder
	for _, k := range keys {
		v := p.Get(k)
		if len(v) > 100 {
			v = v[:100]
		}
		if len(k) > 40 {
			k = k[:40]
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
	}
	return b.String()
}
