package auth_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// The attack of issue 10 item 6: Jane's colleague stands at one terminal
// and spends everything that can be spent against her account; Jane, at
// another terminal, must still sign in, get a reset code and use it.
const (
	attacker = "WARD7-T1"
	victim   = "WARD9-T2"
)

// wrongLogins makes n wrong sign-ins for username at terminal.
func (f *fixture) wrongLogins(terminal, username string, n int) {
	f.t.Helper()
	for i := range n {
		_, err := f.svc.Login(f.ctx, terminal, username, fmt.Sprintf("Not-The-One-%d", 40+i))
		if !errors.Is(err, auth.ErrLoginFailed) {
			f.t.Fatalf("wrong password at %s: %v", terminal, err)
		}
	}
}

// wrongCodes makes n wrong reset tries for username at terminal.
func (f *fixture) wrongCodes(terminal, username string, n int) {
	f.t.Helper()
	for range n {
		if _, err := f.svc.Reset(f.ctx, terminal, "AAAA-AAAA-AAAA", username, newPassword, newPassword); !errors.Is(err, auth.ErrResetFailed) {
			f.t.Fatalf("wrong code at %s: %v", terminal, err)
		}
	}
}

// liveCodes counts the account's live code rows in the SQLite file.
func (f *fixture) liveCodes(u auth.User) int {
	f.t.Helper()
	var n int
	err := f.store.DB().QueryRowContext(f.ctx, `SELECT COUNT(*) FROM reset_codes WHERE user_id = ?
		AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`, u.ID, f.clock.Now().UnixNano()).Scan(&n)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func TestOneTerminalCannotDenyAColleague(t *testing.T) {
	f := newFixture(t)
	u := f.jane()

	// Wrong passwords lock Jane out of the attacker's terminal only; for
	// the 24 hours that doubling reaches, she signs in at her own.
	for round := range 4 {
		f.wrongLogins(attacker, u.Username, 5)
		if _, err := f.svc.Login(f.ctx, attacker, u.Username, goodPassword); !errors.Is(err, auth.ErrLoginFailed) {
			t.Fatalf("round %d: the right password at the locked terminal: %v", round, err)
		}
		if _, err := f.svc.Login(f.ctx, victim, u.Username, goodPassword); err != nil {
			t.Fatalf("round %d: Jane at her own terminal: %v", round, err)
		}
		f.clock.Advance(time.Duration(15<<round) * time.Minute)
	}
	// The lock at the attacker's terminal looks like any failure there.
	var locked, unknown *auth.LoginError
	f.wrongLogins(attacker, u.Username, 5)
	_, err := f.svc.Login(f.ctx, attacker, u.Username, goodPassword)
	_, err2 := f.svc.Login(f.ctx, attacker, "382NOBODY01", goodPassword)
	if !errors.As(err, &locked) || !errors.As(err2, &unknown) || *locked != *unknown || err.Error() != err2.Error() {
		t.Fatalf("locked %v and unknown %v must read the same", err, err2)
	}

	// The attacker spends every assistance email the terminal may ask for
	// and more; Jane still gets hers, and the attacker's refused requests
	// revoke nothing.
	before := len(f.messages())
	for range 6 {
		if err := f.svc.ForgotPassword(f.ctx, attacker, u.Username, u.Email); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(f.messages()) - before; got != 3 {
		t.Fatalf("the attacker's terminal queued %d emails, want 3", got)
	}
	before = len(f.messages())
	if err := f.svc.ForgotPassword(f.ctx, victim, u.Username, u.Email); err != nil {
		t.Fatal(err)
	}
	if len(f.messages()) != before+1 {
		t.Fatal("Jane's own request was dropped")
	}
	code := f.lastCode()
	if err := f.svc.ForgotPassword(f.ctx, attacker, u.Username, u.Email); err != nil {
		t.Fatal(err)
	}

	// Wrong codes from the attacker's terminal bar that terminal, not the
	// code: even the right code is refused there, and Jane's works at hers.
	f.wrongCodes(attacker, u.Username, 12)
	if _, err := f.svc.Reset(f.ctx, attacker, code, u.Username, newPassword, newPassword); !errors.Is(err, auth.ErrResetFailed) {
		t.Fatalf("the right code at a terminal that spent its tries: %v", err)
	}
	if n := f.liveCodes(u); n != 1 {
		t.Fatalf("%d live codes, want 1", n)
	}
	if _, err := f.svc.Reset(f.ctx, victim, code, u.Username, newPassword, newPassword); err != nil {
		t.Fatalf("Jane's code at her own terminal: %v", err)
	}
	// The reset unlocked her everywhere.
	if _, err := f.svc.Login(f.ctx, attacker, u.Username, newPassword); err != nil {
		t.Fatalf("after the reset, at the attacker's terminal: %v", err)
	}
}

func TestLockedAtSeveralTerminalsLocksEverywhere(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	for i := range 3 {
		f.wrongLogins(fmt.Sprintf("T%d", i+1), u.Username, 5)
		if i < 2 {
			if _, err := f.svc.Login(f.ctx, "T9", u.Username, goodPassword); err != nil {
				t.Fatalf("locked at %d terminals: %v", i+1, err)
			}
		}
	}
	if _, err := f.svc.Login(f.ctx, "T9", u.Username, goodPassword); !errors.Is(err, auth.ErrLoginFailed) {
		t.Fatalf("locked at 3 terminals, at a fourth: %v", err)
	}
	a, err := f.svc.Account(f.ctx, u.Username)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Lockout.Locked(f.clock.Now()) {
		t.Fatalf("not locked account-wide: %+v", a.Lockout)
	}
	f.clock.Advance(15 * time.Minute)
	if _, err := f.svc.Login(f.ctx, "T9", u.Username, goodPassword); err != nil {
		t.Fatalf("after 15 minutes: %v", err)
	}
}

func TestAssistanceCeilingAcrossTerminals(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	before := len(f.messages())
	for i := range 5 {
		for range 3 {
			if err := f.svc.ForgotPassword(f.ctx, fmt.Sprintf("T%d", i), u.Username, u.Email); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := len(f.messages()) - before; got != 10 {
		t.Fatalf("%d emails in an hour from five terminals, want the ceiling of 10", got)
	}
	f.clock.Advance(time.Hour + time.Second)
	f.requestCode(u)
}

// TestOneLiveCode: a new request revokes the old code for good. Killing
// the new code with wrong tries must not bring the old one back, and there
// is never more than one live code row.
func TestOneLiveCode(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	a := f.requestCode(u)
	f.clock.Advance(time.Minute)
	f.requestCode(u)
	if n := f.liveCodes(u); n != 1 {
		t.Fatalf("%d live codes after two requests, want 1", n)
	}
	// Kill B: 20 wrong tries in all, 5 from each of four terminals.
	for i := range 4 {
		f.wrongCodes(fmt.Sprintf("T%d", i), u.Username, 5)
	}
	if n := f.liveCodes(u); n != 0 {
		t.Fatalf("%d live codes after B was killed, want 0", n)
	}
	if _, err := f.svc.Reset(f.ctx, "T9", a, u.Username, newPassword, newPassword); !errors.Is(err, auth.ErrResetFailed) {
		t.Fatalf("code A after B was killed: %v, want ErrResetFailed", err)
	}
}

// TestAssistanceSleepsOnlyTheRest: the answer waits out what is left of
// the floor after the work, not the floor on top of it.
func TestAssistanceSleepsOnlyTheRest(t *testing.T) {
	var ticks int
	start := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	// Each reading of the clock finds 10 ms gone: the work takes time.
	f := newFixture(t, func(o *auth.Options) {
		o.Now = func() time.Time { ticks++; return start.Add(time.Duration(ticks) * 10 * time.Millisecond) }
	})
	u := f.jane()
	f.slept = nil
	if err := f.svc.ForgotPassword(f.ctx, attacker, u.Username, u.Email); err != nil {
		t.Fatal(err)
	}
	if len(f.slept) != 1 || f.slept[0] <= 0 || f.slept[0] >= 250*time.Millisecond {
		t.Fatalf("slept %v, want the rest of the 250ms floor", f.slept)
	}
}

// TestFailuresCountedPerTerminal: the audit says how many wrong passwords
// in a row there have been at that terminal, each terminal its own count.
func TestFailuresCountedPerTerminal(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	f.wrongLogins(attacker, u.Username, 2)
	f.wrongLogins(victim, u.Username, 1)
	evs, err := f.svc.AuditEvents(f.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		if e.Action == auth.ActLoginFailed {
			got = append(got, e.Terminal+": "+e.Detail)
		}
	}
	want := []string{attacker + ": wrong password (1 in a row here)", attacker + ": wrong password (2 in a row here)",
		victim + ": wrong password (1 in a row here)"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("audit details %q, want %q", got, want)
	}
	a, err := f.svc.Account(f.ctx, u.Username)
	if err != nil {
		t.Fatal(err)
	}
	if a.Lockout.Failures != 3 || len(a.Terminals) != 2 {
		t.Fatalf("account shows %d failures at %d terminals, want 3 at 2", a.Lockout.Failures, len(a.Terminals))
	}
}

// TestAccountWideLockDoubles: a second lock at every terminal, before any
// success, lasts twice as long as the first.
func TestAccountWideLockDoubles(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	lockEverywhere := func() {
		t.Helper()
		for i := range 3 {
			f.wrongLogins(fmt.Sprintf("T%d", i+1), u.Username, 5)
		}
	}
	lockEverywhere()
	f.clock.Advance(15 * time.Minute) // the first lock, everywhere, is over
	if _, err := f.svc.Login(f.ctx, "T9", u.Username, "Not-The-One-99"); !errors.Is(err, auth.ErrLoginFailed) {
		t.Fatal(err)
	}
	// The terminal locks double too (30 min): wait those out, then lock
	// everywhere again.
	f.clock.Advance(15 * time.Minute)
	lockEverywhere()
	a, err := f.svc.Account(f.ctx, u.Username)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Lockout.LockedUntil.Sub(f.clock.Now()); got != 30*time.Minute {
		t.Fatalf("the second lock everywhere lasts %s, want 30m", got)
	}
}

// TestWrongCurrentPasswordAudited: a wrong current password at a change
// is counted at the terminal and audited as a failed change.
func TestWrongCurrentPasswordAudited(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	s, err := f.svc.Login(f.ctx, victim, u.Username, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ChangePassword(f.ctx, s, "Not-The-One-77", newPassword, newPassword); !errors.Is(err, auth.ErrWrongPassword) {
		t.Fatal(err)
	}
	evs, err := f.svc.AuditEvents(f.ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if e := evs[0]; e.Action != auth.ActChangeFailed || e.Detail != "wrong current password" || e.Terminal != victim {
		t.Fatalf("last audit event %+v, want a failed change for a wrong current password", e)
	}
	a, err := f.svc.Account(f.ctx, u.Username)
	if err != nil {
		t.Fatal(err)
	}
	if a.Lockout.Failures != 1 {
		t.Fatalf("%d failures counted, want 1", a.Lockout.Failures)
	}
}
