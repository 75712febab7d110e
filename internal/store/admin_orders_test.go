package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"shop/internal/admin"
	"shop/internal/checkout"
	"shop/internal/store/storetest"
)

func TestDashboardQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		{
			ctx := context.Background()
			day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
			mk := func(token, first, last, mobile, factor string, state checkout.State, pay checkout.PaymentWay, created time.Time) *checkout.Order {
				o := sampleOrder(token, token)
				o.Buyer.FirstName, o.Buyer.LastName, o.Buyer.Mobile = first, last, mobile
				o.FactorID, o.State, o.Payment, o.CreatedAt, o.UpdatedAt = factor, state, pay, created, created
				return o
			}
			a := mk("t-a", "سارا", "محمدی", "09121111111", "22000000000000000001", checkout.StatePaid, checkout.Online, day)
			b := mk("t-b", "علی", "50%_off", "09122222222", "22000000000000000002", checkout.StateRegistered, checkout.CashOnDelivery, day.Add(time.Hour))
			c := mk("t-c", "مریم", "کاظمی", "09123333333", "", checkout.StateRegisterFailed, checkout.Online, day.Add(48*time.Hour))
			mustCreateOrders(t, s, a, b, c)
			refs := func(f admin.OrderFilter) []string {
				t.Helper()
				p, err := s.ListOrders(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, o := range p.Orders {
					out = append(out, o.Token)
				}
				return out
			}
			for _, tc := range []struct {
				name string
				f    admin.OrderFilter
				want []string
			}{
				{"all, newest first", admin.OrderFilter{}, []string{"t-c", "t-b", "t-a"}},
				{"full name", admin.OrderFilter{Query: "سارا محمدی"}, []string{"t-a"}},
				{"like wildcards are literal", admin.OrderFilter{Query: "50%_"}, []string{"t-b"}},
				{"wildcards the other way round", admin.OrderFilter{Query: "_%"}, nil},
				{"mobile", admin.OrderFilter{Query: "+989122222222"}, []string{"t-b"}},
				{"mobile digits", admin.OrderFilter{Query: "3333"}, []string{"t-c"}},
				{"factor", admin.OrderFilter{Query: "0000001"}, []string{"t-a"}},
				{"factor as the shop groups it", admin.OrderFilter{Query: "22-000000000000000001"}, []string{"t-a"}},
				{"reference", admin.OrderFilter{Query: checkout.ReferenceOf(b.ID)}, []string{"t-b"}},
				{"states", admin.OrderFilter{States: admin.NeedsPerson()}, []string{"t-c"}},
				{"payment", admin.OrderFilter{Payment: checkout.CashOnDelivery}, []string{"t-b"}},
				{"from", admin.OrderFilter{From: day.Add(30 * time.Minute)}, []string{"t-c", "t-b"}},
				{"to", admin.OrderFilter{To: day.Add(30 * time.Minute)}, []string{"t-a"}},
			} {
				if got := refs(tc.f); !slices.Equal(got, tc.want) {
					t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
				}
			}
			if p, _ := s.ListOrders(ctx, admin.OrderFilter{PerPage: 1}); p.Total != 3 || len(p.Orders) != 1 {
				t.Errorf("total %d with %d rows", p.Total, len(p.Orders))
			}
			open, err := s.OpenOrders(ctx, checkout.SyncStates(), day.Add(-time.Hour))
			if err != nil || len(open) != 2 {
				t.Errorf("open orders: %d, %v; want the two with a factor", len(open), err)
			}
			got, err := s.OrderByID(ctx, a.ID)
			if err != nil || got.Token != "t-a" || len(got.Items) != 2 {
				t.Errorf("order by id: %+v, %v", got, err)
			}

			// Two finished checkPay answers (one verified) and one still checking.
			now := time.Now()
			for i, verified := range []bool{true, false} {
				id := fmt.Sprint("p", i)
				if ok, err := s.ClaimVerification(ctx, a.ID, id, "r", now, now.Add(-staleClaim)); err != nil || !ok {
					t.Fatalf("claim: %v %v", ok, err)
				}
				if err := s.FinishVerification(ctx, checkout.Verification{OrderID: a.ID, PaymentID: id, Ref: "r",
					Status: checkout.VerificationDone, Verified: verified, CheckedAt: now}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.ClaimVerification(ctx, a.ID, "p9", "r", now, now.Add(-staleClaim)); err != nil {
				t.Fatal(err)
			}
			if v, n, err := s.VerificationCounts(ctx, now.Add(-time.Hour)); err != nil || v != 1 || n != 2 {
				t.Errorf("verification counts: %d of %d, %v; want 1 of 2", v, n, err)
			}

			// Accounts and sessions.
			acct := &admin.Account{Email: "o@shop.test", PasswordHash: "h1", Role: admin.Owner, CreatedAt: now}
			if created, err := s.SaveAccount(ctx, acct); err != nil || !created {
				t.Fatalf("save: %v %v", created, err)
			}
			if err := s.CreateSession(ctx, admin.Session{TokenHash: "x", AccountID: acct.ID, CreatedAt: now, LastSeenAt: now}); err != nil {
				t.Fatal(err)
			}
			if created, err := s.SaveAccount(ctx, &admin.Account{Email: "o@shop.test", PasswordHash: "h2", Role: admin.Staff}); err != nil || created {
				t.Fatalf("reset: %v %v", created, err)
			}
			if _, err := s.SessionByHash(ctx, "x"); err != admin.ErrNoSession {
				t.Errorf("a password reset must end the account's sessions: %v", err)
			}
			if got, err := s.AccountByEmail(ctx, "o@shop.test"); err != nil || got.PasswordHash != "h2" || got.Role != admin.Staff {
				t.Errorf("after reset: %+v %v", got, err)
			}
			if n, _ := s.CountAccounts(ctx); n != 1 {
				t.Errorf("%d accounts", n)
			}
		}
	})
}

// TestDashboardSearchFoldsArabicLetters: a name typed on an Arabic keyboard (ي, ك) is found by the Persian letters
// and the other way round, as the shop's own product search finds products; names stay stored as typed.
func TestDashboardSearchFoldsArabicLetters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s := db.Open(t)
		ctx := context.Background()
		arabic, persian := sampleOrder("t-ar", "t-ar"), sampleOrder("t-fa", "t-fa")
		arabic.Buyer.FirstName, arabic.Buyer.LastName = "علي", "كريمي"
		persian.Buyer.FirstName, persian.Buyer.LastName = "علی", "کاظمی"
		persian.CreatedAt = arabic.CreatedAt.Add(time.Hour)
		mustCreateOrders(t, s, arabic, persian)
		for _, tc := range []struct {
			q    string
			want []string
		}{
			{"کریمی", []string{"t-ar"}},
			{"علی کریمی", []string{"t-ar"}},
			{"علي", []string{"t-fa", "t-ar"}},
			{"كاظمي", []string{"t-fa"}},
		} {
			p, err := s.ListOrders(ctx, admin.OrderFilter{Query: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range p.Orders {
				got = append(got, o.Token)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q found %v, want %v", tc.q, got, tc.want)
			}
		}
		if o, err := s.OrderByToken(ctx, "t-ar"); err != nil || o.Buyer.LastName != "كريمي" {
			t.Errorf("the name as typed: %q, %v", o.Buyer.LastName, err)
		}
	})
}
