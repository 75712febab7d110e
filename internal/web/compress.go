package web

import (
	"compress/gzip"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// gzipMinLength is the smallest body worth compressing: below it the gzip header and the CPU cost more than they
// save (redirects and tiny JSON stay as they are).
const gzipMinLength = 1024

// compress gzips the pages. Persian text is two bytes a character and shrinks to about a sixth; BestSpeed keeps
// most of that gain at a fraction of the default level's CPU, which matters at a campaign's peak. Static files are
// compressed once at start-up instead (static.go) and the sandbox stands in for other companies' servers.
func compress() echo.MiddlewareFunc {
	return middleware.GzipWithConfig(middleware.GzipConfig{
		Level:     gzip.BestSpeed,
		MinLength: gzipMinLength,
		Skipper:   func(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/sandbox/") },
	})
}
