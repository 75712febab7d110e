package web

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"
)

// Limit lets Requests requests through per Per for one client address, all at once or spread out (a token
// bucket of Requests tokens refilled over Per). The zero Limit is off.
type Limit struct {
	Requests int
	Per      time.Duration
}

func (l Limit) on() bool { return l.Requests > 0 && l.Per > 0 }

// Limits are the per-IP limits on the routes that cost an upstream call or a stored row. A stranger can make the
// shop call Frotel or the loyalty club, or write a row, with one request; these keep one address from turning
// that into a flood.
type Limits struct {
	Callback Limit // GET and POST /payment/callback/:token: a stored row and, for a new pair, a checkPay
	Track    Limit // GET /track with a query: a tracking call
	Checkout Limit // POST /checkout: shipping quotes, loyalty look-ups and joins, order registration
	Order    Limit // POST /orders/:token/{pay,retry,verify,links}: pay, orderPay/continuePay, checkPay
	Account  Limit // POST /account, /account/code, /orders/:token/{code,confirm}: a one-time code sent or tried
}

// limitedRoutes maps "METHOD route" (echo's route pattern) to the setting that limits it. One list, so that what
// is limited can be read in one place; TestLimitedRoutesExist keeps it in step with routes.go. Routes under the
// same setting share one allowance: the four order buttons are one budget, not four.
var limitedRoutes = map[string]string{
	"GET /payment/callback/:token":  "callback",
	"POST /payment/callback/:token": "callback",
	"GET /track":                    "track",
	"POST /track":                   "track",
	"POST /checkout":                "checkout",
	"POST /checkout/quote":          "checkout",
	"POST /checkout/place":          "checkout",
	"POST /checkout/cities":         "checkout",
	"POST /checkout/loyalty":        "checkout",
	"POST /checkout/loyalty/join":   "checkout",
	"POST /orders/:token/pay":       "order",
	"POST /orders/:token/retry":     "order",
	"POST /orders/:token/verify":    "order",
	"POST /orders/:token/links":     "order",
	"POST /account":                 "account",
	"POST /account/code":            "account",
	"POST /orders/:token/code":      "account",
	"POST /orders/:token/confirm":   "account",
}

func (l Limits) byName() map[string]Limit {
	return map[string]Limit{"callback": l.Callback, "track": l.Track, "checkout": l.Checkout, "order": l.Order, "account": l.Account}
}

// maxVisitors bounds the addresses one limiter remembers. Past it (a flood from many addresses) newcomers share
// one bucket: the shop slows down for them rather than growing without end.
const maxVisitors = 50_000

// limiter is one per-IP token bucket per address, forgotten once idle for a full refill (a forgotten address
// starts again with a full bucket, which is what it would have had anyway).
type limiter struct {
	limit    Limit
	now      func() time.Time
	mu       sync.Mutex
	visitors map[string]*visitor
	overflow *rate.Limiter
	swept    time.Time
}

type visitor struct {
	bucket   *rate.Limiter
	lastSeen time.Time
}

func newLimiter(l Limit, now func() time.Time) *limiter {
	return &limiter{limit: l, now: now, visitors: map[string]*visitor{}, overflow: l.bucket(), swept: now()}
}

func (l Limit) bucket() *rate.Limiter {
	return rate.NewLimiter(rate.Every(l.Per/time.Duration(l.Requests)), l.Requests)
}

// allow takes one token for key; when there is none it says how long until there is.
func (lim *limiter) allow(key string) (bool, time.Duration) {
	lim.mu.Lock()
	defer lim.mu.Unlock()
	now := lim.now()
	if now.Sub(lim.swept) > lim.limit.Per {
		for k, v := range lim.visitors {
			if now.Sub(v.lastSeen) > lim.limit.Per {
				delete(lim.visitors, k)
			}
		}
		lim.swept = now
	}
	var bucket *rate.Limiter
	if v, ok := lim.visitors[key]; ok {
		v.lastSeen = now
		bucket = v.bucket
	} else if len(lim.visitors) < maxVisitors {
		bucket = lim.limit.bucket()
		lim.visitors[key] = &visitor{bucket: bucket, lastSeen: now}
	} else {
		bucket = lim.overflow
	}
	r := bucket.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// visitorKey is the client address a limit counts against. IPv6 addresses count by their /64: one subscriber
// usually holds a whole /64 and could otherwise change address on every request.
func visitorKey(ip string) string {
	p := net.ParseIP(ip)
	if p == nil {
		return ip
	}
	if p.To4() == nil {
		return p.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return p.String()
}

// rateLimit is the middleware that applies Limits; it runs after routing, so c.Path() is the route pattern.
func (s *Server) rateLimit(limits Limits) echo.MiddlewareFunc {
	byRoute := map[string]*limiter{}
	shared := map[string]*limiter{}
	for name, l := range limits.byName() {
		if l.on() {
			shared[name] = newLimiter(l, time.Now)
		}
	}
	for route, name := range limitedRoutes {
		if lim := shared[name]; lim != nil {
			byRoute[route] = lim
		}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if len(byRoute) == 0 {
			return next
		}
		return func(c echo.Context) error {
			lim := byRoute[c.Request().Method+" "+c.Path()]
			// A plain /track is the empty form; only a look-up costs a call.
			if lim == nil || (c.Path() == "/track" && c.Request().Method == http.MethodGet && c.Request().URL.RawQuery == "") {
				return next(c)
			}
			ok, wait := lim.allow(visitorKey(c.RealIP()))
			if ok {
				return next(c)
			}
			secs := int((wait + time.Second - 1) / time.Second) // rounded up: coming back sooner would fail again
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
			s.log.DebugContext(c.Request().Context(), "web: rate limited", "route", c.Path(), "retry_after_s", secs)
			return echo.NewHTTPError(http.StatusTooManyRequests, "rate limited")
		}
	}
}
