package loyalty_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"shop/internal/iran"
	"shop/internal/loyalty"
	"shop/internal/sandbox"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newService(t *testing.T, f *fixture, choose bool) *loyalty.Service {
	t.Helper()
	return loyalty.NewService(loyalty.ServiceConfig{
		Club: f.client, Enabled: true, ChooseGroups: choose, Timeout: time.Second,
		Now: func() time.Time { return *f.now }, Logger: quietLogger(),
	})
}

func TestServiceLookup(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, sandbox.LoyaltyOptions{})
	s := newService(t, f, true)
	got, err := s.Lookup(ctx, sandbox.LoyaltyMemberNationalCode)
	if err != nil || !got.Member || len(got.Balances) != 3 || got.Balances[0].BalanceAmount != 12500 {
		t.Fatalf("member: %+v %v", got, err)
	}
	got, err = s.Lookup(ctx, "008-457594-8")
	if err != nil || got.Member || got.Balances != nil || got.NationalCode != sandbox.LoyaltyNonMemberNationalCode {
		t.Fatalf("non-member: %+v %v", got, err)
	}
	var fe loyalty.FieldErrors
	if _, err := s.Lookup(ctx, "0013542418"); !errors.As(err, &fe) || fe.Fields()["NationalCode"] == "" {
		t.Fatalf("bad code: %v", err)
	}
	f.club.SetDown(true)
	if _, err := s.Lookup(ctx, sandbox.LoyaltyMemberNationalCode); !errors.Is(err, loyalty.ErrUnavailable) ||
		loyalty.Message(err) != "باشگاه مشتریان فعلاً در دسترس نیست." {
		t.Fatalf("down: %v / %q", err, loyalty.Message(err))
	}
	off := loyalty.NewService(loyalty.ServiceConfig{Club: f.client, Enabled: false})
	if _, err := off.Lookup(ctx, sandbox.LoyaltyMemberNationalCode); !errors.Is(err, loyalty.ErrDisabled) || off.CanChooseGroups() {
		t.Fatalf("disabled: %v", err)
	}
}

func TestServiceLookupNeverBlocksLong(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // the server notices the client hanging up only once the body is read
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	c, _ := loyalty.NewClient(loyalty.ClientConfig{BaseURL: srv.URL, AppKey: "k", AppSecret: "s", Logger: quietLogger()})
	s := loyalty.NewService(loyalty.ServiceConfig{Club: c, Enabled: true, Timeout: 150 * time.Millisecond, Logger: quietLogger()})
	start := time.Now()
	_, err := s.Lookup(context.Background(), sandbox.LoyaltyMemberNationalCode)
	if !errors.Is(err, loyalty.ErrUnavailable) || time.Since(start) > time.Second {
		t.Fatalf("%v after %v", err, time.Since(start))
	}
}

