package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shop/internal/admin"
	"shop/internal/store"
)

func TestAdminCreate(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"SHOP_DATA_DIR": dir, "SHOP_ADMIN_PASSWORD": "a long password here"}
	getenv := func(k string) string { return env[k] }
	var out, errb bytes.Buffer
	if err := run([]string{"admin", "create", "-email", "Staff@Shop.test", "-role", "staff"}, getenv, &out, &errb); err != nil {
		t.Fatalf("create: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "created staff@shop.test (staff)") {
		t.Errorf("output %q", out.String())
	}
	env["SHOP_ADMIN_PASSWORD"] = "the second password"
	out.Reset()
	if err := run([]string{"admin", "create", "-email", "staff@shop.test"}, getenv, &out, &errb); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if !strings.Contains(out.String(), "password reset for staff@shop.test (staff)") {
		t.Errorf("a reset without -role must keep the role: %q", out.String())
	}
	st, err := store.Open(filepath.Join(dir, "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, a, err := admin.NewService(st, time.Hour, time.Now).SignIn(context.Background(), "staff@shop.test", "the second password", "127.0.0.1"); err != nil || a.Role != admin.Staff {
		t.Fatalf("sign in with the new password: %v", err)
	}
	for _, args := range [][]string{{"admin"}, {"admin", "create"}, {"admin", "create", "-email", "not-an-address"}, {"admin", "create", "-email", "a@b.co", "-role", "root"}} {
		if err := run(args, getenv, &out, &errb); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}
