package dashboard

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/apperr"
	"shop/internal/checkout"
	"shop/internal/iran"
)

// csvColumns are the export's header: stable English keys that spreadsheets and scripts may rely on. New
// columns go at the end; none is ever renamed.
var csvColumns = []string{"factor", "reference", "state", "state_label", "kind", "payment", "total_rials", "buyer",
	"mobile", "province", "city", "address", "postal_code", "created", "tracking_code", "barcode",
	"tracking_status", "send", "shipping_rials", "email",
	// For people reading the sheet: the amounts in toman (as every screen shows them) and the codes' Persian labels.
	"total_toman", "shipping_toman", "kind_label", "payment_label", "send_label",
	// The lines: "pro_code × count name" joined by " | " (a variant's own code and its options in the name).
	"items"}

// csvMaxRows bounds one export; a filter narrows a bigger one.
const csvMaxRows = 50000

// adminOrderCSV exports the filtered list (every page of it) as UTF-8 CSV with a byte-order mark, which is what
// makes Excel read Persian text correctly.
func (d *Dashboard) adminOrderCSV(c echo.Context) error {
	f, problems := admin.ParseOrderFilter(c.QueryParams())
	if len(problems) > 0 {
		var msgs []string
		for _, m := range problems {
			msgs = append(msgs, m)
		}
		return apperr.New(apperr.Invalid, "dashboard: bad export filter", strings.Join(msgs, " "))
	}
	f.Page, f.PerPage = 1, 1000
	ctx := c.Request().Context()
	name := "orders-" + d.now().In(iran.Tehran).Format("20060102-1504") + ".csv"
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")

	var w *csvWriter
	written := 0
	for written < csvMaxRows {
		page, err := d.deps.Orders.ListOrders(ctx, f)
		if err != nil {
			if w == nil {
				return err // nothing sent yet: the error page can still be shown
			}
			d.log.ErrorContext(c.Request().Context(), "dashboard: csv export broke off", "err", err)
			return nil
		}
		if w == nil {
			c.Response().WriteHeader(http.StatusOK)
			if _, err := c.Response().Write([]byte("\ufeff")); err != nil {
				return nil // the client went away
			}
			w = newCSVWriter(c.Response())
			if err := w.Write(csvColumns); err != nil {
				return nil
			}
		}
		items, err := d.csvItems(ctx, page.Orders)
		if err != nil {
			d.log.ErrorContext(ctx, "dashboard: csv export broke off", "err", err)
			return nil
		}
		for _, o := range page.Orders {
			if err := w.Write(append(csvRecord(o), csvSafe(items[o.ID]))); err != nil {
				return nil
			}
			written++
		}
		w.Flush()
		if len(page.Orders) < f.Limit() {
			break
		}
		f.Page++
	}
	w.Flush()
	return nil
}

func csvRecord(o *checkout.Order) []string {
	b := o.Buyer
	rec := []string{o.FactorID, o.Reference(), string(o.State), o.State.Label(), string(o.Kind), string(o.Payment),
		strconv.FormatInt(o.Total, 10), buyerName(o), b.Mobile, b.ProvinceName, b.CityName, b.Address, b.PostalCode,
		iran.NormalizeDigits(iran.FormatJalaliDateTime(o.CreatedAt)), o.TrackingCode, o.Barcode,
		o.TrackingStatus, string(o.Send), strconv.FormatInt(o.Shipping, 10), b.Email,
		toman(o.Total), toman(o.Shipping), o.Kind.Label(), o.Payment.Label(), sendLabel(o.Send)}
	for i := range rec {
		rec[i] = csvSafe(rec[i])
	}
	return rec
}

// csvItems is each order's lines as the items column writes them, read for a whole page at once.
func (d *Dashboard) csvItems(ctx context.Context, orders []*checkout.Order) (map[int64]string, error) {
	out := map[int64]string{}
	if d.deps.Items == nil || len(orders) == 0 {
		return out, nil
	}
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.ID
	}
	items, err := d.deps.Items.OrderItems(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, its := range items {
		parts := make([]string, len(its))
		for i, it := range its {
			code := it.Code
			if it.Variant != "" {
				code = it.Variant
			}
			parts[i] = code + " × " + strconv.Itoa(it.Count) + " " + it.Name
		}
		out[id] = strings.Join(parts, " | ")
	}
	return out, nil
}

// toman is an amount in rials as toman for the sheet: a plain number, with the rial remainder as a decimal.
func toman(rials int64) string {
	if rials%10 == 0 {
		return strconv.FormatInt(rials/10, 10)
	}
	return strconv.FormatFloat(float64(rials)/10, 'f', 1, 64)
}

func sendLabel(m checkout.SendMethod) string {
	if m == "" {
		return ""
	}
	return m.Label()
}

// csvSafe defuses formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
// return before one) as a formula, so such a cell is prefixed with an apostrophe, which shows as text. Buyers
// type their own names and addresses; numbers the shop writes never start with these.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// csvWriter writes RFC 4180 records with CRLF-free lines like encoding/csv, but also quotes a cell holding a
// semicolon (the separator spreadsheets use where the comma is the decimal mark, as in many Persian locales) or
// any line break (U+2028, U+2029, NEL besides CR and LF), so no cell is ever split in two.
type csvWriter struct {
	w *bufio.Writer
}

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{w: bufio.NewWriter(w)} }

func (c *csvWriter) Write(rec []string) error {
	for i, field := range rec {
		if i > 0 {
			c.w.WriteByte(',')
		}
		if !csvNeedsQuotes(field) {
			c.w.WriteString(field)
			continue
		}
		c.w.WriteByte('"')
		c.w.WriteString(strings.ReplaceAll(field, `"`, `""`))
		c.w.WriteByte('"')
	}
	_, err := c.w.WriteString("\n")
	return err
}

func (c *csvWriter) Flush() { _ = c.w.Flush() }

func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if strings.ContainsAny(field, ",;\"\r\n\u2028\u2029\u0085") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}
