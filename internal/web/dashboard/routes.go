package dashboard

import "github.com/labstack/echo/v4"

// Mount lists every route of the dashboard. The shop's own middleware (request ids, logging, body limits, rate
// limits, the cross-origin check) wraps these like every other route; the dashboard adds its guard and its CSRF
// check to the /admin group.
func (d *Dashboard) Mount(e *echo.Echo) {
	// Only the sign-in page is open; the group's guard covers every other path under /admin, routed or not. The
	// sign-in form has no admin session to bind a token to: the shop's cross-origin check is what protects it.
	e.GET("/admin/login", d.adminLoginShow)
	e.POST("/admin/login", d.adminLoginSubmit)
	a := e.Group("/admin", d.requireAdmin, d.csrfGuard)
	a.GET("", d.adminOverview)
	a.POST("/logout", d.adminLogout)
	if d.deps.Checkout != nil {
		a.GET("/orders", d.adminOrderList)
		a.GET("/orders.csv", d.adminOrderCSV)
		a.GET("/orders/:id", d.adminOrderShow)
		a.GET("/orders/:id/slip", d.adminOrderSlip)
		a.POST("/orders/:id/refresh", d.adminOrderRefresh)
		a.POST("/orders/:id/attach-factor", d.adminOrderAttachFactor)
		a.POST("/orders/:id/resend", d.adminOrderResend)
		a.POST("/orders/:id/reconcile", d.adminOrderReconcile)
		a.POST("/orders/:id/release", d.adminOrderRelease)
		a.POST("/orders/:id/cancel-held", d.adminOrderCancelHeld)
		a.GET("/orders/:id/cancel", d.adminOrderCancelConfirm)
		a.POST("/orders/:id/cancel", d.adminOrderCancel)
		a.POST("/orders/:id/ship", d.adminOrderShip)
		a.POST("/orders/:id/deliver", d.adminOrderDeliver)
		a.POST("/orders/:id/note", d.adminOrderNote)
	}
	if d.deps.Products != nil {
		a.GET("/products", d.adminProductList)
		a.GET("/products/new", d.adminProductNew)
		a.POST("/products", d.adminProductCreate)
		a.GET("/products/:code", d.adminProductEdit)
		a.POST("/products/:code", d.adminProductUpdate)
		a.POST("/products/:code/hide", d.adminProductHide)
		a.POST("/products/:code/show", d.adminProductShow)
		a.GET("/products.csv", d.adminProductCSV)
		a.GET("/import", d.adminImportShow)
		a.POST("/import", d.adminImportSubmit)
		a.GET("/categories", d.adminCategoryList)
		a.POST("/categories", d.adminCategoryCreate)
		a.POST("/categories/:slug", d.adminCategoryUpdate)
		a.POST("/categories/:slug/up", d.adminCategoryUp)
		a.POST("/categories/:slug/down", d.adminCategoryDown)
		a.POST("/categories/:slug/hide", d.adminCategoryHide)
		a.POST("/categories/:slug/show", d.adminCategoryShow)
		if d.deps.Photos != nil {
			a.POST("/products/:code/photos", d.adminProductPhotoUpload)
			a.POST("/products/:code/photos/:id/first", d.adminProductPhotoFirst)
			a.POST("/products/:code/photos/:id/up", d.adminProductPhotoUp)
			a.POST("/products/:code/photos/:id/down", d.adminProductPhotoDown)
			a.POST("/products/:code/photos/:id/delete", d.adminProductPhotoDelete)
			a.POST("/products/:code/photos/:id/alt", d.adminProductPhotoAlt)
		}
	}
	if d.deps.Loyalty != nil {
		a.GET("/loyalty", d.adminLoyalty)
		a.GET("/loyalty/transactions", d.adminLoyaltyTransactions)
		a.POST("/loyalty/map", d.adminLoyaltyMap)
		a.GET("/loyalty/disable", d.adminLoyaltyDisableConfirm)
		a.POST("/loyalty/disable", d.adminLoyaltyDisable)
		if d.deps.RunJob != nil {
			a.POST("/loyalty/pull", d.adminLoyaltyPull)
		}
	}
	// Owner-only pages take requireOwner per route: a sub-group would re-register the group's catch-all.
	owner := d.requireOwner
	a.GET("/accounts", d.adminAccounts, owner)
	a.POST("/accounts", d.adminStaffAdd, owner)
	a.POST("/accounts/:id/password", d.adminStaffPassword, owner)
	a.GET("/accounts/:id/remove", d.adminStaffRemoveConfirm, owner)
	a.POST("/accounts/:id/remove", d.adminStaffRemove, owner)
	if d.deps.Settings != nil {
		a.GET("/settings", d.adminSettings, owner)
		a.POST("/settings", d.adminSettingsSave, owner)
	}
	if d.deps.Messages != nil && d.deps.Orders != nil {
		a.GET("/settings/messages", d.adminMessages, owner)
		a.POST("/settings/messages", d.adminMessagesSave, owner)
		a.POST("/settings/messages/preview", d.adminMessagesPreview, owner)
	}
}
