package auth_test

import (
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

func TestAccountState(t *testing.T) {
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	active := auth.User{Status: auth.StatusActive}
	disabled := auth.User{Status: auth.StatusDisabled}
	failed := auth.Lockout{LockedUntil: now.Add(time.Minute)}
	for _, tc := range []struct {
		name string
		a    auth.Account
		want auth.AccountState
	}{
		{"active", auth.Account{User: active, HasPassword: true}, auth.AccountActive},
		{"no password", auth.Account{User: active}, auth.AccountNoPassword},
		{"lock over", auth.Account{User: active, HasPassword: true, Lockout: auth.Lockout{LockedUntil: now}}, auth.AccountActive},
		{"failures", auth.Account{User: active, HasPassword: true, Lockout: failed}, auth.AccountLockedUntil},
		{"maintainer", auth.Account{User: active, HasPassword: true, Lockout: auth.Lockout{AdminLocked: true, LockedUntil: failed.LockedUntil}}, auth.AccountLocked},
		{"disabled first", auth.Account{User: disabled, Lockout: auth.Lockout{AdminLocked: true}}, auth.AccountDisabled},
	} {
		got := tc.a.State(now)
		if got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
		if barred := tc.want != auth.AccountActive && tc.want != auth.AccountNoPassword; got.Barred() != barred {
			t.Errorf("%s: barred %v", tc.name, got.Barred())
		}
	}
}

func TestErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("auth: create user: %w: email is required", auth.ErrInvalid), "email is required"},
		{fmt.Errorf("auth: enrol card for X: %w: this card is already enrolled as card 3", auth.ErrConflict), "this card is already enrolled as card 3"},
		{fmt.Errorf("auth: user %s: %w", "382\x1b[2JX", auth.ErrNotFound), "auth: user 382[2JX: not found"},
		{errors.New("two\nlines"), "two lines"},
	} {
		if got := auth.ErrorText(tc.err); got != tc.want {
			t.Errorf("ErrorText(%q) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// EnrolCard is the one enrol rule: what a card sign-in would refuse is
// refused, as bad input, and nothing is enrolled.
func TestEnrolCardRule(t *testing.T) {
	f := newFixture(t)
	jane := f.jane()
	ca, err := issue.NewCA(rand.Reader, "Trust CA", f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	other, err := issue.NewCA(rand.Reader, "Another CA", f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	trust, err := certs.New([]*x509.Certificate{ca.Cert}, nil)
	if err != nil {
		t.Fatal(err)
	}
	card := func(a *issue.Authority, tmpl issue.Template) *x509.Certificate {
		t.Helper()
		c, _, err := a.Card(tmpl)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	expired := card(ca, issue.Template{CommonName: "Jane", NotAfter: f.clock.Now().Add(-time.Minute)})
	for _, tc := range []struct {
		name string
		cert []byte
		want string
	}{
		{"garbage", []byte("not a certificate"), "that is not a certificate"},
		{"a CA, not a card", ca.Cert.Raw, "not for signing in"},
		{"another issuer", card(other, issue.Template{CommonName: "Jane"}).Raw, "not issued by the Trust"},
		{"expired", expired.Raw, "expired"},
	} {
		_, err := f.svc.EnrolCard(f.ctx, f.admin, jane.Username, tc.cert, trust)
		if !errors.Is(err, auth.ErrInvalid) || !strings.Contains(auth.ErrorText(err), tc.want) {
			t.Errorf("%s: %v, want bad input saying %q", tc.name, err, tc.want)
		}
	}
	if cs, _ := f.svc.Cards(f.ctx); len(cs) != 0 {
		t.Fatalf("%d refused cards enrolled", len(cs))
	}

	good := card(ca, issue.Template{CommonName: "Jane", Key: issue.RSA2048})
	if _, err := f.svc.EnrolCard(f.ctx, f.admin, jane.Username, issue.CertPEM(good), trust); err != nil {
		t.Fatalf("a Trust card as PEM: %v", err)
	}
	// With no Trust configured the issuer is not checked; the key still is.
	if _, err := f.svc.EnrolCard(f.ctx, f.admin, jane.Username, card(other, issue.Template{CommonName: "J"}).Raw, nil); err != nil {
		t.Fatalf("no trust, as DER: %v", err)
	}
	if _, err := f.svc.EnrolCard(f.ctx, f.admin, jane.Username, ca.Cert.Raw, nil); !errors.Is(err, auth.ErrInvalid) {
		t.Fatalf("no trust, a CA's certificate: %v", err)
	}
	if cs, _ := f.svc.Cards(f.ctx); len(cs) != 2 {
		t.Fatalf("%d cards enrolled, want 2", len(cs))
	}
}
