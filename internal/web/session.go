package web

import (
	"fmt"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"

	"shop/internal/cart"
	"shop/internal/web/httpkit"
	"shop/web/templates"
)

const (
	sessionName  = "shop_session"
	keyCart      = "cart"
	keyMarketer  = "bz"
	keyFlashKind = "flash_kind"
	keyFlashText = "flash"
	keyOrders    = "orders"
	keyCheckout  = "co" // what the shopper typed at checkout, kept until the order is placed
	ctxSession   = "shop.session"
)

// NewSessionStore makes the cookie store: values are authenticated and encrypted with keys derived from the
// secret, and the cookie is HttpOnly, SameSite=Lax, and Secure when the shop is served over https.
func NewSessionStore(secret []byte, secure bool) sessions.Store {
	st := sessions.NewCookieStore(httpkit.DeriveKey(secret, "shop session authentication"), httpkit.DeriveKey(secret, "shop session encryption"))
	st.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   30 * 24 * 3600,
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	useSessionCodec(st.Codecs)
	decoded, _ := lru.New[string, decodedSession](decodedSessions) // fails only for a size ≤ 0
	return &cookieSessions{CookieStore: st, decoded: decoded, now: time.Now}
}

// decodedSessions bounds the cookies kept decoded: one per shopper browsing right now.
const (
	decodedSessions = 1024
	// decodedFor is how long a decoded cookie is trusted without decoding it again. A cookie is good for 30 days
	// from when it was written, and the copy kept may outlive that by at most this long.
	decodedFor = time.Minute
)

// cookieSessions is gorilla's cookie store with the cookies a shopper keeps sending kept decoded: checking and
// opening a cookie (base64, HMAC, AES) was a tenth of a catalog page's CPU, and a shopper sends the same cookie
// with every page until the session changes. A cookie is only ever kept after it was decoded or written here, so
// a forged one never is; the values are copied in and out, so a request that changes its session changes no
// other request's.
type cookieSessions struct {
	*sessions.CookieStore
	decoded *lru.Cache[string, decodedSession]
	now     func() time.Time
}

type decodedSession struct {
	values  map[any]any
	expires time.Time
}

// Get returns the request's session: the shop keeps one per request itself (Server.session), so gorilla's
// per-request registry, which copies the request to hang itself on it, is not used.
func (st *cookieSessions) Get(r *http.Request, name string) (*sessions.Session, error) {
	return st.New(r, name)
}

func (st *cookieSessions) New(r *http.Request, name string) (*sessions.Session, error) {
	ck, err := r.Cookie(name)
	if err == nil {
		if d, ok := st.decoded.Get(ck.Value); ok && st.now().Before(d.expires) {
			sess := sessions.NewSession(st, name)
			opts := *st.Options
			sess.Options, sess.Values, sess.IsNew = &opts, maps.Clone(d.values), false
			return sess, nil
		}
	}
	sess, err := st.CookieStore.New(r, name)
	if err == nil && ck != nil {
		st.keep(ck.Value, sess.Values)
	}
	return sess, err
}

// Save writes the cookie as gorilla's store does, and keeps it decoded for the shopper's next request.
func (st *cookieSessions) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	encoded, err := securecookie.EncodeMulti(sess.Name(), sess.Values, st.Codecs...)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessions.NewCookie(sess.Name(), encoded, sess.Options))
	if sess.Options == nil || sess.Options.MaxAge >= 0 {
		st.keep(encoded, sess.Values)
	}
	return nil
}

func (st *cookieSessions) keep(cookie string, values map[any]any) {
	st.decoded.Add(cookie, decodedSession{values: maps.Clone(values), expires: st.now().Add(decodedFor)})
}

// shopSession is the request's view of the cookie session. Whatever changes it marks it changed; the session is
// written once per response, by commitSession, just before the page or the redirect is sent, so a response
// carries at most one Set-Cookie and a failed save is an error page, never a success message. A request that
// changes nothing writes no cookie: a first visit costs no session.
type shopSession struct {
	raw     *sessions.Session
	changed bool
}

// set changes one value of the session.
func (v *shopSession) set(key string, value any) {
	v.raw.Values[key] = value
	v.changed = true
}

// del removes one value of the session.
func (v *shopSession) del(key string) {
	if _, ok := v.raw.Values[key]; ok {
		delete(v.raw.Values, key)
		v.changed = true
	}
}

// session loads the request's session once. A cookie that fails authentication (tampered, or signed with an old
// key) gives a fresh, empty session rather than an error: the shopper just sees an empty basket.
func (s *Server) session(c echo.Context) *shopSession {
	if v, ok := c.Get(ctxSession).(*shopSession); ok {
		return v
	}
	// A store returns a session even with an error (gorilla's contract), so a refused cookie is not opened twice.
	raw, err := s.deps.Sessions.Get(c.Request(), sessionName)
	if err != nil {
		s.log.DebugContext(c.Request().Context(), "web: session cookie refused; starting an empty one", "err", err)
		raw.Values, raw.IsNew = map[any]any{}, true
	}
	v := &shopSession{raw: raw}
	c.Set(ctxSession, v)
	return v
}

