package auth_test

import (
	"errors"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/text"
)

// Every change a kiosk must act on is in the feed, in order, written with
// the change; sign-ins, failures short of a lock and refused changes are
// not.
func TestChangeFeed(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	name := u.Username
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step("disable", f.svc.Disable(f.ctx, f.admin, name))
	step("enable", f.svc.Enable(f.ctx, f.admin, name))
	step("lock", f.svc.Lock(f.ctx, f.admin, name))
	step("unlock", f.svc.Unlock(f.ctx, f.admin, name))
	_, err := f.svc.Login(f.ctx, "WARD7-T1", name, goodPassword)
	step("sign in", err)
	step("add word", f.svc.AddForbiddenWord(f.ctx, f.admin, "tiger"))
	step("remove word", f.svc.RemoveForbiddenWord(f.ctx, f.admin, "tiger"))
	step("language", f.svc.SetLanguage(f.ctx, f.admin, name, text.Welsh))
	if err := f.svc.Disable(f.ctx, f.admin, "382NOBODY01"); err == nil {
		t.Fatal("disabled an account that does not exist")
	}
	if err := f.svc.SetLanguage(f.ctx, f.admin, name, "fr"); !errors.Is(err, auth.ErrInvalid) {
		t.Fatalf("a language the kiosk does not speak: %v", err)
	}
	code := f.requestCode(u)
	_, err = f.svc.Reset(f.ctx, "WARD7-T1", code, name, "Quiet-Fern-Harbour-62", "Quiet-Fern-Harbour-62")
	step("reset", err)
	// Wrong passwords at three terminals lock the account everywhere.
	for _, term := range []string{"T1", "T2", "T3"} {
		for range 5 {
			if _, err := f.svc.Login(f.ctx, term, name, "Wrong-Guess-Again-58"); err == nil {
				t.Fatal("a wrong password signed in")
			}
		}
	}

	cs, err := f.svc.Changes(f.ctx, 0, 0)
	step("changes", err)
	want := []auth.Change{
		{Kind: auth.ChangeDisabled, Subject: name}, {Kind: auth.ChangeEnabled, Subject: name},
		{Kind: auth.ChangeLocked, Subject: name}, {Kind: auth.ChangeUnlocked, Subject: name},
		{Kind: auth.ChangeForbiddenAdded, Subject: "tiger"}, {Kind: auth.ChangeForbiddenRemove, Subject: "tiger"},
		{Kind: auth.ChangeLanguage, Subject: name},
		{Kind: auth.ChangeReset, Subject: name}, {Kind: auth.ChangeAccountLocked, Subject: name},
	}
	if len(cs) != len(want) {
		t.Fatalf("%d changes, want %d: %+v", len(cs), len(want), cs)
	}
	for i, c := range cs {
		if c.Seq != int64(i+1) || c.Kind != want[i].Kind || c.Subject != want[i].Subject || !c.At.Equal(f.clock.Now()) {
			t.Errorf("change %d = %+v, want %s %s at seq %d", i, c, want[i].Kind, want[i].Subject, i+1)
		}
	}
	// A kiosk resumes after the last change it applied.
	rest, err := f.svc.Changes(f.ctx, 6, 1)
	step("changes after 6", err)
	if len(rest) != 1 || rest[0].Seq != 7 {
		t.Errorf("after 6, limit 1: %+v", rest)
	}
	if none, _ := f.svc.Changes(f.ctx, 9, 10); len(none) != 0 {
		t.Errorf("after the last: %+v", none)
	}
}

// A password change is in the feed: a kiosk drops a verifier it keeps.
func TestChangeFeedPasswordChange(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	sess, err := f.svc.Login(f.ctx, "WARD7-T1", u.Username, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(2 * 24 * time.Hour) // past the minimum age
	if err := f.svc.ChangePassword(f.ctx, sess, goodPassword, "Quiet-Fern-Harbour-62", "Quiet-Fern-Harbour-62"); err != nil {
		t.Fatal(err)
	}
	cs, err := f.svc.Changes(f.ctx, 0, 0)
	if err != nil || len(cs) != 1 || cs[0].Kind != auth.ChangePassword || cs[0].Subject != u.Username {
		t.Fatalf("changes %+v, %v", cs, err)
	}
}

// A service starting under another policy profile audits it and tells
// kiosks through the feed; the first record and a restart under the same
// profile do neither.
func TestNoteProfile(t *testing.T) {
	f := newFixture(t)
	by := auth.Actor{Name: "kiosk"}
	for range 2 {
		if err := f.svc.NoteProfile(f.ctx, by); err != nil {
			t.Fatal(err)
		}
	}
	if cs, _ := f.svc.Changes(f.ctx, 0, 0); len(cs) != 0 {
		t.Fatalf("changes for an unchanged profile: %+v", cs)
	}
	was, now := f.svc.Profile().Name, "esr-2021"
	p, err := policy.Lookup(now)
	if err != nil {
		t.Fatal(err)
	}
	other, err := auth.New(auth.Options{Store: f.store, Lists: loadLists, Argon: fastArgon, Profile: p,
		CodeKey: []byte("0123456789abcdef0123456789abcdef"), AuditKey: testAuditKey})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.NoteProfile(f.ctx, by); err != nil {
		t.Fatal(err)
	}
	cs, err := f.svc.Changes(f.ctx, 0, 0)
	if err != nil || len(cs) != 1 || cs[0].Kind != auth.ChangeProfile || cs[0].Subject != now {
		t.Fatalf("changes %+v, %v", cs, err)
	}
	evs, err := f.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: auth.ActProfileChanged})
	if err != nil || len(evs) != 1 || evs[0].Detail != "from "+was+" to "+now {
		t.Errorf("audit %+v, %v", evs, err)
	}
}
