package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"shop/internal/iran"
	"shop/internal/jobs"
	"shop/internal/loyalty"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// The loyalty page is the club from the seller's side: a customer by national code (membership, balances, map
// cards, disable), a card's membership, the groups, the purchases of a customer's cards asked live, and the
// nightly pull's runs with a button to pull now. Answers of the club are shown on the page, in Persian (with
// loyalty.Message), never as an error page: a club that is down must not take the dashboard with it.

// adminLoyalty shows the page; the query says which lookups to make (nc, card, live).
func (d *Dashboard) adminLoyalty(c echo.Context) error {
	v := d.loyaltyPage(c)
	return httpkit.Render(c, http.StatusOK, views.AdminLoyaltyView(v))
}

func (d *Dashboard) loyaltyPage(c echo.Context) views.AdminLoyaltyPage {
	ctx := c.Request().Context()
	ly := d.deps.Loyalty
	q := c.QueryParams()
	v := views.AdminLoyaltyPage{AdminPage: d.adminPage(c, "باشگاه مشتریان", "loyalty"), Enabled: ly.Enabled(),
		NationalCode: strings.TrimSpace(q.Get("nc")), Card: strings.TrimSpace(q.Get("card")),
		LiveCards: strings.TrimSpace(q.Get("live")), LiveDays: 7, CanPull: d.deps.RunJob != nil}
	if d, err := strconv.Atoi(q.Get("days")); err == nil && d >= 1 && d <= 7 {
		v.LiveDays = d
	}
	if !v.Enabled {
		return v
	}
	if v.NationalCode != "" {
		res, err := ly.Lookup(ctx, v.NationalCode)
		if err != nil {
			v.LookupError = loyalty.Message(err)
		} else {
			cust := &views.AdminLoyaltyCustomer{NationalCode: res.NationalCode, Member: res.Member}
			for _, b := range res.Balances {
				cust.Balances = append(cust.Balances, views.AdminLoyaltyBalance{Name: b.AccountName, Amount: b.BalanceAmount})
			}
			v.Customer = cust
			v.NationalCode = res.NationalCode
		}
	}
	if v.Card != "" {
		v.CardAsked = true
		m, err := ly.CardMembership(ctx, v.Card)
		switch {
		case errors.Is(err, loyalty.ErrCardNotMember) || errors.Is(err, loyalty.ErrCardWasNotFound):
			v.CardResult = "این کارت نه کارت باشگاه است و نه به عضوی متصل است."
		case err != nil:
			v.CardError = loyalty.Message(err)
		case m.Kind == loyalty.CardLoyalty:
			v.CardResult, v.CardMember = "کارت باشگاه مشتریان است ("+m.Card+").", true
		case m.Kind == loyalty.CardMapped:
			v.CardResult, v.CardMember = "کارت بانکی متصل به یکی از اعضا است ("+m.Card+").", true
		case m.Kind == loyalty.CardKnown:
			v.CardResult, v.CardMember = "باشگاه این کارت را می‌شناسد ("+m.Card+") ولی نگفت کارت باشگاه است یا کارت بانکیِ متصل به یک عضو"+
				" (پاسخ -105، «ثبت‌شده از پیش»). برای دانستن صاحب آن، عضو را با کد ملی جست‌وجو کنید.", true
		default:
			v.CardResult = fmt.Sprintf("باشگاه پاسخی داد که معنایش روشن نیست (وضعیت %d) درباره‌ی کارت %s.", m.Status, m.Card)
		}
	}
	if v.LiveCards != "" {
		v.LiveAsked = true
		from := d.now().Add(-time.Duration(v.LiveDays) * 24 * time.Hour)
		txs, err := ly.MappedCustomerTransactions(ctx, splitCards(v.LiveCards), from)
		if err != nil {
			v.LiveError = loyalty.Message(err)
		}
		v.Live = mappedRows(txs)
		v.LiveTotals = totalsOf(v.Live)
	}
	cu, ca, err := ly.Groups(ctx)
	if err != nil {
		v.GroupsError = loyalty.Message(err)
	}
	for _, g := range cu {
		v.CustomerGroups = append(v.CustomerGroups, views.AdminLoyaltyGroup{ID: g.ID, Title: g.Title})
	}
	for _, g := range ca {
		v.CardGroups = append(v.CardGroups, views.AdminLoyaltyGroup{ID: g.ID, Title: g.Title})
	}
	v.Runs, v.RunsError = d.loyaltyRuns(ctx)
	return v
}

// loyaltyRuns lists the nightly pull's last runs, newest first.
func (d *Dashboard) loyaltyRuns(ctx context.Context) ([]views.AdminSyncRun, string) {
	if d.deps.JobHistory == nil {
		return nil, ""
	}
	runs, err := d.deps.JobHistory(ctx, loyalty.SyncJobName, 10)
	if err != nil {
		d.log.ErrorContext(ctx, "dashboard: loyalty runs", "err", err)
		return nil, "فهرست اجراها خوانده نشد."
	}
	out := make([]views.AdminSyncRun, len(runs))
	for i, r := range runs {
		out[i] = jobRunView(r)
	}
	return out, ""
}

