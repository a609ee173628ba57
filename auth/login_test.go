package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func TestLoginSuccess(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	s, err := f.svc.Login(f.ctx, "WARD7-T1", "  382jsmith01 ", goodPassword)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	if s.User.Username != u.Username || s.Method != "password" || !s.PreviousAt.IsZero() {
		t.Fatalf("session = %+v", s)
	}
	f.clock.Advance(time.Hour)
	s, err = f.svc.Login(f.ctx, "WARD3-T2", u.Username, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if s.PreviousTerminal != "WARD7-T1" || !s.PreviousAt.Equal(f.clock.Now().Add(-time.Hour)) {
		t.Fatalf("previous sign-in = %v at %q", s.PreviousAt, s.PreviousTerminal)
	}
}

// Every kind of failure looks the same to the person at the kiosk.
func TestLoginFailuresAreGeneric(t *testing.T) {
	f := newFixture(t)
	f.jane()
	amir := f.addUser("Amir", "Khan", "amir.khan@example.nhs.uk", "Quiet-Cobalt-Fern-93")
	if err := f.svc.Disable(f.ctx, f.admin, amir.Username); err != nil {
		t.Fatal(err)
	}
	wei := f.addUser("Wei", "Chen", "wei.chen@example.nhs.uk", "Ember-Quilt-Sprocket-75")
	if err := f.svc.Lock(f.ctx, f.admin, wei.Username); err != nil {
		t.Fatal(err)
	}
	nopw, err := f.svc.CreateUser(f.ctx, f.admin, auth.NewUser{FirstName: "No", LastName: "Password",
		Email: "no.password@example.nhs.uk", DOB: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, user, pass string }{
		{"unknown user", "382NOBODY01", goodPassword},
		{"wrong password", "382JSMITH01", "Wrong-Password-99"},
		{"disabled, right password", amir.Username, "Quiet-Cobalt-Fern-93"},
		{"locked, right password", wei.Username, "Ember-Quilt-Sprocket-75"},
		{"no password set", nopw.Username, ""},
		{"empty", "", ""},
	}
	var msg string
	for _, c := range cases {
		_, err := f.svc.Login(f.ctx, "T-"+c.name, c.user, c.pass)
		var le *auth.LoginError
		if !errors.Is(err, auth.ErrLoginFailed) || !errors.As(err, &le) {
			t.Fatalf("%s: err = %v, want a LoginError", c.name, err)
		}
		if msg == "" {
			msg = err.Error()
		}
		if err.Error() != msg {
			t.Errorf("%s: message %q differs from %q", c.name, err.Error(), msg)
		}
	}
}

func TestLockoutAndDoubling(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	fail := func(n int) {
		t.Helper()
		for range n {
			if _, err := f.svc.Login(f.ctx, "T1", u.Username, "Not-The-One-42"); !errors.Is(err, auth.ErrLoginFailed) {
				t.Fatalf("wrong password: %v", err)
			}
		}
	}
	canLogin := func() bool {
		t.Helper()
		_, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword)
		return err == nil
	}
	fail(4)
	if !canLogin() {
		t.Fatal("4 failures must not lock")
	}
	fail(5)
	if canLogin() {
		t.Fatal("5 failures must lock")
	}
	f.clock.Advance(14*time.Minute + 59*time.Second)
	if canLogin() {
		t.Fatal("still locked just before 15 minutes")
	}
	f.clock.Advance(2 * time.Second)
	// The second lock, before any success, lasts twice as long.
	fail(5)
	f.clock.Advance(16 * time.Minute)
	if canLogin() {
		t.Fatal("the second lock must last 30 minutes")
	}
	f.clock.Advance(15 * time.Minute)
	if !canLogin() {
		t.Fatal("unlocked after 30 minutes")
	}
	// A success resets the doubling.
	fail(5)
	f.clock.Advance(15*time.Minute + time.Second)
	if !canLogin() {
		t.Fatal("after a success the next lock is 15 minutes again")
	}
}

func TestLockoutConfigurable(t *testing.T) {
	f := newFixture(t, func(o *auth.Options) { o.LockThreshold = 2; o.LockDuration = time.Minute })
	u := f.jane()
	for range 2 {
		f.svc.Login(f.ctx, "T1", u.Username, "nope")
	}
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); err == nil {
		t.Fatal("2 failures must lock with threshold 2")
	}
	f.clock.Advance(time.Minute)
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); err != nil {
		t.Fatalf("lock of 1 minute: %v", err)
	}
}

