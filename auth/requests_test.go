package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// count counts audit events of an action.
func (f *fixture) count(action string) int {
	f.t.Helper()
	evs, err := f.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: action})
	if err != nil {
		f.t.Fatal(err)
	}
	return len(evs)
}

// A kiosk request sent again (its instance died before answering) gets
// the same answer and changes nothing twice: one audit row, one failure
// counted. Another request is another.
func TestRequestSentAgainLogin(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	for range 2 {
		if _, err := f.svc.Login(auth.WithRequest(f.ctx, "T1:req-1"), "WARD7-T1", u.Username, goodPassword); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.count(auth.ActLoginOK); n != 1 {
		t.Errorf("%d sign-ins audited for one request sent twice", n)
	}
	for range 2 {
		_, err := f.svc.Login(auth.WithRequest(f.ctx, "T1:req-2"), "WARD7-T1", u.Username, "Wrong-Guess-Again-58")
		var le *auth.LoginError
		if !errors.As(err, &le) {
			t.Fatalf("a wrong password sent again: %v", err)
		}
	}
	if _, err := f.svc.Login(auth.WithRequest(f.ctx, "T1:req-3"), "WARD7-T1", u.Username, "Wrong-Guess-Again-58"); err == nil {
		t.Fatal("a wrong password signed in")
	}
	if n := f.count(auth.ActLoginFailed); n != 2 {
		t.Errorf("%d failures audited for two requests, one sent twice", n)
	}
	a, err := f.svc.Account(f.ctx, u.Username)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Terminals[0].Failures; got != 2 {
		t.Errorf("%d failures counted at the terminal, want 2", got)
	}
}

// A reset, or a password change, sent again after it was applied answers
// success, as the first would have, and sets nothing again.
func TestRequestSentAgainReset(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	code := f.requestCode(u)
	const next = "Quiet-Fern-Harbour-62"
	ctx := func() context.Context { return auth.WithRequest(f.ctx, "T1:reset") }
	for i := range 2 {
		got, err := f.svc.Reset(ctx(), "WARD7-T1", code, u.Username, next, next)
		if err != nil || got.Username != u.Username {
			t.Fatalf("reset %d: %+v, %v", i+1, got, err)
		}
	}
	if n := f.count(auth.ActResetOK); n != 1 {
		t.Errorf("%d resets audited", n)
	}
	if n := f.count(auth.ActResetFailed); n != 0 {
		t.Errorf("%d failed resets audited", n)
	}
	// Sent again with another password than the one set, it is a wrong
	// code: nothing was applied for that one.
	if _, err := f.svc.Reset(ctx(), "WARD7-T1", code, u.Username, "Other-Pine-Meadow-37", "Other-Pine-Meadow-37"); !errors.Is(err, auth.ErrResetFailed) {
		t.Errorf("the same request with another password: %v", err)
	}

	sess, err := f.svc.Login(f.ctx, "WARD7-T1", u.Username, next)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(2 * 24 * time.Hour) // past the minimum age
	const third = "Amber-Ridge-Orchid-85"
	for i := range 2 {
		if err := f.svc.ChangePassword(auth.WithRequest(f.ctx, "T1:change"), sess, next, third, third); err != nil {
			t.Fatalf("change %d: %v", i+1, err)
		}
	}
	if n := f.count(auth.ActPasswordChanged); n != 1 {
		t.Errorf("%d changes audited", n)
	}
	if n := f.count(auth.ActChangeFailed); n != 0 {
		t.Errorf("%d failed changes audited", n)
	}
	if _, err := f.svc.Login(f.ctx, "WARD7-T1", u.Username, third); err != nil {
		t.Errorf("the changed password: %v", err)
	}
}