// sessionIfAny returns the session only if this request already loaded it (the error page must not fail twice).
func (s *Server) sessionIfAny(c echo.Context) *shopSession {
	v, _ := c.Get(ctxSession).(*shopSession)
	return v
}

// commitSession writes the request's session if this request changed it; render and redirect call it before
// anything is sent.
func (s *Server) commitSession(c echo.Context) error {
	sess := s.sessionIfAny(c)
	if sess == nil || !sess.changed {
		return nil
	}
	if err := sess.raw.Save(c.Request(), c.Response()); err != nil {
		return fmt.Errorf("web: save session: %w", err)
	}
	sess.changed = false
	return nil
}

// redirect ends a POST with a redirect (see redirectSeeOther), the session written first.
func (s *Server) redirect(c echo.Context, to string) error {
	if err := s.commitSession(c); err != nil {
		return err
	}
	return httpkit.RedirectSeeOther(c, to)
}

func (v *shopSession) contents() cart.Contents {
	str, _ := v.raw.Values[keyCart].(string)
	c, err := cart.Decode(str)
	if err != nil {
		return cart.Contents{}
	}
	return c
}

func (v *shopSession) setContents(c cart.Contents) { v.set(keyCart, c.Encode()) }

func (v *shopSession) flash(kind, msg string) {
	v.set(keyFlashKind, kind)
	v.set(keyFlashText, msg)
}

func (v *shopSession) takeFlash() templates.Flash {
	msg, _ := v.raw.Values[keyFlashText].(string)
	if msg == "" {
		return templates.Flash{}
	}
	kind, _ := v.raw.Values[keyFlashKind].(string)
	v.del(keyFlashText)
	v.del(keyFlashKind)
	return templates.Flash{Kind: kind, Message: msg}
}

// maxRecentOrders bounds the order tokens kept in the cookie for the "your recent orders" list.
const maxRecentOrders = 10

// recentOrders are the tokens of the orders placed in this browser, newest first.
func (v *shopSession) recentOrders() []string {
	s, _ := v.raw.Values[keyOrders].(string)
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// rememberOrders puts newly placed orders at the front of the recent list.
func (v *shopSession) rememberOrders(tokens ...string) {
	list := append(append([]string{}, tokens...), v.recentOrders()...)
	seen := map[string]bool{}
	var out []string
	for _, t := range list {
		if t != "" && !seen[t] && len(out) < maxRecentOrders {
			seen[t] = true
			out = append(out, t)
		}
	}
	v.set(keyOrders, strings.Join(out, ","))
}

func (v *shopSession) marketer() string {
	m, _ := v.raw.Values[keyMarketer].(string)
	return m
}

// checkoutValues are the checkout fields the shopper last submitted in this session (any of the form's buttons):
// going back to the basket and returning finds them filled in. They are kept in the cookie (encrypted) as the
// fields' values in checkoutFields' order, joined by a separator no valid field contains.
func (v *shopSession) checkoutValues() map[string]string {
	s, _ := v.raw.Values[keyCheckout].(string)
	out := map[string]string{}
	if s == "" {
		return out
	}
	for i, val := range strings.Split(s, checkoutSep) {
		if i < len(checkoutFields) && val != "" {
			out[checkoutFields[i]] = val
		}
	}
	return out
}

const checkoutSep = "\x1f"

// maxCheckoutBytes bounds what is kept: the cookie also carries the basket and the recent orders, and a browser
// keeps at most 4 KB of it. A longer form (a very long address and note) keeps its short fields only.
const maxCheckoutBytes = 1200

func (v *shopSession) setCheckoutValues(values map[string]string) {
	parts := make([]string, len(checkoutFields))
	size := 0
	for i, f := range checkoutFields {
		parts[i] = strings.ReplaceAll(values[f], checkoutSep, "")
		size += len(parts[i]) + 1
	}
	for i, f := range checkoutFields {
		if size > maxCheckoutBytes && (f == fieldNote || f == fieldAddress) {
			size -= len(parts[i])
			parts[i] = ""
		}
	}
	joined := strings.Join(parts, checkoutSep)
	if strings.Trim(joined, checkoutSep) == "" {
		v.del(keyCheckout)
		return
	}
	if old, _ := v.raw.Values[keyCheckout].(string); old != joined {
		v.set(keyCheckout, joined)
	}
}

func (v *shopSession) forgetCheckout() { v.del(keyCheckout) }
