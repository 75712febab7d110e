package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/internal/apperr"
	"shop/internal/iran"
	"shop/web/templates"
)

// The accounts page is the owner's alone (requireOwner in routes.go): staff get the Persian 403 page.

// adminAccounts lists the accounts and offers to add staff.
func (s *Server) adminAccounts(c echo.Context) error {
	return s.renderAccounts(c, http.StatusOK, templates.AdminAccountsPage{})
}

func (s *Server) renderAccounts(c echo.Context, status int, v templates.AdminAccountsPage) error {
	list, err := s.deps.Admin.Accounts.Accounts(c.Request().Context())
	if err != nil {
		return err
	}
	v.AdminPage = s.adminPage(c, "کارکنان", "accounts")
	me := currentAdmin(c)
	for _, a := range list {
		r := templates.AdminAccountRow{ID: a.ID, Email: a.Email, RoleLabel: a.Role.Label(), Staff: a.Role == admin.Staff,
			Me: me != nil && me.ID == a.ID, Created: iran.FormatJalaliDateTime(a.CreatedAt)}
		if !a.LastSignInAt.IsZero() {
			r.LastSignIn = iran.FormatJalaliDateTime(a.LastSignInAt)
		}
		v.Rows = append(v.Rows, r)
	}
	return s.render(c, status, templates.AdminAccountsView(v))
}

// adminStaffAdd makes a staff account and shows its password once.
func (s *Server) adminStaffAdd(c echo.Context) error {
	email := c.FormValue("email")
	a, password, err := s.deps.Admin.Accounts.AddStaff(c.Request().Context(), email)
	if errors.Is(err, admin.ErrInvalidAccount) || errors.Is(err, admin.ErrAccountExists) {
		problem := apperr.MessageOf(err)
		if errors.Is(err, admin.ErrInvalidAccount) {
			problem = "نشانی ایمیل درست نیست؛ مانند name@example.com بنویسید."
		}
		return s.renderAccounts(c, http.StatusUnprocessableEntity, templates.AdminAccountsPage{Email: email, Problem: problem})
	}
	if err != nil {
		return err
	}
	return s.renderAccounts(c, http.StatusOK, templates.AdminAccountsPage{NewPassword: templates.AdminNewPassword{Email: a.Email, Password: password}})
}

// adminStaffPassword gives a staff account a new password, shown once; the old one's sessions end.
func (s *Server) adminStaffPassword(c echo.Context) error {
	id, err := accountID(c)
	if err != nil {
		return err
	}
	a, password, err := s.deps.Admin.Accounts.ResetStaffPassword(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.renderAccounts(c, http.StatusOK, templates.AdminAccountsPage{NewPassword: templates.AdminNewPassword{Email: a.Email, Password: password}})
}

// adminStaffRemoveConfirm asks before removing a staff account.
func (s *Server) adminStaffRemoveConfirm(c echo.Context) error {
	id, err := accountID(c)
	if err != nil {
		return err
	}
	a, err := s.deps.Admin.Accounts.Account(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if a.Role != admin.Staff {
		return admin.ErrNotStaff
	}
	v := templates.AdminConfirmPage{AdminPage: s.adminPage(c, "حذف کارمند", "accounts"), Heading: "حذف حساب " + a.Email,
		Message: "این کارمند دیگر نمی‌تواند وارد پنل شود و نشست‌های بازش همین حالا بسته می‌شود.",
		Action:  "/admin/accounts/" + strconv.FormatInt(id, 10) + "/remove", Button: "بله، حذف شود", Cancel: "/admin/accounts"}
	return s.render(c, http.StatusOK, templates.AdminConfirmView(v))
}

// adminStaffRemove removes a staff account.
func (s *Server) adminStaffRemove(c echo.Context) error {
	id, err := accountID(c)
	if err != nil {
		return err
	}
	if _, err := s.deps.Admin.Accounts.RemoveStaff(c.Request().Context(), id); err != nil {
		return err
	}
	return redirectSeeOther(c, "/admin/accounts?done=staff-removed")
}

func accountID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, admin.ErrNoAccount
	}
	return id, nil
}
