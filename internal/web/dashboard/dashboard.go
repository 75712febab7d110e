// Package dashboard is the seller's dashboard under /admin: its own sign-in and session cookie, the guard in front
// of every page, its own CSRF tokens bound to the admin session, and one file per page or action (orders and
// their CSV export, products, loyalty, settings, accounts, the overview). Its templ components and view models
// live in web/templates/admin. It shares only internal/web/httpkit with the shopper's pages and never imports
// internal/web; internal/web mounts it (Dashboard.Mount) in its route list.
package dashboard

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"shop/internal/admin"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/jobs"
	"shop/internal/loyalty"
	"shop/internal/notify"
	"shop/internal/settings"
)

// Deps is everything the dashboard is wired with. cmd/shop (and the tests' builder) fill it once; nothing is set
// after New.
type Deps struct {
	// Accounts signs people in and keeps their sessions; required.
	Accounts *admin.Service
	Orders   admin.OrderStore
	// Mirrors reports the Frotel client's per-mirror health.
	Mirrors func() []admin.MirrorHealth
	// JobRuns returns the last run of every scheduled job; a job that never ran has a zero StartedAt.
	JobRuns func(ctx context.Context) ([]jobs.Run, error)
	// Products is the catalog as the product editor sees it, hidden products included; nil leaves the product
	// pages unrouted.
	Products ProductEditor
	// Items reads orders' lines for the CSV export's items column; nil leaves the column empty.
	Items OrderItems
	// Stock is the stock's books: low products, a product's history, orders paid without stock; nil hides them.
	Stock StockBook
	// ProductImages keeps the pictures uploaded before photos existed (the shop serves them on /product-images/).
	ProductImages catalog.Images
	// Photos stores products' photos (store.Store); nil leaves the photo actions unrouted and the product form
	// without its photo field.
	Photos PhotoEditor
	// RunJob runs a scheduled job now (the loyalty page's "pull now"); nil hides the button.
	RunJob func(ctx context.Context, name string) (jobs.Run, error)
	// JobHistory lists a job's last runs, newest first.
	JobHistory func(ctx context.Context, name string, limit int) ([]jobs.Run, error)
	// ProductsChanged is called after a product is saved, hidden or shown: the hook for whatever keeps a copy of
	// the catalog (the catalog snapshot's Invalidate). Nil does nothing.
	ProductsChanged func()
	// Checkout is the orders' service; nil leaves the order pages unrouted.
	Checkout *checkout.Service
	// Settings are the seller's choices; nil leaves the settings page unrouted and keeps the built-in name.
	Settings *settings.Service
	// Loyalty is the loyalty club; nil leaves the loyalty pages unrouted.
	Loyalty   *loyalty.Service
	PriceUnit iran.PriceUnit
	// Messages is the outbox as the dashboard reads it and where the messages' settings are kept; nil leaves the
	// messages page unrouted and the order page and the overview without their messages.
	Messages MessageStore
	// Notify is what the configuration says about messages (which channels are on, the public URL), for the
	// messages page and its previews.
	Notify notify.Config
	// SecureCookies marks the admin cookie Secure (the shop is served over https).
	SecureCookies bool
	// Sandbox says the upstreams are the built-in fakes: the layout says so in a thin banner.
	Sandbox bool
	// CSRFKey is the secret the forms' tokens are derived under (HMAC of the admin session's token), at least
	// 32 bytes; the caller derives it from the session secret. Required.
	CSRFKey []byte
	Logger  *slog.Logger
	// Now is the clock (the overview's "today", the CSV file's name, the sign-in limit's wait); nil is time.Now.
	Now func() time.Time
}

// CSRFKeyLabel names the dashboard's CSRF key among the keys derived from the session secret
// (httpkit.DeriveKey).
const CSRFKeyLabel = "shop dashboard csrf"

// ProductEditor is what the product and category pages need from storage; store.Store satisfies it.
type ProductEditor interface {
	CategoryEditor
	AllProducts(ctx context.Context) ([]catalog.Product, error)
	ListProductPage(ctx context.Context, f catalog.ProductFilter) (catalog.ProductPage, error)
	SaveProducts(ctx context.Context, products []catalog.Product) error
	ProductsByCode(ctx context.Context, codes []string) (map[string]catalog.Product, error)
	// SaveProductBy saves a product by a named admin, leaving the stock or the variants as they are if asked.
	SaveProductBy(ctx context.Context, p catalog.Product, e catalog.Edit) error
	// VariantCodeTaken reports whether code is a product's code or another product's variant's.
	VariantCodeTaken(ctx context.Context, code, exceptProduct string) (bool, error)
	SetProductActive(ctx context.Context, code string, active bool) error
}

// MessageStore is what the dashboard reads of the outbox and the messages' settings; store.Store satisfies it.
type MessageStore interface {
	OrderMessages(ctx context.Context, orderID int64) ([]notify.Record, error)
	FailedMessages(ctx context.Context, since time.Time, limit int) ([]notify.Record, int64, error)
	notify.Store
}

// PhotoEditor is what the photo actions need from storage; store.Store satisfies it.
type PhotoEditor interface {
	AddProductPhotos(ctx context.Context, code string, photos []catalog.PreparedPhoto) ([]int64, error)
	MoveProductPhoto(ctx context.Context, code string, id int64, move catalog.PhotoMove) error
	DeleteProductPhoto(ctx context.Context, code string, id int64) error
	SetProductPhotoAlt(ctx context.Context, code string, id int64, alt string) error
}

// OrderItems reads the lines of many orders at once (code, variant, name and count); store.Store satisfies it.
type OrderItems interface {
	OrderLines(ctx context.Context, ids []int64) (map[int64][]checkout.Item, error)
}

// StockBook is what the stock's pages need from storage; store.Store satisfies it.
type StockBook interface {
	LowStockProducts(ctx context.Context, limit int) ([]catalog.Product, error)
	// LowStockVariants are the variants running low, each as its product is sold (catalog.Product.As).
	LowStockVariants(ctx context.Context, limit int) ([]catalog.Product, error)
	StockHistory(ctx context.Context, code string, limit int) ([]catalog.StockMove, error)
	StockShortOrders(ctx context.Context, limit int) ([]*checkout.Order, error)
}

// Dashboard is the configured dashboard; Mount puts its routes on an echo instance.
type Dashboard struct {
	deps Deps
	log  *slog.Logger
}

// New checks the wiring and builds the dashboard.
func New(d Deps) (*Dashboard, error) {
	if d.Accounts == nil {
		return nil, errors.New("dashboard: accounts are required")
	}
	if len(d.CSRFKey) < 32 {
		return nil, errors.New("dashboard: a CSRF key of at least 32 bytes is required")
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.PriceUnit == "" {
		d.PriceUnit = iran.Toman
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	d.CSRFKey = append([]byte(nil), d.CSRFKey...) // the caller's slice stays the caller's
	return &Dashboard{deps: d, log: d.Logger}, nil
}

func (d *Dashboard) now() time.Time { return d.deps.Now() }
