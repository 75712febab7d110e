package dashboard

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// adminEvents is an order's history for the order page, evidence indented for reading.
func (d *Dashboard) adminEvents(c echo.Context, orderID int64) ([]views.AdminEvent, error) {
	es, err := d.deps.Checkout.Events(c.Request().Context(), orderID)
	if err != nil {
		return nil, err
	}
	out := make([]views.AdminEvent, 0, len(es))
	for _, e := range es {
		v := views.AdminEvent{At: iran.FormatJalaliDateTime(e.At), Kind: e.Kind, Actor: e.Actor, Message: e.Message}
		if e.Evidence != "" {
			var b bytes.Buffer
			if json.Indent(&b, []byte(e.Evidence), "", "  ") == nil {
				v.Evidence = b.String()
			} else {
				v.Evidence = e.Evidence
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// adminActor names who did something, for the order's history.
func adminActor(c echo.Context) string {
	if a := currentAdmin(c); a != nil {
		return a.Email
	}
	return "admin"
}

// adminOrderAttachFactor settles an order marked for a person with the factor found in Frotel's panel.
func (d *Dashboard) adminOrderAttachFactor(c echo.Context) error {
	o, err := d.adminOrder(c)
	if err != nil {
		return err
	}
	_, err = d.deps.Checkout.AttachFactor(c.Request().Context(), o.ID, c.FormValue("factor"), adminActor(c))
	return d.afterAdminOrderAction(c, o.ID, err, "factor-attached")
}

// adminOrderResend sends an order Frotel never got once more, after the person confirmed they looked.
func (d *Dashboard) adminOrderResend(c echo.Context) error {
	o, err := d.adminOrder(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "yes" {
		return apperr.New(apperr.Invalid, "dashboard: resend not confirmed", "پیش از ثبت دوباره تأیید کنید که سفارش در پنل فروتل نیست.")
	}
	_, err = d.deps.Checkout.ResendNeverRegistered(c.Request().Context(), o.ID, adminActor(c))
	return d.afterAdminOrderAction(c, o.ID, err, "resent")
}

// adminOrderReconcile runs reconciliation's checks on one order now.
func (d *Dashboard) adminOrderReconcile(c echo.Context) error {
	o, err := d.adminOrder(c)
	if err != nil {
		return err
	}
	_, err = d.deps.Checkout.ReconcileOrder(c.Request().Context(), o.ID, adminActor(c))
	return d.afterAdminOrderAction(c, o.ID, err, "reconciled")
}

// afterAdminOrderAction returns to the order page; a refusal the person can act on is an error page that says
// what to do (the one error handler maps its code).
func (d *Dashboard) afterAdminOrderAction(c echo.Context, id int64, err error, done string) error {
	if err != nil {
		return err
	}
	return httpkit.RedirectSeeOther(c, "/admin/orders/"+strconv.FormatInt(id, 10)+"?done="+done)
}
