package dashboard

import (
	"bufio"
	"context"
	"errors"
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

// csvFlushEvery is how many rows go out together: the download shows progress from its first rows, and the
// handler holds a buffer, never the export.
const csvFlushEvery = 500

// adminOrderCSV exports the filtered list (every page of it) as UTF-8 CSV with a byte-order mark, which is what
// makes Excel read Persian text correctly. The rows are written as the store reads them, a keyset batch at a
// time, and flushed as they go: a year of orders streams in constant memory.
func (d *Dashboard) adminOrderCSV(c echo.Context) error {
	f, problems := admin.ParseOrderFilter(c.QueryParams())
	if len(problems) > 0 {
		var msgs []string
		for _, m := range problems {
			msgs = append(msgs, m)
		}
		return apperr.New(apperr.Invalid, "dashboard: bad export filter", strings.Join(msgs, " "))
	}
	f.After, f.Before = admin.OrderCursor{}, admin.OrderCursor{} // the export is the whole list, not a page of it
	ctx := c.Request().Context()
	name := "orders-" + d.now().In(iran.Tehran).Format("20060102-1504") + ".csv"
	res := c.Response()
	var w *csvWriter
	// start sends the header once the first batch has been read, so that a store that fails at once still
	// gets the error page rather than an empty file.
	start := func() error {
		h := res.Header()
		h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
		h.Set("Cache-Control", "no-store")
		res.WriteHeader(http.StatusOK)
		w = newCSVWriter(res)
		if err := w.writeString("\ufeff"); err != nil {
			return err
		}
		return w.Write(csvColumns)
	}
	written := 0
	// The store is read in one goroutine and the rows written in this one, a batch of csvFlushEvery orders (and
	// their lines, for the items column) at a time: reading SQLite and formatting the sheet take about as long
	// as each other, and on two cores they overlap. At most two batches wait between them.
	rctx, cancel := context.WithCancel(ctx)
	batches := make(chan csvBatch, 2)
	go d.readCSVBatches(rctx, f, batches)
	var err error
	for b := range batches {
		if err = b.err; err != nil {
			break
		}
		if w == nil {
			if err = start(); err != nil {
				err = errClientGone
				break
			}
		}
		for _, o := range b.orders {
			if err = w.Write(append(csvRecord(o), csvSafe(b.items[o.ID]))); err != nil {
				err = errClientGone
				break
			}
		}
		if err != nil {
			break
		}
		written += len(b.orders)
		if err = w.flushTo(res); err != nil {
			err = errClientGone
			break
		}
	}
	cancel()
	for range batches { // the reader stops at the cancel; wait for it
	}
	switch {
	case err == nil && w == nil: // no order matches: the header alone
		if err := start(); err != nil {
			return nil
		}
	case errors.Is(err, errClientGone):
		return nil
	case err != nil && w == nil:
		return err // nothing sent yet: the error page can still be shown
	case err != nil:
		d.log.ErrorContext(ctx, "dashboard: csv export broke off", "err", err, "rows", written)
		return nil
	}
	_ = w.flushTo(res)
	return nil
}

// csvBatch is what the export's reader hands its writer: orders and their items column, or why it stopped.
type csvBatch struct {
	orders []*checkout.Order
	items  map[int64]string
	err    error
}

// readCSVBatches reads the filtered list into batches of csvFlushEvery orders with their lines, until the list
// ends (the channel closes), the store fails (a last batch carries the error) or ctx is cancelled. The orders
// and their lines are read by two goroutines of their own (two connections), so the three steps overlap.
func (d *Dashboard) readCSVBatches(ctx context.Context, f admin.OrderFilter, out chan<- csvBatch) {
	defer close(out)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	send := func(ch chan<- csvBatch, b csvBatch) bool {
		select {
		case ch <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	orders := make(chan csvBatch, 2)
	go func() {
		defer close(orders)
		batch := make([]*checkout.Order, 0, csvFlushEvery)
		err := d.deps.Orders.EachOrder(ctx, f, func(o *checkout.Order) error {
			if batch = append(batch, o); len(batch) == csvFlushEvery {
				if !send(orders, csvBatch{orders: batch}) {
					return ctx.Err()
				}
				batch = make([]*checkout.Order, 0, csvFlushEvery)
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			send(orders, csvBatch{orders: batch})
		}
		if err != nil && ctx.Err() == nil {
			send(orders, csvBatch{err: err})
		}
	}()
	for b := range orders {
		if b.err == nil {
			b.items, b.err = d.csvItems(ctx, b.orders)
		}
		if !send(out, b) || b.err != nil {
			cancel()
			break
		}
	}
	for range orders { // after an error or a cancel the orders' reader stops too; wait for it
	}
}

// errClientGone stops an export whose reader went away.
var errClientGone = errors.New("dashboard: the export's reader went away")

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

// csvItems is each order's lines as the items column writes them, read for a whole batch at once.
func (d *Dashboard) csvItems(ctx context.Context, orders []*checkout.Order) (map[int64]string, error) {
	out := map[int64]string{}
	if d.deps.Items == nil || len(orders) == 0 {
		return out, nil
	}
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.ID
	}
	items, err := d.deps.Items.OrderLines(ctx, ids)
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

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{w: bufio.NewWriterSize(w, 32<<10)} }

func (c *csvWriter) writeString(s string) error {
	_, err := c.w.WriteString(s)
	return err
}

// flushTo sends what is buffered and pushes it to the client now.
func (c *csvWriter) flushTo(res *echo.Response) error {
	if err := c.w.Flush(); err != nil {
		return err
	}
	if err := http.NewResponseController(res).Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	return nil
}

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
