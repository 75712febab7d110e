package loyalty_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"shop/internal/loyalty"
	"shop/internal/sandbox"
)

// TestJoinThroughAmbiguousRegister runs the join against the sandbox answering Register as the public
// client suggests the real club may: -1 with an empty message, the member created all the same.
func TestJoinThroughAmbiguousRegister(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, sandbox.LoyaltyOptions{})
	f.club.SetAmbiguousRegister(true)
	var logs bytes.Buffer
	s := loyalty.NewService(loyalty.ServiceConfig{Club: f.client, Enabled: true, Timeout: time.Second,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	req := loyalty.JoinRequest{NationalCode: sandbox.LoyaltyNonMemberNationalCode, FirstNameFa: "مریم", LastNameFa: "احمدی", Mobile: "09351234567"}
	if err := s.Join(ctx, req); err != nil {
		t.Fatalf("the member exists upstream, yet the shopper would be told: %v (%s)", err, loyalty.Message(err))
	}
	if f.club.Calls("EnquireMemebership") != 1 {
		t.Errorf("read-backs: %d, want 1", f.club.Calls("EnquireMemebership"))
	}
	if got := logs.String(); !strings.Contains(got, "register_status=-1") || !strings.Contains(got, "is a member") {
		t.Errorf("the confirmed outcome is not logged with the raw status:\n%s", got)
	}
	if l, err := s.Lookup(ctx, req.NationalCode); err != nil || !l.Member {
		t.Errorf("lookup after join: %+v %v", l, err)
	}
}

// fakeClub answers Register and EnquireMembership as told; the rest of Club is never called here.
type fakeClub struct {
	loyalty.Club
	register  error
	member    bool
	enquiry   error
	enquiries int
}

func (c *fakeClub) Register(context.Context, loyalty.RegisterRequest) (loyalty.RegisterResult, error) {
	return loyalty.RegisterResult{Status: 1}, c.register
}

func (c *fakeClub) EnquireMembership(context.Context, string) (loyalty.Membership, error) {
	c.enquiries++
	return loyalty.Membership{Member: c.member}, c.enquiry
}

func TestJoinConfirmsOnlyAmbiguousAnswers(t *testing.T) {
	minusOne := &loyalty.StatusError{Method: "Register", Status: -1}
	for _, tc := range []struct {
		name      string
		club      fakeClub
		enquiries int
		wantErr   error // nil: joined
		message   string
	}{
		{"success is not read back", fakeClub{}, 0, nil, ""},
		{"-1 and a member: joined", fakeClub{register: minusOne, member: true}, 1, nil, ""},
		{"-1 and not a member: refused", fakeClub{register: minusOne}, 1, minusOne, "باشگاه مشتریان درخواست را نپذیرفت؛ لطفاً بعداً دوباره تلاش کنید."},
		{"-1 and the read-back fails: unconfirmed", fakeClub{register: minusOne, enquiry: loyalty.ErrUnavailable}, 1, loyalty.ErrJoinUnconfirmed, "تا آن زمان دوباره ثبت‌نام نکنید"},
		{"an unknown code is ambiguous too", fakeClub{register: &loyalty.StatusError{Method: "Register", Status: -500}, member: true}, 1, nil, ""},
		{"a spec code is not read back", fakeClub{register: &loyalty.StatusError{Method: "Register", Status: -106}, member: true}, 0, loyalty.ErrCardRepositoryIsEmpty, "کارت باشگاه"},
		{"an unreachable club is not read back", fakeClub{register: loyalty.ErrUnavailable, member: true}, 0, loyalty.ErrUnavailable, loyalty.MessageUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			club := tc.club
			s := loyalty.NewService(loyalty.ServiceConfig{Club: &club, Enabled: true, Logger: quietLogger()})
			err := s.Join(context.Background(), loyalty.JoinRequest{NationalCode: sandbox.LoyaltyNonMemberNationalCode,
				FirstNameFa: "مریم", LastNameFa: "احمدی", Mobile: "09351234567"})
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("err %v, want %v", err, tc.wantErr)
			}
			if club.enquiries != tc.enquiries {
				t.Errorf("read-backs %d, want %d", club.enquiries, tc.enquiries)
			}
			if msg := loyalty.Message(err); !strings.Contains(msg, tc.message) {
				t.Errorf("message %q, want it to hold %q", msg, tc.message)
			}
			if errors.Is(err, loyalty.ErrJoinUnconfirmed) && errors.Is(err, loyalty.ErrUnavailable) {
				t.Error("an unconfirmed join must not look like an unavailable club: the box would hide the sentence")
			}
		})
	}
}
