package auth_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// midReadStore runs a hook once inside the next read transaction, just
// after its first query: other kiosks and maintainers commit while the
// read is open.
type midReadStore struct {
	auth.Store
	hook func()
}

func (m *midReadStore) Read(ctx context.Context, fn func(auth.ReadTx) error) error {
	return m.Store.Read(ctx, func(tx auth.ReadTx) error { return fn(midReadTx{ReadTx: tx, m: m}) })
}

// midReadTx fires the hook after the listing the dashboard reads first.
type midReadTx struct {
	auth.ReadTx
	m *midReadStore
}

func (t midReadTx) ListTerminals(ctx context.Context) ([]auth.Terminal, error) {
	ts, err := t.ReadTx.ListTerminals(ctx)
	if hook := t.m.hook; hook != nil {
		t.m.hook = nil
		hook()
	}
	return ts, err
}

func hasEvent(evs []auth.Event, action, terminal string) bool {
	return slices.ContainsFunc(evs, func(e auth.Event) bool { return e.Action == action && e.Terminal == terminal })
}

func accountOf(t *testing.T, as []auth.Account, username string) auth.Account {
	t.Helper()
	for _, a := range as {
		if a.User.Username == username {
			return a
		}
	}
	t.Fatalf("no account %s", username)
	return auth.Account{}
}

// The dashboard is one snapshot: a sign-in and a maintainer's lock that
// commit while it is being read show in none of its parts, not in some;
// and, the read holding no write lock, they do commit meanwhile.
func TestDashboardIsOneSnapshot(t *testing.T) {
	ms := &midReadStore{}
	f := newFixture(t, func(o *auth.Options) {
		ms.Store = o.Store
		o.Store = ms
	})
	jane := f.jane()
	f.requestCode(jane) // an email with a reset code in its body
	lockedBy := auth.Actor{Name: "maintainer:alice", Terminal: "ssh:10.0.0.1"}
	var hookErr []error
	ms.hook = func() {
		ctx, cancel := context.WithTimeout(f.ctx, 3*time.Second)
		defer cancel()
		_, err := f.svc.Login(ctx, "WARD9-T9", jane.Username, goodPassword)
		hookErr = append(hookErr, err, f.svc.Lock(ctx, lockedBy, jane.Username))
	}
	d, err := f.svc.Dashboard(f.ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	if ms.hook != nil {
		t.Fatal("the hook did not run: the dashboard read no terminals")
	}
	for _, err := range hookErr {
		if err != nil {
			t.Fatalf("a sign-in or lock could not commit while the dashboard was read: %v", err)
		}
	}
	now := f.clock.Now()
	if st := accountOf(t, d.Accounts, jane.Username).State(now); st != auth.AccountActive {
		t.Errorf("the snapshot shows Jane %s, but its first query came before the lock", st)
	}
	if hasEvent(d.Events, auth.ActAdminLock, lockedBy.Terminal) || hasEvent(d.Events, auth.ActLoginOK, "WARD9-T9") {
		t.Error("the snapshot holds events committed after its first query")
	}
	if slices.ContainsFunc(d.Terminals, func(term auth.Terminal) bool { return term.Name == "WARD9-T9" }) {
		t.Error("the snapshot holds a terminal first seen after its first query")
	}
	if len(d.Messages) == 0 {
		t.Fatal("the snapshot holds no email")
	}
	for _, m := range d.Messages {
		if m.Body != "" {
			t.Errorf("message %d keeps its body (it may hold a reset code)", m.ID)
		}
	}

	// The next dashboard shows all of it, in every part.
	d, err = f.svc.Dashboard(f.ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	if st := accountOf(t, d.Accounts, jane.Username).State(now); st != auth.AccountLocked {
		t.Errorf("Jane is %s, want locked", st)
	}
	if !hasEvent(d.Events, auth.ActAdminLock, lockedBy.Terminal) || !hasEvent(d.Events, auth.ActLoginOK, "WARD9-T9") {
		t.Error("the sign-in or the lock is missing from the events")
	}
	if !slices.ContainsFunc(d.Terminals, func(term auth.Terminal) bool { return term.Name == "WARD9-T9" }) {
		t.Error("the terminal of the sign-in is missing")
	}
}

// Maintainers' reads do not queue behind a write that holds the lock, and
// see only what is committed.
func TestReadsDoNotWaitForAWriter(t *testing.T) {
	f := newFixture(t)
	jane := f.jane()
	rollback := errors.New("rollback")
	err := f.store.Tx(f.ctx, func(tx auth.Tx) error {
		u, err := tx.UserByUsername(f.ctx, jane.Username)
		if err != nil {
			return err
		}
		u.Status = auth.StatusDisabled
		if err := tx.UpdateUser(f.ctx, u); err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(f.ctx, 3*time.Second)
		defer cancel()
		as, err := f.svc.Accounts(ctx)
		if err != nil {
			t.Fatalf("accounts while a write held the lock: %v", err)
		}
		if st := accountOf(t, as, jane.Username).State(f.clock.Now()); st != auth.AccountActive {
			t.Errorf("a read saw Jane %s before the write committed", st)
		}
		if _, err := f.svc.Dashboard(ctx, 10); err != nil {
			t.Errorf("dashboard while a write held the lock: %v", err)
		}
		if _, err := f.svc.CheckPassword(ctx, jane.Username, f.svc.Profile(), "Another-Long-Pass-93", false); err != nil {
			t.Errorf("policy check while a write held the lock: %v", err)
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
}
