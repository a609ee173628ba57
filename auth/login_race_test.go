package auth_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
)

// hookStore runs a hook once, just before the transaction (read or
// write) that follows the next `pass` ones: between a use case's read and
// its write, where another kiosk or a maintainer may commit a change of
// their own.
type hookStore struct {
	auth.Store
	pass int
	hook func()
}

func (h *hookStore) Tx(ctx context.Context, fn func(auth.Tx) error) error {
	h.next()
	return h.Store.Tx(ctx, fn)
}

func (h *hookStore) Read(ctx context.Context, fn func(auth.ReadTx) error) error {
	h.next()
	return h.Store.Read(ctx, fn)
}

// next counts a transaction, running the hook when its turn has come.
func (h *hookStore) next() {
	if h.hook == nil {
		return
	}
	if h.pass > 0 {
		h.pass--
		return
	}
	hook := h.hook
	h.hook = nil
	hook()
}

func newHookFixture(t *testing.T) (*fixture, *hookStore) {
	hs := &hookStore{}
	f := newFixture(t, func(o *auth.Options) {
		hs.Store = o.Store
		o.Store = hs
	})
	return f, hs
}

// A maintainer disables an account while a sign-in with its password is
// being verified: the sign-in must not succeed, nor make the account
// active again.
func TestLoginDoesNotUndoAConcurrentDisable(t *testing.T) {
	f, hs := newHookFixture(t)
	u := f.jane()
	hs.pass, hs.hook = 1, func() {
		if err := f.svc.Disable(f.ctx, f.admin, u.Username); err != nil {
			t.Error(err)
		}
	}
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); !errors.Is(err, auth.ErrLoginFailed) {
		t.Errorf("login raced with disable: %v, want a failure", err)
	}
	got, err := f.svc.Account(f.ctx, u.Username)
	if err != nil {
		t.Fatal(err)
	}
	if got.User.Status != auth.StatusDisabled {
		t.Fatalf("status after the race = %q, want disabled", got.User.Status)
	}
}

// The password is changed while a sign-in with the old one is being
// verified: the sign-in must fail and must not write the old hash back.
func TestLoginDoesNotUndoAConcurrentPasswordChange(t *testing.T) {
	f, hs := newHookFixture(t)
	u := f.jane()
	s, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	hs.pass, hs.hook = 1, func() {
		if err := f.svc.ChangePassword(f.ctx, s, goodPassword, newPassword, newPassword); err != nil {
			t.Error(err)
		}
	}
	if _, err := f.svc.Login(f.ctx, "T2", u.Username, goodPassword); !errors.Is(err, auth.ErrLoginFailed) {
		t.Errorf("login with the old password raced with a change: %v, want a failure", err)
	}
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, newPassword); err != nil {
		t.Fatalf("the new password no longer works: %v", err)
	}
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); err == nil {
		t.Fatal("the old password works again")
	}
}
