package web

import (
	"errors"
	"log/slog"
	"net/http"
	"shop/internal/catalog"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"shop/internal/web/dashboard"
	"shop/internal/web/httpkit"
)

// contentSecurityPolicy allows only the shop's own files: no inline script anywhere.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"

func (s *Server) middleware() {
	e := s.e
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{
		Skipper: func(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/sandbox/") },
	}))
	e.Use(httpkit.RequestIDs(s.deps.TrustedProxies))
	e.Use(s.observeRequests)
	e.Use(s.requestLogger())
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		// The request logger writes the one line for this request, stack included.
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			return &panicError{err: err, stack: string(stack)}
		},
		DisableErrorHandler: true, // hand the error up to the request logger, which calls the error handler
	}))
	e.Use(bodyLimit)
	e.Use(securityHeaders(s.deps.SecureCookies))
	e.Use(s.crossOriginGuard)
	e.Use(s.rateLimit(s.deps.Limits))
	e.Use(s.keepMarketer)
}

// securityHeaders puts the same few headers on every answer. They are built once and shared (a header's values
// are only ever replaced, never appended to), and HSTS follows the shop's own https base URL rather than what a
// request's X-Forwarded-Proto claims. No X-XSS-Protection: the filter it switched is gone from every browser, and
// the CSP does its work.
func securityHeaders(https bool) echo.MiddlewareFunc {
	fixed := http.Header{
		"X-Content-Type-Options":  {"nosniff"},
		"X-Frame-Options":         {"DENY"},
		"Referrer-Policy":         {"same-origin"},
		"Content-Security-Policy": {contentSecurityPolicy},
	}
	if https {
		fixed["Strict-Transport-Security"] = []string{"max-age=31536000; includeSubdomains"}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			for k, v := range fixed {
				h[k] = v
			}
			return next(c)
		}
	}
}

// Body limits. The product editor's forms (the product form and the photo upload) carry up to
// catalog.MaxPhotosPerUpload photos of catalog.MaxPhotoBytes each: their limit is a little over that, so a photo
// slightly too large gets its Persian message beside the field rather than a 413. (The dashboard's CSRF check
// parses such a form keeping only a few megabytes in memory; the rest waits in temporary files.) The product
// import's file is bounded by dashboard.MaxImportBytes; its limit is a little over that for the same reason.
const (
	bodyLimitDefault       = 256 << 10
	bodyLimitProductForm   = catalog.MaxPhotosPerUpload*catalog.MaxPhotoBytes + 1<<20
	bodyLimitProductImport = dashboard.MaxImportBytes + 64<<10
)

// bodyLimit bounds every request body before anything reads it (the CSRF check parses forms): a body that says
// it is larger is refused at once, one that does not say is cut off at the limit.
func bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		limit := int64(bodyLimitDefault)
		switch {
		case isProductForm(r):
			limit = bodyLimitProductForm
		case r.Method == http.MethodPost && r.URL.Path == "/admin/import":
			limit = bodyLimitProductImport
		}
		if r.ContentLength > limit {
			return echo.ErrStatusRequestEntityTooLarge
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		return next(c)
	}
}

// isProductForm reports whether a request is one of the product editor's forms that may carry photos: POST
// /admin/products, /admin/products/CODE or /admin/products/CODE/photos.
func isProductForm(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/admin/products")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	code, tail, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
	return strings.HasPrefix(rest, "/") && code != "" && (tail == "" || tail == "photos")
}

func (s *Server) requestLogger() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURIPath: true, LogMethod: true, LogLatency: true, LogRequestID: true, LogError: true,
		HandleError: true,
		Skipper: func(c echo.Context) bool {
			return strings.HasPrefix(c.Request().URL.Path, "/static/")
		},
		// One line per request; a server error's cause (and a panic's stack) rides on that line, so every
		// failure is logged exactly once with its request id.
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			if !s.log.Enabled(c.Request().Context(), level) {
				return nil // nothing to build a line for (SHOP_LOG_LEVEL is above it)
			}
			// The path only: query strings may carry payment references.
			// The request id comes from the context (logctx), as on every other line of the request.
			attrs := []slog.Attr{slog.String("method", v.Method),
				slog.String("path", v.URIPath), slog.Int("status", v.Status),
				slog.Duration("duration", v.Latency.Round(time.Microsecond))}
			if v.Status >= 500 {
				if v.Error != nil {
					attrs = append(attrs, slog.String("err", v.Error.Error()))
					var p *panicError
					if errors.As(v.Error, &p) {
						attrs = append(attrs, slog.String("stack", p.stack))
					}
				}
			}
			s.log.LogAttrs(c.Request().Context(), level, "request", attrs...)
			return nil
		},
	})
}

// panicError is a recovered panic with its stack, for the log only: people see the Persian 500 page.
type panicError struct {
	err   error
	stack string
}

func (p *panicError) Error() string { return "panic: " + p.err.Error() }
func (p *panicError) Unwrap() error { return p.err }
