package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"shop/web/static"
)

// routes lists every route of the shop in one place.
func (s *Server) routes() {
	e := s.e
	s.middleware()

	// /static/* and /metrics are served in front of echo (front.go), outside the session and CSRF chain.
	e.GET("/healthz", s.healthShow)
	e.GET("/readyz", s.readyShow)
	e.GET("/favicon.ico", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, static.URL("img/favicon.svg"))
	})

	e.GET(productImagesPath+":name", s.productImage)
	if s.deps.Photos != nil {
		e.GET("/photos/:id/:file", s.photoShow)
	}
	e.GET("/", s.catalogShow)
	e.GET("/p/:code", s.productShow)
	e.GET("/search", s.searchShow)
	e.GET("/c/:slug", s.categoryShow)
	e.GET("/cart", s.cartShow)
	e.POST("/cart/add", s.cartAdd)
	e.POST("/cart/update", s.cartUpdate)
	e.POST("/cart/remove", s.cartRemove)

	if s.deps.Checkout != nil {
		e.GET("/checkout", s.checkoutShow)
		e.POST("/checkout", s.checkoutSubmit)
		e.POST("/checkout/quote", s.checkoutQuote)
		e.POST("/checkout/place", s.checkoutPlace)
		e.POST("/checkout/coupon", s.checkoutQuote)
		e.POST("/checkout/cities", s.checkoutCitiesSubmit)
		e.POST("/checkout/loyalty", s.checkoutLoyaltyLookup)
		e.POST("/checkout/loyalty/join", s.checkoutLoyaltyJoin)
		e.GET("/checkout/cities", s.checkoutCities)
		e.GET("/orders/:token", s.orderShow)
		e.POST("/orders/:token/pay", s.orderPay)
		e.GET("/orders/:token/bank/:key", s.orderBankStep)
		e.POST("/orders/:token/retry", s.orderRetry)
		e.POST("/orders/:token/verify", s.orderReverify)
		e.POST("/orders/:token/links", s.orderLinks)
		e.GET("/payment/callback/:token", s.paymentCallback)
		e.POST("/payment/callback/:token", s.paymentCallback)
		e.GET("/track", s.trackShow)
		e.POST("/track", s.trackSubmit)
		if s.deps.Account != nil {
			e.GET("/account", s.accountShow)
			e.POST("/account", s.accountCodeSend)
			e.POST("/account/code", s.accountCodeCheck)
			e.GET("/account/orders", s.accountOrders)
			e.POST("/account/logout", s.accountLogout)
			e.POST("/orders/:token/confirm", s.orderConfirm)
			e.POST("/orders/:token/code", s.orderCodeResend)
		}
	}

	if s.deps.Dashboard != nil {
		s.deps.Dashboard.Mount(e) // the seller's dashboard under /admin: internal/web/dashboard/routes.go
	}

	if s.deps.Sandbox != nil {
		e.Any("/sandbox/*", echo.WrapHandler(http.StripPrefix("/sandbox", s.deps.Sandbox)))
	}
}

// Routes lists every route the server answers, for the test that walks the dashboard's routes.
func (s *Server) Routes() []*echo.Route { return s.e.Routes() }
