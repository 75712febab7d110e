package dashboard

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"shop/internal/apperr"
	"shop/internal/checkout"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// The seller's own hand on an order: cancel (Frotel asked first, after a confirm page), mark shipped or delivered
// for the seller's own courier, and a note to the buyer. Any signed-in staff may, like the other order actions;
// each lands in the order's history with who did it.

// adminOrderCancelConfirm is GET /admin/orders/:id/cancel: the second press before a cancel (no JS needed).
func (d *Dashboard) adminOrderCancelConfirm(c echo.Context) error {
	o, err := d.adminOrder(c)
	if err != nil {
		return err
	}
	if !o.CanSellerCancel() {
		return checkout.ErrCannotCancel
	}
	msg := "وضعیت سفارش پیش از لغو از فروتل پرسیده می‌شود؛ اگر بسته ارسال شده باشد لغو نمی‌شود. سفارش لغوشده برنمی‌گردد و موجودی کالاها آزاد می‌شود."
	if o.FactorID != "" {
		msg += " سفارش را در پنل فروتل هم لغو کنید."
	}
	if o.State == checkout.StatePaid {
		msg += " این سفارش پرداخت شده است: بازگرداندن مبلغ به خریدار با شماست."
	}
	id := strconv.FormatInt(o.ID, 10)
	v := views.AdminConfirmPage{AdminPage: d.adminPage(c, "لغو سفارش "+o.Reference(), "orders"),
		Heading: "لغو سفارش " + o.Reference(), Message: msg, Action: "/admin/orders/" + id + "/cancel",
		Button: "بله، لغو شود", Cancel: "/admin/orders/" + id, Hidden: map[string]string{"confirm": "yes"}}
	return httpkit.Render(c, http.StatusOK, views.AdminConfirmView(v))
}

// adminOrderCancel is POST /admin/orders/:id/cancel, from the confirm page.
func (d *Dashboard) adminOrderCancel(c echo.Context) error {
	o, err := d.adminOrder(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "yes" {
		return httpkit.RedirectSeeOther(c, "/admin/orders/"+strconv.FormatInt(o.ID, 10)+"/cancel")
	}
	_, err = d.deps.Checkout.Cancel(c.Request().Context(), o.ID, adminActor(c))
	return d.afterAdminOrderAction(c, o.ID, err, "order-cancelled")
}

// adminOrderShip is POST /admin/orders/:id/ship: the seller's courier took the parcel (barcode optional).
func (d *Dashboard) adminOrderShip(c echo.Context) error {
	o, err := d.adminOrder(c)
	if err != nil {
		return err
	}
	_, err = d.deps.Checkout.MarkShipped(c.Request().Context(), o.ID, c.FormValue("barcode"), adminActor(c))
	return d.afterAdminOrderAction(c, o.ID, err, "shipped")
}

// adminOrderDeliver is POST /admin/orders/:id/deliver: the parcel reached the buyer.
func (d *Dashboard) adminOrderDeliver(c echo.Context) error {
	o, err := d.adminOrder(c)
	if err != nil {
		return err
	}
	_, err = d.deps.Checkout.MarkDelivered(c.Request().Context(), o.ID, adminActor(c))
	return d.afterAdminOrderAction(c, o.ID, err, "delivered")
}

// adminOrderNote is POST /admin/orders/:id/note: a note to the buyer, shown on their order page and sent by SMS.
func (d *Dashboard) adminOrderNote(c echo.Context) error {
	o, err := d.adminOrder(c)
	if err != nil {
		return err
	}
	_, err = d.deps.Checkout.AddSellerNote(c.Request().Context(), o.ID, c.FormValue("note"), adminActor(c))
	if apperr.CodeOf(err) == apperr.Invalid {
		return err // the error page says what was wrong with the text
	}
	return d.afterAdminOrderAction(c, o.ID, err, "noted")
}
