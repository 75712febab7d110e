package admin_test

import (
	"context"
	"errors"
	"testing"

	"shop/internal/admin"
)

func TestStaffAccounts(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	if _, err := svc.SaveAccount(ctx, "owner@shop.test", "the owner password", admin.Owner); err != nil {
		t.Fatal(err)
	}
	a, pw, err := svc.AddStaff(ctx, " Clerk@Shop.test ")
	if err != nil || a.Email != "clerk@shop.test" || a.Role != admin.Staff || len(pw) < admin.MinPasswordLength {
		t.Fatalf("AddStaff = %+v, %q, %v", a, pw, err)
	}
	if _, _, err := svc.AddStaff(ctx, "clerk@shop.test"); !errors.Is(err, admin.ErrAccountExists) {
		t.Fatalf("second AddStaff: %v, want ErrAccountExists", err)
	}
	if _, _, err := svc.AddStaff(ctx, "not an address"); !errors.Is(err, admin.ErrInvalidAccount) {
		t.Fatalf("AddStaff(bad e-mail): %v", err)
	}
	token, _, err := svc.SignIn(ctx, "clerk@shop.test", pw, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	_, pw2, err := svc.ResetStaffPassword(ctx, a.ID)
	if err != nil || pw2 == pw {
		t.Fatalf("reset: %q, %v", pw2, err)
	}
	if _, err := svc.Authenticate(ctx, token); !errors.Is(err, admin.ErrNoSession) {
		t.Fatalf("a session from before the reset still works: %v", err)
	}
	if _, _, err := svc.SignIn(ctx, "clerk@shop.test", pw2, "10.0.0.1"); err != nil {
		t.Fatalf("sign in with the new password: %v", err)
	}
	list, err := svc.Accounts(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("Accounts = %d, %v", len(list), err)
	}
	owner := list[0]
	if _, _, err := svc.ResetStaffPassword(ctx, owner.ID); !errors.Is(err, admin.ErrNotStaff) {
		t.Fatalf("reset the owner: %v, want ErrNotStaff", err)
	}
	if _, err := svc.RemoveStaff(ctx, owner.ID); !errors.Is(err, admin.ErrNotStaff) {
		t.Fatalf("remove the owner: %v, want ErrNotStaff", err)
	}
	if _, err := svc.RemoveStaff(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RemoveStaff(ctx, a.ID); !errors.Is(err, admin.ErrNoAccount) {
		t.Fatalf("remove twice: %v", err)
	}
	if _, _, err := svc.SignIn(ctx, "clerk@shop.test", pw2, "10.0.0.2"); !errors.Is(err, admin.ErrBadCredentials) {
		t.Fatalf("a removed account signs in: %v", err)
	}
}
