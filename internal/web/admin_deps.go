package web

import (
	"context"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/catalog"
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
	// Products is the catalog as the product editor sees it, hidden products included.
	Products ProductEditor
	// RunJob runs a scheduled job now (the loyalty page's "pull now"); nil hides the button.
	RunJob func(ctx context.Context, name string) (jobs.Run, error)
	// JobHistory lists a job's last runs, newest first.
	JobHistory func(ctx context.Context, name string, limit int) ([]jobs.Run, error)
	// ProductsChanged is called after a product is saved, hidden or shown: the hook for whatever keeps a copy of
	// the catalog (the catalog snapshot's Invalidate, once it lands). Nil does nothing.
	ProductsChanged func()
}

// ProductEditor is what the product pages need from storage; store.Store satisfies it.
type ProductEditor interface {
	AllProducts(ctx context.Context) ([]catalog.Product, error)
	ProductsByCode(ctx context.Context, codes []string) (map[string]catalog.Product, error)
	SaveProduct(ctx context.Context, p catalog.Product) error
	SetProductActive(ctx context.Context, code string, active bool) error
}

// adminPage fills the parts of the dashboard's layout every page shares.
func (s *Server) adminPage(c echo.Context, title, active string) templates.AdminPage {
	p := templates.AdminPage{Title: title, Active: active, Sandbox: s.deps.Sandbox != nil, PriceUnit: s.deps.PriceUnit,
		ShopTitle: s.shopName()}
	if a := currentAdmin(c); a != nil {
		p.CSRF = s.csrfToken(c) // the sign-in page has no session to bind a token to: the cross-origin check guards it
		p.Email, p.RoleLabel, p.Owner = a.Email, a.Role.Label(), a.Role == admin.Owner
	}
	if msg, ok := adminNotices[c.QueryParam("done")]; ok {
		p.Notice = templates.Flash{Kind: "ok", Message: msg}
	}
	return p
}

// adminNotices are the one-line confirmations an action's redirect may ask for (?done=KEY); only these keys
// exist, so a link cannot make the dashboard say anything else.
var adminNotices = map[string]string{
	"refreshed":         "وضعیت سفارش از فروتل به‌روز شد.",
	"factor-attached":   "شماره‌ی فاکتور به سفارش وصل شد.",
	"resent":            "سفارش دوباره به فروتل فرستاده شد؛ نتیجه در تاریخچه آمده است.",
	"reconciled":        "سفارش دوباره بررسی شد؛ نتیجه در تاریخچه آمده است.",
	"product-created":   "کالا افزوده شد و در فروشگاه دیده می‌شود.",
	"product-saved":     "تغییرات کالا ذخیره شد.",
	"product-hidden":    "کالا پنهان شد و دیگر در فروشگاه دیده نمی‌شود.",
	"product-shown":     "کالا دوباره در فروشگاه دیده می‌شود.",
	"settings-saved":    "تنظیمات ذخیره شد و از همین حالا به کار می‌رود.",
	"cards-mapped":      "کارت‌ها به این عضو متصل شد.",
	"customer-disabled": "عضو در باشگاه مشتریان غیرفعال شد.",
	"pull-started":      "دریافت تراکنش‌ها از باشگاه آغاز شد؛ نتیجه چند لحظه بعد در فهرست اجراها می‌آید.",
	"staff-removed":     "حساب کارمند حذف شد و نشست‌هایش بسته شد.",
	"signed-in":         "خوش آمدید.",
}

// shopName is the shop's name as the owner set it, or the built-in one.
func (s *Server) shopName() string {
	if s.deps.Settings != nil && s.deps.Settings.Current().Name != "" {
		return s.deps.Settings.Current().Name
	}
	return templates.ShopName
}

// Routes lists every route the server answers, for the test that walks the dashboard's routes.
func (s *Server) Routes() []*echo.Route { return s.e.Routes() }
