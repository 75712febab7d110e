package web

import (
	"context"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/jobs"
	"shop/web/templates"
)

// AdminDeps wires the dashboard. cmd/shop builds it; nil Deps.Admin leaves /admin unrouted.
type AdminDeps struct {
	Accounts *admin.Service
	Orders   admin.OrderStore
	// Mirrors reports the Frotel client's per-mirror health.
	Mirrors func() []admin.MirrorHealth
	// JobRuns returns the last run of every scheduled job; a job that never ran has a zero StartedAt.
	JobRuns func(ctx context.Context) ([]jobs.Run, error)
}

// adminPage fills the parts of the dashboard's layout every page shares.
func (s *Server) adminPage(c echo.Context, title, active string) templates.AdminPage {
	p := templates.AdminPage{Title: title, Active: active, Sandbox: s.deps.Sandbox != nil, PriceUnit: s.deps.PriceUnit}
	p.CSRF = s.csrfToken(c) // the shop session's token: the one CSRF guard covers the dashboard's forms too
	if a := currentAdmin(c); a != nil {
		p.Email, p.RoleLabel = a.Email, a.Role.Label()
	}
	if msg, ok := adminNotices[c.QueryParam("done")]; ok {
		p.Notice = templates.Flash{Kind: "ok", Message: msg}
	}
	return p
}

// adminNotices are the one-line confirmations an action's redirect may ask for (?done=KEY); only these keys
// exist, so a link cannot make the dashboard say anything else.
var adminNotices = map[string]string{
	"refreshed":       "وضعیت سفارش از فروتل به‌روز شد.",
	"factor-attached": "شماره‌ی فاکتور به سفارش وصل شد.",
	"resent":          "سفارش دوباره به فروتل فرستاده شد؛ نتیجه در تاریخچه آمده است.",
	"reconciled":      "سفارش دوباره بررسی شد؛ نتیجه در تاریخچه آمده است.",
}

// Routes lists every route the server answers, for the test that walks the dashboard's routes.
func (s *Server) Routes() []*echo.Route { return s.e.Routes() }
