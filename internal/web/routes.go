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
		e.POST("/orders/:token/retry", s.orderRetry)
		e.POST("/orders/:token/verify", s.orderReverify)
		e.POST("/orders/:token/links", s.orderLinks)
		e.GET("/payment/callback/:token", s.paymentCallback)
		e.POST("/payment/callback/:token", s.paymentCallback)
		e.GET("/track", s.trackShow)
		e.POST("/track", s.trackSubmit)
	}

	if s.deps.Admin != nil {
		// Only the sign-in page is open; the group's guard covers every other path under /admin, routed or not.
		e.GET("/admin/login", s.adminLoginShow)
		e.POST("/admin/login", s.adminLoginSubmit)
		a := e.Group("/admin", s.requireAdmin, s.csrfGuard)
		a.GET("", s.adminOverview)
		a.POST("/logout", s.adminLogout)
		if s.deps.Checkout != nil {
			a.GET("/orders", s.adminOrderList)
			a.GET("/orders.csv", s.adminOrderCSV)
			a.GET("/orders/:id", s.adminOrderShow)
			a.GET("/orders/:id/slip", s.adminOrderSlip)
			a.POST("/orders/:id/refresh", s.adminOrderRefresh)
			a.POST("/orders/:id/attach-factor", s.adminOrderAttachFactor)
			a.POST("/orders/:id/resend", s.adminOrderResend)
			a.POST("/orders/:id/reconcile", s.adminOrderReconcile)
		}
		if s.deps.Admin.Products != nil {
			a.GET("/products", s.adminProductList)
			a.GET("/products/new", s.adminProductNew)
			a.POST("/products", s.adminProductCreate)
			a.GET("/products/:code", s.adminProductEdit)
			a.POST("/products/:code", s.adminProductUpdate)
			a.POST("/products/:code/hide", s.adminProductHide)
			a.POST("/products/:code/show", s.adminProductShow)
		}
		if s.deps.Loyalty != nil {
			a.GET("/loyalty", s.adminLoyalty)
			a.GET("/loyalty/transactions", s.adminLoyaltyTransactions)
			a.POST("/loyalty/map", s.adminLoyaltyMap)
			a.GET("/loyalty/disable", s.adminLoyaltyDisableConfirm)
			a.POST("/loyalty/disable", s.adminLoyaltyDisable)
			if s.deps.Admin.RunJob != nil {
				a.POST("/loyalty/pull", s.adminLoyaltyPull)
			}
		}
		// Owner-only pages take requireOwner per route: a sub-group would re-register the group's catch-all.
		owner := s.requireOwner
		a.GET("/accounts", s.adminAccounts, owner)
		a.POST("/accounts", s.adminStaffAdd, owner)
		a.POST("/accounts/:id/password", s.adminStaffPassword, owner)
		a.GET("/accounts/:id/remove", s.adminStaffRemoveConfirm, owner)
		a.POST("/accounts/:id/remove", s.adminStaffRemove, owner)
		if s.deps.Settings != nil {
			a.GET("/settings", s.adminSettings, owner)
			a.POST("/settings", s.adminSettingsSave, owner)
		}
	}

	if s.deps.Sandbox != nil {
		e.Any("/sandbox/*", echo.WrapHandler(http.StripPrefix("/sandbox", s.deps.Sandbox)))
	}
}
