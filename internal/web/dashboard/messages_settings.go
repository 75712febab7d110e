package dashboard

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/notify"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// The messages page is the owner's (requireOwner in routes.go): each event on or off, its template, the seller's
// mobiles. What it saves is used by the next order move on any instance: the store reads these settings inside
// the move's transaction.

// adminMessages shows the stored settings, each template previewed with an order (?order=SH-… or the newest).
func (d *Dashboard) adminMessages(c echo.Context) error {
	s, err := notify.Load(c.Request().Context(), d.deps.Messages)
	if err != nil {
		return err
	}
	return d.renderMessages(c, http.StatusOK, s, c.QueryParam("order"), nil)
}

// adminMessagesSave checks the form and saves it; an unknown placeholder or a wrong mobile sends it back with a
// message beside the field.
func (d *Dashboard) adminMessagesSave(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return httpkit.FormError(err)
	}
	s := readMessagesForm(form)
	problems, err := notify.Save(c.Request().Context(), d.deps.Messages, s)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return d.renderMessages(c, http.StatusUnprocessableEntity, s, form.Get("order"), problems)
	}
	return httpkit.RedirectSeeOther(c, "/admin/settings/messages?done=messages-saved&order="+url.QueryEscape(strings.TrimSpace(form.Get("order"))))
}

// adminMessagesPreview shows the form as typed, previewed, without saving it.
func (d *Dashboard) adminMessagesPreview(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return httpkit.FormError(err)
	}
	s := readMessagesForm(form)
	return d.renderMessages(c, http.StatusOK, s, form.Get("order"), s.Validate())
}

func readMessagesForm(v url.Values) notify.Settings {
	s := notify.Settings{Off: map[notify.Event]bool{}, Templates: map[notify.Event]string{}}
	for _, e := range notify.Events() {
		if v.Get("on_"+string(e.Event)) == "" {
			s.Off[e.Event] = true
		}
		t := strings.ReplaceAll(strings.TrimSpace(v.Get("template_"+string(e.Event))), "\r\n", "\n")
		if t != "" && t != e.Default {
			s.Templates[e.Event] = t
		}
	}
	for _, m := range strings.FieldsFunc(iran.NormalizeDigits(v.Get("seller_mobiles")), func(r rune) bool {
		return r == ',' || r == '،' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	}) {
		if n, err := iran.NormalizeMobile(m); err == nil {
			m = n
		}
		s.SellerMobiles = append(s.SellerMobiles, m)
	}
	return s
}

// previewOrder is the order the previews use: the one named (a reference or an id), or the newest.
func (d *Dashboard) previewOrder(ctx context.Context, named string) (*checkout.Order, string, error) {
	named = strings.TrimSpace(iran.NormalizeDigits(named))
	if named != "" {
		id, ok := checkout.ParseReference(named)
		if !ok {
			return nil, "شماره‌ی سفارش را مانند SH-000042 بنویسید.", nil
		}
		o, err := d.deps.Orders.OrderByID(ctx, id)
		if errors.Is(err, checkout.ErrOrderNotFound) {
			return nil, "سفارشی با این شماره نیست.", nil
		}
		return o, "", err
	}
	var states []checkout.State
	for _, s := range checkout.States() {
		if s != checkout.StateAwaitingSeller { // held orders are listed first; the newest of the rest is wanted
			states = append(states, s)
		}
	}
	page, err := d.deps.Orders.ListOrders(ctx, admin.OrderFilter{States: states, PerPage: 1})
	if err != nil || len(page.Orders) == 0 {
		return nil, "", err
	}
	o, err := d.deps.Orders.OrderByID(ctx, page.Orders[0].ID)
	return o, "", err
}

func (d *Dashboard) renderMessages(c echo.Context, status int, s notify.Settings, order string, problems map[string]string) error {
	o, orderProblem, err := d.previewOrder(c.Request().Context(), order)
	if err != nil {
		return err
	}
	if orderProblem != "" {
		if problems == nil {
			problems = map[string]string{}
		}
		problems["order"] = orderProblem
	}
	v := views.AdminMessagesPage{AdminPage: d.adminPage(c, "پیام‌ها", "messages"), SMSOn: d.deps.Notify.SMS,
		EmailOn: d.deps.Notify.Email, SellerMobiles: strings.Join(s.SellerMobiles, "، "), Problems: problems}
	if o != nil {
		v.PreviewOrder = o.Reference()
	} else {
		v.PreviewOrder = strings.TrimSpace(order)
	}
	for _, e := range notify.Events() {
		row := views.AdminMessageEvent{Event: string(e.Event), Label: e.Label, ToSeller: e.ToSeller, On: s.On(e.Event),
			Template: s.Template(e.Event)}
		if t, ok := s.Templates[e.Event]; ok {
			row.Template = t // as typed, even when it is refused
		}
		ps := make([]string, len(e.Placeholders))
		for i, p := range e.Placeholders {
			ps[i] = "{" + p + "}"
		}
		row.Placeholders = strings.Join(ps, " ")
		if o != nil && problems["template_"+string(e.Event)] == "" {
			row.Preview = d.deps.Notify.Preview(e.Event, row.Template, o, d.shopName())
		}
		v.Events = append(v.Events, row)
	}
	return httpkit.Render(c, status, views.AdminMessagesView(v))
}
