package ui

import (
	"context"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/text"
)

// A maintainer disabling or locking the signed-in account signs it out at
// once, saying why, and the audit records it; a change to someone else, or
// a lockout by wrong passwords elsewhere, leaves the session be.
func TestChangeFeedEndsSession(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{auth.ChangeDisabled, auth.ChangeLocked} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			ch := make(chan auth.Change)
			hs := newHarnessOn(t, fx, 100, 30, withChanges(ch))
			hs.signIn(fx.jane.Username, janePassword)
			hs.WaitFor("Welcome, Jane Smith")
			// Sends are taken one at a time: each is handled before the next.
			ch <- auth.Change{Seq: 1, Kind: auth.ChangeDisabled, Subject: "382XOTHER01"}
			ch <- auth.Change{Seq: 2, Kind: auth.ChangeAccountLocked, Subject: fx.jane.Username}
			ch <- auth.Change{Seq: 3, Kind: auth.ChangeForbiddenAdded, Subject: fx.jane.Username}
			hs.Sync()
			if !hs.Has("Welcome, Jane Smith") {
				t.Fatalf("signed out by a change that is not a maintainer's stop:\n%s", hs.Screen())
			}
			ch <- auth.Change{Seq: 4, Kind: kind, Subject: fx.jane.Username}
			hs.WaitFor(en.T(text.LoginStopped))
			if hs.Has("Jane Smith") {
				t.Errorf("the session shows after it ended:\n%s", hs.Screen())
			}
			if last := hs.lastAudit(auth.ActLogout); last.Detail != auth.LogoutStopped || last.Subject != fx.jane.Username {
				t.Errorf("logout audited as %+v", last)
			}
		})
	}
}

// A forbidden word a maintainer adds reaches the live checklist of a
// password being typed, with no key pressed; removing it ticks it again.
func TestChangeFeedForbiddenWordInChecklist(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	ch := make(chan auth.Change)
	hs := newHarnessOn(t, fx, 80, 30, withChanges(ch))
	th := hs.app.env.Theme
	words := en.T(text.RuleNoForbiddenWordsLabel)
	hs.toChangePassword()
	hs.fillChange(janePassword, "Brisk-Heron-Lamp-48", "Brisk-Heron-Lamp-48")
	hs.WaitMark(words, th.TickMark)
	by := auth.Actor{Name: "maintainer:test"}
	if err := fx.svc.AddForbiddenWord(context.Background(), by, "heron"); err != nil {
		t.Fatal(err)
	}
	ch <- auth.Change{Seq: 1, Kind: auth.ChangeForbiddenAdded, Subject: "heron"}
	hs.WaitMark(words, th.CrossMark)
	if err := fx.svc.RemoveForbiddenWord(context.Background(), by, "heron"); err != nil {
		t.Fatal(err)
	}
	ch <- auth.Change{Seq: 2, Kind: auth.ChangeForbiddenRemove, Subject: "heron"}
	hs.WaitMark(words, th.TickMark)
}
