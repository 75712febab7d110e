package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/http"
	"strings"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"shop/internal/cart"
	"shop/web/templates"
)

const (
	sessionName  = "shop_session"
	keyCart      = "cart"
	keyMarketer  = "bz"
	keyFlashKind = "flash_kind"
	keyFlashText = "flash"
	keyOrders    = "orders"
	ctxSession   = "shop.session"
)

// NewSessionStore makes the cookie store: values are authenticated and encrypted with keys derived from the
// secret, and the cookie is HttpOnly, SameSite=Lax, and Secure when the shop is served over https.
func NewSessionStore(secret []byte, secure bool) *sessions.CookieStore {
	st := sessions.NewCookieStore(deriveKey(secret, "shop session authentication"), deriveKey(secret, "shop session encryption"))
	st.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   30 * 24 * 3600,
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	useSessionCodec(st.Codecs)
	return st
}

func deriveKey(secret []byte, label string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// shopSession is the request's view of the cookie session.
type shopSession struct {
	raw *sessions.Session
}

// session loads the request's session once. A cookie that fails authentication (tampered, or signed with an old
// key) gives a fresh, empty session rather than an error: the shopper just sees an empty basket.
func (s *Server) session(c echo.Context) *shopSession {
	if v, ok := c.Get(ctxSession).(*shopSession); ok {
		return v
	}
	raw, err := s.deps.Sessions.Get(c.Request(), sessionName)
	if err != nil {
		s.log.Debug("web: session cookie refused; starting an empty one", "err", err, "request_id", requestID(c))
		raw, _ = s.deps.Sessions.New(c.Request(), sessionName)
		raw.IsNew = true
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

func (s *Server) saveSession(c echo.Context, sess *shopSession) {
	if err := sess.raw.Save(c.Request(), c.Response()); err != nil {
		s.log.Error("web: save session", "err", err, "request_id", requestID(c))
	}
}

func (v *shopSession) contents() cart.Contents {
	str, _ := v.raw.Values[keyCart].(string)
	c, err := cart.Decode(str)
	if err != nil {
		return cart.Contents{}
	}
	return c
}

func (v *shopSession) setContents(c cart.Contents) { v.raw.Values[keyCart] = c.Encode() }

func (v *shopSession) flash(kind, msg string) {
	v.raw.Values[keyFlashKind] = kind
	v.raw.Values[keyFlashText] = msg
}

func (v *shopSession) takeFlash() templates.Flash {
	msg, _ := v.raw.Values[keyFlashText].(string)
	if msg == "" {
		return templates.Flash{}
	}
	kind, _ := v.raw.Values[keyFlashKind].(string)
	delete(v.raw.Values, keyFlashText)
	delete(v.raw.Values, keyFlashKind)
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
	v.raw.Values[keyOrders] = strings.Join(out, ",")
}

func (v *shopSession) marketer() string {
	m, _ := v.raw.Values[keyMarketer].(string)
	return m
}