func TestTerminalHint(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	hint := func(terminal, user, pass string) bool {
		t.Helper()
		_, err := f.svc.Login(f.ctx, terminal, user, pass)
		var le *auth.LoginError
		if !errors.As(err, &le) {
			t.Fatalf("want a failure, got %v", err)
		}
		return le.Hint
	}
	if hint("T1", "382NOBODY01", "x") || hint("T1", u.Username, "y") {
		t.Fatal("no hint before 3 failures")
	}
	if !hint("T1", "382SOMEONE02", "z") {
		t.Fatal("hint after 3 failures at one terminal, whoever the accounts")
	}
	if hint("T2", u.Username, "y") {
		t.Fatal("the hint is per terminal")
	}
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); err != nil {
		t.Fatal(err)
	}
	if hint("T1", u.Username, "y") {
		t.Fatal("a success at the terminal clears its count")
	}
}

func TestHashUpgradeOnLogin(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	before := f.stored(u.Username)
	// The same database under a service with stronger parameters.
	stronger := fastArgon
	stronger.Time = 2
	svc2, err := auth.New(auth.Options{Store: f.store, Lists: loadLists, Argon: stronger,
		CodeKey: []byte("0123456789abcdef0123456789abcdef"), Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc2.Login(f.ctx, "T1", u.Username, goodPassword); err != nil {
		t.Fatal(err)
	}
	after := f.stored(u.Username)
	if before.PasswordHash == after.PasswordHash || !strings.Contains(after.PasswordHash, ",t=2,") {
		t.Fatalf("hash not upgraded: %s -> %s", before.PasswordHash, after.PasswordHash)
	}
	if _, err := svc2.Login(f.ctx, "T1", u.Username, goodPassword); err != nil {
		t.Fatalf("login after upgrade: %v", err)
	}
}

func TestPasswordsAreNFC(t *testing.T) {
	f := newFixture(t)
	composed := "Caf\u00e9-Rhubarb-Gnome-47"
	decomposed := "Cafe\u0301-Rhubarb-Gnome-47"
	u := f.addUser("Jane", "Smith", "jane.smith@example.nhs.uk", composed)
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, decomposed); err != nil {
		t.Fatalf("the same characters typed decomposed must sign in: %v", err)
	}
}

// A blank username or password is a slip, not a guess: it is refused
// without counting a failure against the terminal or the account, and
// without an audit row.
func TestLoginBlankCountsNothing(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	before, err := f.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: "login."})
	if err != nil {
		t.Fatal(err)
	}
	blanks := []struct{ user, pass string }{
		{"", ""}, {"   ", goodPassword}, {"", "anything"}, {u.Username, ""},
		{u.Username, ""}, {u.Username, ""}, {u.Username, ""}, {u.Username, ""}, // as many as lock an account
	}
	for _, b := range blanks {
		_, err := f.svc.Login(f.ctx, "T1", b.user, b.pass)
		var le *auth.LoginError
		if !errors.As(err, &le) || le.Hint {
			t.Fatalf("Login(%q, %q) = %v, want a LoginError without the hint", b.user, b.pass, err)
		}
	}
	after, err := f.svc.FindAuditEvents(f.ctx, auth.EventFilter{Action: "login."})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("blank sign-ins wrote %d audit rows: %+v", len(after)-len(before), after[len(before):])
	}
	// Two real failures at the terminal: no hint yet, so the blanks
	// were not counted there (the hint comes at 3).
	for range 2 {
		_, err := f.svc.Login(f.ctx, "T1", u.Username, "Wrong-Password-99")
		var le *auth.LoginError
		if !errors.As(err, &le) || le.Hint {
			t.Fatalf("a wrong password after blanks: %v (hint %v), want no hint", err, le != nil && le.Hint)
		}
	}
	// Nor against the account: it is not locked, and signs in.
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); err != nil {
		t.Fatalf("Jane cannot sign in after blank attempts: %v", err)
	}
}

// Wrong passwords over three terminals lock the account at each and then
// everywhere: the holder gets one email for the bout, and another only
// for a lock after the first email's lock period.
func TestOneLockEmailABout(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	wrong := func(term string) {
		t.Helper()
		for range 5 {
			if _, err := f.svc.Login(f.ctx, term, u.Username, "Wrong-Guess-Again-58"); err == nil {
				t.Fatal("a wrong password signed in")
			}
		}
	}
	locks := func() int {
		n := 0
		for _, m := range f.messages() {
			if m.Kind == auth.KindAccountLocked {
				n++
			}
		}
		return n
	}
	for _, term := range []string{"T1", "T2", "T3"} {
		wrong(term)
		f.clock.Advance(time.Minute)
	}
	if n := locks(); n != 1 {
		t.Fatalf("%d lock emails for one bout, want 1", n)
	}
	f.clock.Advance(24 * time.Hour)
	wrong("T4")
	if n := locks(); n != 2 {
		t.Errorf("%d lock emails after a second bout a day later, want 2", n)
	}
}
