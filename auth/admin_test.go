package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func TestHeartbeatKeepsFailures(t *testing.T) {
	f := newFixture(t)
	f.jane()
	// A failed sign-in counts at the terminal; a heartbeat must not reset it.
	if _, err := f.svc.Login(f.ctx, "WARD7-T1", "382JSMITH01", "wrong-Password-1"); err == nil {
		t.Fatal("wrong password signed in")
	}
	f.clock.Advance(time.Minute)
	if err := f.svc.Heartbeat(f.ctx, "WARD7-T1", "Smartcard: reader \x1b[31mready\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Heartbeat(f.ctx, "WARD3-T2", strings.Repeat("x", 500)); err != nil {
		t.Fatal(err)
	}
	ts, err := f.svc.Terminals(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].Name != "WARD3-T2" || ts[1].Name != "WARD7-T1" {
		t.Fatalf("terminals %+v", ts)
	}
	w7 := ts[1]
	if w7.Failures != 1 {
		t.Errorf("failures %d, want 1 kept", w7.Failures)
	}
	if !w7.LastSeen.Equal(f.clock.Now()) {
		t.Errorf("last seen %v, want %v", w7.LastSeen, f.clock.Now())
	}
	if strings.ContainsAny(w7.ReaderState, "\x1b\n") {
		t.Errorf("reader state not sanitised: %q", w7.ReaderState)
	}
	if len(ts[0].ReaderState) > 80 {
		t.Errorf("reader state of %d bytes kept", len(ts[0].ReaderState))
	}
	if err := f.svc.Heartbeat(f.ctx, "  ", "x"); !errors.Is(err, auth.ErrInvalid) {
		t.Errorf("empty terminal: %v", err)
	}
}

// A kiosk's reader state is kept to 80 bytes, cut where a character
// starts, so what the dashboard shows is still UTF-8.
func TestHeartbeatClipsReaderState(t *testing.T) {
	f := newFixture(t)
	x := strings.Repeat
	for _, c := range []struct{ state, want string }{
		{x("x", 80), x("x", 80)},
		{x("x", 81), x("x", 80)},
		{x("x", 79) + "é", x("x", 79)},
		{x("x", 78) + "é", x("x", 78) + "é"},
		{x("é", 60), x("é", 40)},
	} {
		if err := f.svc.Heartbeat(f.ctx, "T1", c.state); err != nil {
			t.Fatal(err)
		}
		ts, err := f.svc.Terminals(f.ctx)
		if err != nil || len(ts) != 1 {
			t.Fatalf("terminals %+v, %v", ts, err)
		}
		if got := ts[0].ReaderState; got != c.want {
			t.Errorf("reader state %q (%d bytes) kept as %q, want %q", c.state, len(c.state), got, c.want)
		}
	}
}

func TestAccountsHideHashes(t *testing.T) {
	f := newFixture(t)
	jane := f.jane()
	amir := f.addUser("Amir", "Khan", "amir.khan@example.nhs.uk", "")
	if err := f.svc.Lock(f.ctx, f.admin, jane.Username); err != nil {
		t.Fatal(err)
	}
	as, err := f.svc.Accounts(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 {
		t.Fatalf("%d accounts", len(as))
	}
	for _, a := range as {
		if a.User.PasswordHash != "" {
			t.Errorf("%s: hash exposed", a.User.Username)
		}
		switch a.User.Username {
		case jane.Username:
			if !a.HasPassword || !a.Lockout.AdminLocked || a.Lockout.UserID != jane.ID {
				t.Errorf("jane: %+v", a)
			}
		case amir.Username:
			if a.HasPassword || a.Lockout.Locked(f.clock.Now()) || a.Lockout.UserID != amir.ID {
				t.Errorf("amir: %+v", a)
			}
		}
	}
}

func TestFindAuditEvents(t *testing.T) {
	f := newFixture(t)
	jane := f.jane()
	start := f.clock.Now()
	alice := auth.Actor{Name: "maintainer:alice (SHA256:abc)", Terminal: "ssh:127.0.0.1"}
	bob := auth.Actor{Name: "maintainer:bob_x (SHA256:def)", Terminal: "ssh:127.0.0.1"}
	f.clock.Advance(time.Minute)
	if err := f.svc.Lock(f.ctx, alice, jane.Username); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	if err := f.svc.Unlock(f.ctx, bob, jane.Username); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	if _, err := f.svc.Login(f.ctx, "WARD7-T1", jane.Username, goodPassword); err != nil {
		t.Fatal(err)
	}
	find := func(flt auth.EventFilter) []string {
		t.Helper()
		evs, err := f.svc.FindAuditEvents(f.ctx, flt)
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, e := range evs {
			acts = append(acts, e.Action)
		}
		return acts
	}
	for _, c := range []struct {
		name string
		f    auth.EventFilter
		want string
	}{
		{"all", auth.EventFilter{}, "user.created admin.lock admin.unlock login.ok"},
		{"user lower case", auth.EventFilter{Username: " 382jsmith01 "}, "user.created admin.lock admin.unlock login.ok"},
		{"prefix", auth.EventFilter{Action: "admin."}, "admin.lock admin.unlock"},
		{"exact", auth.EventFilter{Action: "admin.lock"}, "admin.lock"},
		{"no partial match", auth.EventFilter{Action: "admin"}, ""},
		{"maintainer", auth.EventFilter{Maintainer: "alice"}, "admin.lock"},
		{"maintainer like chars", auth.EventFilter{Maintainer: "bob%"}, ""},
		{"maintainer underscore", auth.EventFilter{Maintainer: "bob_x"}, "admin.unlock"},
		{"since", auth.EventFilter{Since: start.Add(90 * time.Second)}, "admin.unlock login.ok"},
		{"until", auth.EventFilter{Until: start.Add(90 * time.Second)}, "user.created admin.lock"},
		{"limit keeps newest", auth.EventFilter{Limit: 2}, "admin.unlock login.ok"},
		{"user or maintainer", auth.EventFilter{Username: "alice", Maintainer: "alice"}, "admin.lock"},
	} {
		if got := strings.Join(find(c.f), " "); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRedactCodes(t *testing.T) {
	f := newFixture(t)
	jane := f.jane()
	code := f.requestCode(jane)
	ms := f.messages()
	body := ms[len(ms)-1].Body
	red := auth.RedactCodes(body)
	if strings.Contains(red, code) || !strings.Contains(red, auth.CodeRedacted) {
		t.Fatalf("code not redacted:\n%s", red)
	}
	if !strings.Contains(red, jane.Username) {
		t.Error("redaction took the username too")
	}
	for in, want := range map[string]string{
		"k7q2-m9xd-4tzp":         auth.CodeRedacted,
		"code: K7Q2-M9XD-4TZP.":  "code: " + auth.CodeRedacted + ".",
		"2026-11-27 ward 7":      "2026-11-27 ward 7",
		"382JSMITH01 ABCD-EFGH":  "382JSMITH01 ABCD-EFGH",
		"XK7Q2-M9XD-4TZPX stays": "XK7Q2-M9XD-4TZPX stays",
	} {
		if got := auth.RedactCodes(in); got != want {
			t.Errorf("RedactCodes(%q) = %q, want %q", in, got, want)
		}
	}
}
