package dashboard

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// adminOrderList is the orders list: held orders first, then newest first, filtered by the query parameters, one
// page at a time. The pages are linked by cursor (after=, before=: plain links, no script), each an index range.
func (d *Dashboard) adminOrderList(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	f, problems := admin.ParseOrderFilter(q)
	page, err := d.deps.Orders.ListOrders(ctx, f)
	if err != nil {
		return err
	}
	attn, err := d.deps.Orders.ListOrders(ctx, admin.OrderFilter{States: admin.NeedsPerson(), PerPage: 1})
	if err != nil {
		return err
	}
	v := views.AdminOrderListPage{
		AdminPage: d.adminPage(c, "سفارش‌ها", "orders"),
		Total:     page.Total, Query: q.Get("q"), From: q.Get("from"), To: q.Get("to"),
		Problems: problems, Attention: q.Get("state") == admin.Attention, Attn: attn.Total,
		AttnURL: "/admin/orders?state=" + admin.Attention, ClearURL: "/admin/orders",
		CSVURL: "/admin/orders.csv" + encodedQuery(q, "", ""),
	}
	for _, k := range []string{"q", "state", "kind", "payment", "from", "to"} {
		if q.Get(k) != "" {
			v.HasFilters = true
		}
	}
	if !page.Prev.IsZero() {
		v.PrevURL = "/admin/orders" + encodedQuery(q, "before", page.Prev.String())
		v.FirstURL = "/admin/orders" + encodedQuery(q, "", "")
	}
	if !page.Next.IsZero() {
		v.NextURL = "/admin/orders" + encodedQuery(q, "after", page.Next.String())
	}
	for _, o := range page.Orders {
		v.Rows = append(v.Rows, adminOrderRow(o))
	}
	v.States = append(v.States, views.AdminOption{Value: admin.Attention, Label: "نیازمند رسیدگی", Selected: v.Attention})
	for _, st := range checkout.States() {
		v.States = append(v.States, views.AdminOption{Value: string(st), Label: st.Label(), Selected: q.Get("state") == string(st)})
	}
	for _, k := range catalog.Kinds {
		v.Kinds = append(v.Kinds, views.AdminOption{Value: string(k), Label: k.Label(), Selected: q.Get("kind") == string(k)})
	}
	for _, w := range checkout.PaymentWays() {
		v.Payments = append(v.Payments, views.AdminOption{Value: string(w), Label: w.Label(), Selected: q.Get("payment") == string(w)})
	}
	return httpkit.Render(c, http.StatusOK, views.AdminOrderListView(v))
}

// pageKeys are the list's paging parameters: a link to another page, or to the export, drops them all.
var pageKeys = []string{"after", "before", "page"}

// encodedQuery is the filter's query string with the paging replaced by key=value (none when key is "").
func encodedQuery(q url.Values, key, value string) string {
	out := url.Values{}
	for k, vs := range q {
		if !slices.Contains(pageKeys, k) && len(vs) > 0 && vs[0] != "" {
			out.Set(k, vs[0])
		}
	}
	if key != "" && value != "" {
		out.Set(key, value)
	}
	if len(out) == 0 {
		return ""
	}
	return "?" + out.Encode()
}

func adminOrderRow(o *checkout.Order) views.AdminOrderRow {
	r := views.AdminOrderRow{
		ID: o.ID, Reference: o.Reference(), FactorID: o.FactorID, Buyer: buyerName(o), Mobile: o.Buyer.Mobile,
		Total: o.Total, State: string(o.State), StateLabel: o.State.Label(), Kind: string(o.Kind),
		KindLabel: o.Kind.Label(), Payment: string(o.Payment), PaymentLabel: o.Payment.Label(),
		Created: iran.FormatJalaliDateTime(o.CreatedAt), NeedsPerson: admin.NeedsPersonState(o.State),
	}
	return r
}

func buyerName(o *checkout.Order) string { return o.Buyer.FirstName + " " + o.Buyer.LastName }