func TestServiceJoin(t *testing.T) {
	ctx := context.Background()
	valid := loyalty.JoinRequest{NationalCode: "۰۴۹۹۳۷۰۸۹۹", FirstNameFa: " مریم ", LastNameFa: "احمدي", FirstNameEn: "Maryam",
		LastNameEn: "Ahmadi", Mobile: "0935 123 4567", Cards: []string{card(1), "", card(1)}, CustomerGroupID: "2", CardGroupID: "12"}

	t.Run("every field wrong", func(t *testing.T) {
		f := newFixture(t, sandbox.LoyaltyOptions{})
		err := newService(t, f, true).Join(ctx, loyalty.JoinRequest{NationalCode: "123", FirstNameFa: "Maryam", LastNameEn: "احمدی",
			Mobile: "0212", Cards: []string{"6274120000000001", card(1), card(2), card(3), card(4)}})
		var fe loyalty.FieldErrors
		if !errors.As(err, &fe) {
			t.Fatalf("%v", err)
		}
		fields := fe.Fields()
		for _, name := range []string{"NationalCode", "FirstNameFa", "LastNameFa", "LastNameEn", "Mobile", "Cards"} {
			if fields[name] == "" {
				t.Errorf("no error for %s: %v", name, fields)
			}
		}
		if fields["NationalCode"] != iran.Message(iran.ErrInvalidNationalCode) || loyalty.Message(err) == "" {
			t.Errorf("sentences: %v", fields)
		}
		if f.club.Calls("Register") != 0 {
			t.Error("invalid input reached the club")
		}
	})
	t.Run("ok, then already registered", func(t *testing.T) {
		f := newFixture(t, sandbox.LoyaltyOptions{})
		s := newService(t, f, true)
		if err := s.Join(ctx, valid); err != nil {
			t.Fatalf("%v (%s)", err, loyalty.Message(err))
		}
		if got := f.club.MappedCards("0499370899"); len(got) != 1 || got[0] != card(1) {
			t.Errorf("mapped: %v", got)
		}
		if l, err := s.Lookup(ctx, "0499370899"); err != nil || !l.Member {
			t.Errorf("after join: %+v %v", l, err)
		}
		err := s.Join(ctx, valid)
		if !errors.Is(err, loyalty.ErrNationalCodeWasRegisteredPreviously) || loyalty.Message(err) == "" {
			t.Errorf("second join: %v", err)
		}
	})
	t.Run("unknown group", func(t *testing.T) {
		f := newFixture(t, sandbox.LoyaltyOptions{})
		r := valid
		r.CardGroupID = "99"
		var fe loyalty.FieldErrors
		if err := newService(t, f, true).Join(ctx, r); !errors.As(err, &fe) || fe.Fields()["CardGroupID"] == "" {
			t.Fatalf("%v", err)
		}
	})
	t.Run("the seller's groups, or the first listed, when the shopper names none", func(t *testing.T) {
		for _, cfg := range []struct{ customer, card string }{{"", ""}, {"2", "12"}, {"2", "99"}} {
			f := newFixture(t, sandbox.LoyaltyOptions{})
			s := loyalty.NewService(loyalty.ServiceConfig{Club: f.client, Enabled: true, ChooseGroups: true,
				CustomerGroup: cfg.customer, CardGroup: cfg.card, Timeout: time.Second,
				Now: func() time.Time { return *f.now }, Logger: quietLogger()})
			r := valid
			r.CustomerGroupID, r.CardGroupID = "", ""
			if err := s.Join(ctx, r); err != nil { // a group the club does not list would be -103
				t.Fatalf("seller groups %+v: %v", cfg, err)
			}
		}
	})
	t.Run("groups ignored when the agency may not choose", func(t *testing.T) {
		f := newFixture(t, sandbox.LoyaltyOptions{})
		r := valid
		r.CardGroupID = "99" // would be -103 if sent
		if err := newService(t, f, false).Join(ctx, r); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("card repository empty", func(t *testing.T) {
		f := newFixture(t, sandbox.LoyaltyOptions{})
		f.club.SetCardStock(0)
		err := newService(t, f, true).Join(ctx, valid)
		if !errors.Is(err, loyalty.ErrCardRepositoryIsEmpty) || loyalty.Message(err) == loyalty.MessageUnavailable {
			t.Fatalf("%v", err)
		}
	})
}

func TestServiceGroupsAreCached(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, sandbox.LoyaltyOptions{})
	s := newService(t, f, true)
	if !s.CanChooseGroups() {
		t.Fatal("CanChooseGroups")
	}
	for range 3 {
		cu, ca, err := s.Groups(ctx)
		if err != nil || len(cu) != 3 || len(ca) != 2 {
			t.Fatalf("%v %v %v", cu, ca, err)
		}
	}
	if n := f.club.Calls("GetCustomerGroups"); n != 1 {
		t.Errorf("%d calls within the hour", n)
	}
	*f.now = f.now.Add(2 * time.Hour)
	f.club.SetDown(true)
	if cu, _, err := s.Groups(ctx); err != nil || len(cu) != 3 {
		t.Errorf("stale list not served while down: %v", err)
	}
	f.club.SetDown(false)
	_, _, _ = s.Groups(ctx)
	if n := f.club.Calls("GetCustomerGroups"); n != 3 {
		t.Errorf("%d calls after expiry", n)
	}
}

func TestServiceAdmin(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, sandbox.LoyaltyOptions{})
	s := newService(t, f, true)
	member := sandbox.LoyaltyMemberNationalCode
	if m, err := s.CardMembership(ctx, f.club.LoyaltyCard(member)); err != nil || m.Kind != loyalty.CardLoyalty {
		t.Errorf("card membership: %+v %v", m, err)
	}
	if err := s.MapCards(ctx, member, []string{card(5)}); err != nil {
		t.Errorf("map: %v", err)
	}
	txs, err := s.MappedCustomerTransactions(ctx, f.club.MappedCards(member)[:2], f.now.Add(-7*24*time.Hour))
	if err != nil || len(txs) == 0 {
		t.Errorf("mapped transactions: %d %v", len(txs), err)
	}
	if err := s.DisableCustomer(ctx, member); err != nil || !f.club.IsDisabled(member) {
		t.Errorf("disable: %v", err)
	}
	if _, err := s.StoredTerminalTransactions(ctx, loyalty.TransactionFilter{}); err == nil {
		t.Error("browsing without a store")
	}
}
