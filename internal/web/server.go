// Package web is the shop's HTTP face: the echo server, its middleware, one Persian error page, and one file per
// page or action. Handlers turn requests into calls on the domain packages and fill plain view models for the
// templ components in web/templates; they never build queries themselves.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"shop/internal/account"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/logctx"
	"shop/internal/loyalty"
	"shop/internal/metrics"
	"shop/internal/settings"
	"shop/internal/web/dashboard"
	"shop/internal/web/httpkit"
	"shop/web/static"
)

// Deps is everything the web layer is wired with. cmd/shop builds it.
type Deps struct {
	Catalog catalog.Store
	// Mailer is set when the seller set an SMTP server: the checkout then says the order's link goes to the e-mail
	// given (the outbox sends it). Nil when e-mail is off.
	Mailer Mailer
	// ProductImages keeps uploaded product pictures (under the data folder); they are served on /product-images/.
	ProductImages catalog.Images
	// Photos are the products' photos' files (store.Store), served on /photos/; nil leaves the route out.
	Photos   PhotoFiles
	Sessions sessions.Store
	// BaseURL is the shop's public URL: its origin is the one the cross-origin check trusts besides the request's
	// own host (a reverse proxy may rewrite the host).
	BaseURL       string
	PriceUnit     iran.PriceUnit
	SecureCookies bool
	// Checkout places and pays orders; nil serves the storefront alone (basket only).
	Checkout *checkout.Service
	// Settings are the seller's choices edited in the dashboard (the shop's name and contact line, shipping);
	// nil keeps the built-in name and leaves the settings page unrouted.
	Settings *settings.Service
	// Account sends and checks the one-time codes of sign-in by mobile (/account) and of cash-on-delivery orders
	// waiting for their mobile; nil leaves /account unrouted.
	Account *account.Service
	// Loyalty is the loyalty club; nil or disabled hides the checkout box.
	Loyalty *loyalty.Service
	// Dashboard is the seller's dashboard under /admin (built with dashboard.New); nil leaves it unrouted.
	Dashboard *dashboard.Dashboard
	// Sandbox, when set, is mounted under /sandbox: the built-in fakes of Frotel, the loyalty club and the bank.
	Sandbox http.Handler
	// Ready reports whether the shop can take shoppers (the database answers, its schema is current): /readyz.
	Ready func(ctx context.Context) error
	// Metrics, when set, counts requests by route and is served at /metrics to whoever metricsAllowed lets in.
	Metrics *metrics.Metrics
	// MetricsToken is SHOP_METRICS_TOKEN: the bearer token that opens /metrics.
	MetricsToken string
	Logger       *slog.Logger
	// TrustedProxies are the only peers whose X-Forwarded-For, X-Real-IP and X-Request-ID are believed.
	TrustedProxies []*net.IPNet
	// Limits are the per-IP rate limits; the zero value limits nothing.
	Limits Limits
	// Sold says how many of each product were sold, for the best-selling order; nil leaves that order the
	// seller's own.
	Sold func(ctx context.Context) (map[string]int, error)
	// PageCacheBytes bounds the memory of the catalog's kept pages (SHOP_PAGE_CACHE_BYTES); 0 is 16 MB.
	PageCacheBytes int64
}

// Server is the configured echo instance.
type Server struct {
	e      *echo.Echo
	static *staticFiles
	pages  *pageCache
	deps   Deps
	log    *slog.Logger
	sold   *soldCounts
	// search is the catalog's search index, folded once per load of the catalog.
	search searchIndex
	// crossOrigin refuses state-changing requests from other sites (csrf.go).
	crossOrigin *http.CrossOriginProtection
}

// New builds the server with every route and middleware in place.
func New(d Deps) (*Server, error) {
	if d.Catalog == nil || d.Sessions == nil {
		return nil, errors.New("web: catalog and sessions are required")
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	d.Logger = logctx.Wrap(d.Logger) // the request's id on every line (requestIDs puts it in the context)
	if d.PriceUnit == "" {
		d.PriceUnit = iran.Toman
	}
	if d.Ready == nil {
		d.Ready = func(context.Context) error { return nil }
	}
	files, err := newStaticFiles(static.FS())
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.IPExtractor = httpkit.IPExtractor(d.TrustedProxies)
	crossOrigin, err := newCrossOriginGuard(d.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("web: SHOP_BASE_URL as a trusted origin: %w", err)
	}
	pages, err := newPageCache(d.PageCacheBytes)
	if err != nil {
		return nil, fmt.Errorf("web: page cache: %w", err)
	}
	s := &Server{e: e, static: files, pages: pages, deps: d, log: d.Logger, crossOrigin: crossOrigin,
		sold: &soldCounts{read: d.Sold}}
	e.HTTPErrorHandler = s.handleError
	s.routes()
	return s, nil
}

// ServeHTTP makes the server an http.Handler (tests use it with httptest).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.front(w, r) }

// Mailer sends one plain-text e-mail (internal/mail's Sender).
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}
