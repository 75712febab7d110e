package dashboard

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/apperr"
	"shop/internal/iran"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// The accounts page is the owner's alone (requireOwner in routes.go): staff get the Persian 403 page.

// adminAccounts lists the accounts and offers to add staff.
func (d *Dashboard) adminAccounts(c echo.Context) error {
	return d.renderAccounts(c, http.StatusOK, views.AdminAccountsPage{})
}

func (d *Dashboard) renderAccounts(c echo.Context, status int, v views.AdminAccountsPage) error {
	list, err := d.deps.Accounts.Accounts(c.Request().Context())
	if err != nil {
		return err
	}
	v.AdminPage = d.adminPage(c, "کارکنان", "accounts")
	me := currentAdmin(c)
	for _, a := range list {
		r := views.AdminAccountRow{ID: a.ID, Email: a.Email, RoleLabel: a.Role.Label(), Staff: a.Role == admin.Staff,
			Me: me != nil && me.ID == a.ID, Created: iran.FormatJalaliDateTime(a.CreatedAt)}
		if !a.LastSignInAt.IsZero() {
			r.LastSignIn = iran.FormatJalaliDateTime(a.LastSignInAt)
		}
		v.Rows = append(v.Rows, r)
	}
	return httpkit.Render(c, status, views.AdminAccountsView(v))
}

// adminStaffAdd makes a staff account and shows its password once.
func (d *Dashboard) adminStaffAdd(c echo.Context) error {
	email := c.FormValue("email")
	a, password, err := d.deps.Accounts.AddStaff(c.Request().Context(), email)
	if errors.Is(err, admin.ErrInvalidAccount) || errors.Is(err, admin.ErrAccountExists) {
		problem := apperr.MessageOf(err)
		if errors.Is(err, admin.ErrInvalidAccount) {
			problem = "نشانی ایمیل درست نیست؛ مانند name@example.com بنویسید."
		}
		return d.renderAccounts(c, http.StatusUnprocessableEntity, views.AdminAccountsPage{Email: email, Problem: problem})
	}
	if err != nil {
		return err
	}
	return d.renderAccounts(c, http.StatusOK, views.AdminAccountsPage{NewPassword: views.AdminNewPassword{Email: a.Email, Password: password}})
}

// adminStaffPassword gives a staff account a new password, shown once; the old one's sessions end.
func (d *Dashboard) adminStaffPassword(c echo.Context) error {
	id, err := accountID(c)
	if err != nil {
		return err
	}
	a, password, err := d.deps.Accounts.ResetStaffPassword(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return d.renderAccounts(c, http.StatusOK, views.AdminAccountsPage{NewPassword: views.AdminNewPassword{Email: a.Email, Password: password}})
}

// adminStaffRemoveConfirm asks before removing a staff account.
func (d *Dashboard) adminStaffRemoveConfirm(c echo.Context) error {
	id, err := accountID(c)
	if err != nil {
		return err
	}
	a, err := d.deps.Accounts.Account(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if a.Role != admin.Staff {
		return admin.ErrNotStaff
	}
	v := views.AdminConfirmPage{AdminPage: d.adminPage(c, "حذف کارمند", "accounts"), Heading: "حذف حساب " + a.Email,
		Message: "این کارمند دیگر نمی‌تواند وارد پنل شود و نشست‌های بازش همین حالا بسته می‌شود.",
		Action:  "/admin/accounts/" + strconv.FormatInt(id, 10) + "/remove", Button: "بله، حذف شود", Cancel: "/admin/accounts"}
	return httpkit.Render(c, http.StatusOK, views.AdminConfirmView(v))
}

// adminStaffRemove removes a staff account.
func (d *Dashboard) adminStaffRemove(c echo.Context) error {
	id, err := accountID(c)
	if err != nil {
		return err
	}
	if _, err := d.deps.Accounts.RemoveStaff(c.Request().Context(), id); err != nil {
		return err
	}
	return httpkit.RedirectSeeOther(c, "/admin/accounts?done=staff-removed")
}

func accountID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, admin.ErrNoAccount
	}
	return id, nil
}