func jobRunView(r jobs.Run) views.AdminSyncRun {
	v := views.AdminSyncRun{Started: iran.FormatJalaliDateTime(r.StartedAt), OK: r.OK(), Error: r.Error,
		RowsSeen: r.RowsSeen, RowsNew: r.RowsNew, Gap: r.Gap, Note: r.Note}
	if r.FinishedAt.IsZero() {
		v.Running = true
	} else {
		v.Duration = durationFa(r.FinishedAt.Sub(r.StartedAt))
	}
	return v
}

// splitCards reads card numbers typed one per line or separated by commas or spaces.
func splitCards(s string) []string {
	return strings.FieldsFunc(iran.NormalizeDigits(s), func(r rune) bool {
		return r == ',' || r == '،' || r == '\n' || r == '\r' || r == ';'
	})
}

func mappedRows(txs []loyalty.MappedTransaction) []views.AdminLoyaltyTx {
	out := make([]views.AdminLoyaltyTx, len(txs))
	for i, t := range txs {
		out[i] = views.AdminLoyaltyTx{Time: iran.FormatJalaliDateTime(t.LocalTime), Terminal: t.Terminal, Pan: t.PanTrunc,
			RRN: t.RRN, Amount: t.Amount, TrAmount: t.TrAmount}
	}
	return out
}

func terminalRows(txs []loyalty.TerminalTransaction) []views.AdminLoyaltyTx {
	out := make([]views.AdminLoyaltyTx, len(txs))
	for i, t := range txs {
		out[i] = views.AdminLoyaltyTx{Time: iran.FormatJalaliDateTime(t.LocalTime), Terminal: t.Terminal, Pan: t.PanTrunc,
			RRN: t.RRN, Amount: t.Amount, TrAmount: t.TrAmount}
	}
	return out
}

func totalsOf(rows []views.AdminLoyaltyTx) views.AdminLoyaltyTotals {
	t := views.AdminLoyaltyTotals{Count: len(rows)}
	for _, r := range rows {
		t.Amount += r.Amount
		t.TrAmount += r.TrAmount
	}
	return t
}

// adminLoyaltyMap maps bank cards to a member.
func (d *Dashboard) adminLoyaltyMap(c echo.Context) error {
	nc := strings.TrimSpace(c.FormValue("nc"))
	cards := c.FormValue("cards")
	err := d.deps.Loyalty.MapCards(c.Request().Context(), iran.NormalizeDigits(nc), splitCards(cards))
	if err != nil {
		c.QueryParams().Set("nc", nc) // show the customer again, with the message beside the cards
		v := d.loyaltyPage(c)
		v.NationalCode, v.MapCards, v.MapError = nc, cards, loyalty.Message(err)
		return httpkit.Render(c, http.StatusUnprocessableEntity, views.AdminLoyaltyView(v))
	}
	return httpkit.RedirectSeeOther(c, "/admin/loyalty?done=cards-mapped&nc="+url.QueryEscape(nc))
}

// adminLoyaltyDisableConfirm asks before disabling a member: the club offers no way back from the dashboard.
func (d *Dashboard) adminLoyaltyDisableConfirm(c echo.Context) error {
	nc, err := iran.ValidNationalCode(c.QueryParam("nc"))
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "national code").SetInternal(err)
	}
	v := views.AdminConfirmPage{AdminPage: d.adminPage(c, "غیرفعال کردن عضو", "loyalty"),
		Heading: "غیرفعال کردن عضو " + iran.PersianDigits(nc),
		Message: "این عضو در باشگاه مشتریان غیرفعال می‌شود و دیگر امتیاز نمی‌گیرد. این کار از پنل فروشگاه برگشت‌پذیر نیست.",
		Action:  "/admin/loyalty/disable", Button: "بله، غیرفعال شود", Cancel: "/admin/loyalty?nc=" + nc,
		Hidden: map[string]string{"nc": nc}}
	return httpkit.Render(c, http.StatusOK, views.AdminConfirmView(v))
}

// adminLoyaltyDisable disables a member.
func (d *Dashboard) adminLoyaltyDisable(c echo.Context) error {
	nc := strings.TrimSpace(c.FormValue("nc"))
	if err := d.deps.Loyalty.DisableCustomer(c.Request().Context(), iran.NormalizeDigits(nc)); err != nil {
		c.QueryParams().Set("nc", nc)
		v := d.loyaltyPage(c)
		v.DisableError = loyalty.Message(err)
		return httpkit.Render(c, http.StatusUnprocessableEntity, views.AdminLoyaltyView(v))
	}
	return httpkit.RedirectSeeOther(c, "/admin/loyalty?done=customer-disabled")
}

// adminLoyaltyPull runs the nightly pull now, through the scheduler (so it is recorded, and never runs twice at
// once). It runs in the background: a pull can take minutes, and the page lists the run when it ends.
func (d *Dashboard) adminLoyaltyPull(c echo.Context) error {
	ctx := context.WithoutCancel(c.Request().Context())
	go func() {
		if _, err := d.deps.RunJob(ctx, loyalty.SyncJobName); err != nil && !errors.Is(err, jobs.ErrRunning) {
			d.log.WarnContext(ctx, "dashboard: loyalty pull now", "err", err)
		}
	}()
	return httpkit.RedirectSeeOther(c, "/admin/loyalty?done=pull-started#runs")
}
