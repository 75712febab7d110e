package dashboard

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"shop/internal/iran"
	"shop/internal/loyalty"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// loyaltyTxLimit is how many stored transactions one listing shows (and totals).
const loyaltyTxLimit = 500

// adminLoyaltyTransactions lists the transactions the nightly pull stored, terminal or mapped-card ones, filtered
// by terminal, card ending, RRN and Jalali dates, with their totals.
func (d *Dashboard) adminLoyaltyTransactions(c echo.Context) error {
	q := c.QueryParams()
	v := views.AdminLoyaltyTxPage{AdminPage: d.adminPage(c, "تراکنش‌های باشگاه", "loyalty"), Kind: "terminal",
		Terminal: strings.TrimSpace(q.Get("terminal")), Pan: strings.TrimSpace(q.Get("pan")), RRN: strings.TrimSpace(q.Get("rrn")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Problems: map[string]string{}, Limit: loyaltyTxLimit}
	if q.Get("kind") == "mapped" {
		v.Kind = "mapped"
	}
	f := loyalty.TransactionFilter{Terminal: iran.NormalizeDigits(v.Terminal), RRN: iran.NormalizeDigits(v.RRN), Limit: loyaltyTxLimit + 1}
	if v.Pan != "" {
		pan := iran.NormalizeDigits(v.Pan)
		if strings.Trim(pan, "0123456789") != "" || len(pan) > 16 {
			v.Problems["pan"] = "چند رقم آخر کارت را فقط با رقم بنویسید."
		}
		f.PanSuffix = pan
	}
	for _, bound := range []struct {
		field, typed string
		into         *time.Time
		nextDay      bool
	}{{"from", v.From, &f.From, false}, {"to", v.To, &f.To, true}} {
		if bound.typed == "" {
			continue
		}
		t, err := iran.ParseJalaliDate(bound.typed)
		if err != nil {
			v.Problems[bound.field] = "تاریخ را مانند ۱۴۰۵/۰۹/۰۱ بنویسید."
			continue
		}
		if bound.nextDay { // "to" includes its whole day
			t = t.AddDate(0, 0, 1)
		}
		*bound.into = t
	}
	if len(v.Problems) == 0 {
		var err error
		if v.Kind == "mapped" {
			var txs []loyalty.MappedTransaction
			txs, err = d.deps.Loyalty.StoredMappedTransactions(c.Request().Context(), f)
			v.Rows = mappedRows(txs)
		} else {
			var txs []loyalty.TerminalTransaction
			txs, err = d.deps.Loyalty.StoredTerminalTransactions(c.Request().Context(), f)
			v.Rows = terminalRows(txs)
		}
		if err != nil {
			return err
		}
		if len(v.Rows) > loyaltyTxLimit {
			v.Rows, v.Truncated = v.Rows[:loyaltyTxLimit], true
		}
		v.Totals = totalsOf(v.Rows)
	}
	status := http.StatusOK
	if len(v.Problems) > 0 {
		status = http.StatusBadRequest
	}
	return httpkit.Render(c, status, views.AdminLoyaltyTxView(v))
}
