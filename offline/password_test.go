package offline_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/offline"
	"github.com/wardkiosk/kiosk/text"
)

const typed = "Grove-Tiger-47-Lantern"

// signInOnline notes an online password sign-in at this kiosk now.
func (w *world) signInOnline(name, password string) {
	w.t.Helper()
	if err := w.gate.SignedInOnline(w.ctx, online(name, w.gate.Now(w.ctx)), password); err != nil {
		w.t.Fatal(err)
	}
}

// A user who signed in online here within the window signs in offline
// with the same password, typed in another form PRECIS makes the same (a
// no-break space for a space), and a username in any case.
func TestPasswordSignsInOffline(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH")})
	w.signInOnline("JSMITH", "Grove\u00a0"+typed)
	w.clock.Add(23 * time.Hour)
	if !w.gate.PasswordOffered(w.ctx) {
		t.Fatal("not offered")
	}
	sess, err := w.gate.Login(w.ctx, " JSmith ", "Grove "+typed)
	if err != nil {
		t.Fatal(err)
	}
	if sess.User.Username != "JSMITH" || sess.Method != "password" || sess.Terminal != "ward7-kiosk2" ||
		!sess.At.Equal(t0.Add(23*time.Hour)) {
		t.Fatalf("session %+v", sess)
	}
	w.wantEvent(auth.ActLoginOK, "JSMITH", "offline password")
}

// An unknown user, one with no verifier here, one whose online sign-in is
// past the window, a disabled or locked one, and a wrong password are all
// the one failure, and each is in the outbox as a failed sign-in.
func TestPasswordFailuresAreOne(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH"), user("BJONES"), user("OLD"), user("DIS"), user("LOCK")})
	for _, u := range []string{"JSMITH", "OLD", "DIS", "LOCK"} {
		w.signInOnline(u, typed)
	}
	apply(w, auth.ChangeDisabled, "DIS")
	apply(w, auth.ChangeLocked, "LOCK")
	w.clock.Add(time.Hour)
	// old signed in online 25 h ago: refresh the others' window.
	for _, u := range []string{"JSMITH", "DIS", "LOCK"} {
		w.clock.Add(time.Minute)
		w.signInOnline(u, typed)
	}
	apply(w, auth.ChangeDisabled, "DIS")
	apply(w, auth.ChangeLocked, "LOCK")
	w.clock.Set(t0.Add(24*time.Hour + 30*time.Minute))
	for _, tc := range []struct{ who, password string }{
		{"nobody", typed}, {"BJONES", typed}, {"OLD", typed}, {"DIS", typed}, {"LOCK", typed}, {"JSMITH", "wrong-" + typed},
	} {
		before := w.countEvents()
		_, err := w.gate.Login(w.ctx, tc.who, tc.password)
		wantErr(t, err, auth.ErrLoginFailed)
		if m, ok := text.ForError(err); !ok || m.ID != text.LoginFailed {
			t.Fatalf("%s: words %v", tc.who, m)
		}
		evs := w.events(before)
		subject := tc.who
		if tc.who == "nobody" {
			subject = "" // a name the kiosk does not know stays out of the outbox, as online
		}
		if len(evs) != 1 || evs[0].Kind != auth.ActLoginFailed || evs[0].Subject != subject {
			t.Fatalf("%s: events %+v", tc.who, evs)
		}
	}
	if _, err := w.gate.Login(w.ctx, "JSMITH", typed); err != nil {
		t.Fatalf("the right password after one wrong: %v", err)
	}
}

// Three wrong passwords: a 15-minute wait, told in minutes, in which even
// the right password is refused; six: closed until the next online
// sign-in, which opens it again.
func TestPasswordWaitThenClosed(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH")})
	w.signInOnline("JSMITH", typed)
	wrong := func() error {
		t.Helper()
		_, err := w.gate.Login(w.ctx, "JSMITH", "not-"+typed)
		return err
	}
	wantErr(t, wrong(), auth.ErrLoginFailed)
	wantErr(t, wrong(), auth.ErrLoginFailed)
	err := wrong()
	var we *offline.WaitError
	if !errors.As(err, &we) || we.Minutes != 15 || !errors.Is(err, offline.ErrPasswordWait) {
		t.Fatalf("third wrong password: %v; want a 15-minute wait", err)
	}
	en := text.For(text.English)
	msg, _ := text.ForError(err)
	if got := en.T(msg.ID, msg.Args...); got != "Too many wrong passwords: try again offline in 15 minutes, sign in at a kiosk that is online, or call the IT service desk." {
		t.Fatalf("screen says %q", got)
	}
	w.clock.Add(14*time.Minute + 30*time.Second)
	before := w.countEvents()
	_, err = w.gate.Login(w.ctx, "JSMITH", typed)
	if !errors.As(err, &we) || we.Minutes != 1 {
		t.Fatalf("the right password in the wait: %v; want 1 minute left", err)
	}
	msg, _ = text.ForError(err)
	if got := en.T(msg.ID, msg.Args...); got != "Too many wrong passwords: try again offline in 1 minute, sign in at a kiosk that is online, or call the IT service desk." {
		t.Fatalf("screen says %q", got)
	}
	if n := w.countEvents() - before; n != 0 {
		t.Fatalf("%d events for a try refused unheard; want none", n)
	}
	w.clock.Add(time.Minute)
	wantErr(t, wrong(), auth.ErrLoginFailed)
	wantErr(t, wrong(), auth.ErrLoginFailed)
	wantErr(t, wrong(), offline.ErrPasswordClosed)
	w.clock.Add(time.Hour)
	_, err = w.gate.Login(w.ctx, "JSMITH", typed)
	wantErr(t, err, offline.ErrPasswordClosed)
	if m, ok := text.ForError(err); !ok || m.ID != text.OfflinePasswordClosed {
		t.Fatalf("words %v", m)
	}
	failed := 0
	for _, e := range w.events(0) {
		if e.Kind == auth.ActLoginFailed && e.Subject == "JSMITH" {
			failed++
		}
	}
	if failed != 6 {
		t.Fatalf("%d failed sign-ins in the outbox; want 6", failed)
	}
	w.signInOnline("JSMITH", typed)
	if _, err := w.gate.Login(w.ctx, "JSMITH", typed); err != nil {
		t.Fatalf("after an online sign-in: %v", err)
	}
	// A success clears the count: three more wrong are a wait again, not closed.
	wantErr(t, wrong(), auth.ErrLoginFailed)
	if _, err := w.gate.Login(w.ctx, "JSMITH", typed); err != nil {
		t.Fatal(err)
	}
	wantErr(t, wrong(), auth.ErrLoginFailed)
	wantErr(t, wrong(), auth.ErrLoginFailed)
	wantErr(t, wrong(), offline.ErrPasswordWait)
}

// An online card sign-in reopens offline password sign-in closed for the
// user, without a password to derive from.
func TestOnlineCardSignInReopens(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH")})
	w.signInOnline("JSMITH", typed)
	for i := range 6 {
		if i == 3 {
			w.clock.Add(offline.Wait)
		}
		w.gate.Login(w.ctx, "JSMITH", "wrong")
	}
	_, err := w.gate.Login(w.ctx, "JSMITH", typed)
	wantErr(t, err, offline.ErrPasswordClosed)
	w.signInOnline("JSMITH", "")
	if _, err := w.gate.Login(w.ctx, "JSMITH", typed); err != nil {
		t.Fatal(err)
	}
}

// At most password_cache verifiers: the 26th user pushes out the least
// recently used, and using one offline counts as use.
func TestPasswordCacheDropsTheLeastRecentlyUsed(t *testing.T) {
	w := newWorld(t, defaults)
	var users []auth.RosterUser
	for i := range 26 {
		users = append(users, user(fmt.Sprintf("USER%02d", i)))
	}
	w.sync(users)
	for i := range 25 {
		w.clock.Add(time.Second)
		w.signInOnline(users[i].Username, typed+users[i].Username)
	}
	w.clock.Add(time.Second)
	if _, err := w.gate.Login(w.ctx, "USER00", typed+"USER00"); err != nil {
		t.Fatal(err)
	}
	w.clock.Add(time.Second)
	w.signInOnline("USER25", typed+"USER25")
	have, err := w.db.VerifierUsers(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(have) != 25 || have[0] != "USER25" || have[1] != "USER00" {
		t.Fatalf("verifiers %v; want 25, newest USER25 then USER00", have)
	}
	for _, u := range have {
		if u == "USER01" {
			t.Fatal("USER01, the least recently used, kept")
		}
	}
	_, err = w.gate.Login(w.ctx, "USER01", typed+"USER01")
	wantErr(t, err, auth.ErrLoginFailed)
	for _, u := range []string{"USER00", "USER02", "USER25"} {
		if _, err := w.gate.Login(w.ctx, u, typed+u); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
	}
}

// A verifier past the window goes at the next sync; those within stay.
func TestSyncForgetsVerifiersPastTheWindow(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH"), user("BJONES")})
	w.signInOnline("JSMITH", typed)
	w.clock.Add(2 * time.Hour)
	w.signInOnline("BJONES", typed)
	w.clock.Set(t0.Add(25 * time.Hour))
	r := w.roster([]auth.RosterUser{user("JSMITH"), user("BJONES")})
	r.ServerTime = t0.Add(25 * time.Hour)
	if err := w.gate.Sync(w.ctx, r); err != nil {
		t.Fatal(err)
	}
	if have, _ := w.db.VerifierUsers(w.ctx); len(have) != 1 || have[0] != "BJONES" {
		t.Fatalf("verifiers %v; want BJONES's alone", have)
	}
}

// A password changed or reset anywhere deletes the verifier: the old
// password no longer signs in offline.
func TestPasswordChangeOrResetDeletesTheVerifier(t *testing.T) {
	for _, kind := range []string{auth.ChangeReset, auth.ChangePassword} {
		t.Run(kind, func(t *testing.T) {
			w := newWorld(t, defaults)
			w.sync([]auth.RosterUser{user("JSMITH"), user("BJONES")})
			w.signInOnline("JSMITH", typed)
			w.signInOnline("BJONES", typed)
			apply(w, kind, "JSMITH")
			if _, err := w.db.Verifier(w.ctx, "JSMITH"); err == nil {
				t.Fatal("verifier kept")
			}
			_, err := w.gate.Login(w.ctx, "JSMITH", typed)
			wantErr(t, err, auth.ErrLoginFailed)
			if _, err := w.gate.Login(w.ctx, "BJONES", typed); err != nil {
				t.Fatalf("another user's verifier: %v", err)
			}
		})
	}
}

// Off unless the Trust turns it on: no verifier is kept, none offered,
// and those kept while it was on go at the next sync.
func TestPasswordOff(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH")})
	w.signInOnline("JSMITH", typed)
	l := defaults
	l.Password = false
	w.gate = offline.New(w.db, "ward7-kiosk2", l, w.bay, w.clock.Now)
	w.sync([]auth.RosterUser{user("JSMITH")})
	if have, _ := w.db.VerifierUsers(w.ctx); len(have) != 0 {
		t.Fatalf("verifiers %v kept after a sync with offline passwords off", have)
	}
	w.signInOnline("JSMITH", typed)
	if have, _ := w.db.VerifierUsers(w.ctx); len(have) != 0 {
		t.Fatalf("verifiers %v kept with offline passwords off", have)
	}
	if w.gate.PasswordOffered(w.ctx) {
		t.Fatal("offered when off")
	}
	_, err := w.gate.Login(w.ctx, "JSMITH", typed)
	wantErr(t, err, offline.ErrPasswordOff)
	if m, ok := text.ForError(err); !ok || m.ID != text.OfflinePasswordSignIn {
		t.Fatalf("words %v", m)
	}
}

// Past max_sync_age password sign-in is refused too, before any password
// is looked at.
func TestPasswordRefusedPastTheSyncAge(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH")})
	w.clock.Add(71 * time.Hour)
	w.signInOnline("JSMITH", typed) // the session's time moves the service's clock on too
	w.clock.Add(2 * time.Hour)
	if w.gate.PasswordOffered(w.ctx) {
		t.Fatal("offered 73 h after the sync")
	}
	_, err := w.gate.Login(w.ctx, "JSMITH", typed)
	wantErr(t, err, offline.ErrTooLong)
}

// An unknown user costs the argon2id run a wrong password costs: the
// time taken does not tell whether a verifier exists.
func TestPasswordUnknownUserTakesAsLong(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH")})
	w.signInOnline("JSMITH", typed)
	measure := func(who string) time.Duration {
		best := time.Hour
		for range 3 {
			start := time.Now()
			w.gate.Login(w.ctx, who, "wrong")
			best = min(best, time.Since(start))
			w.signInOnline("JSMITH", typed) // no wait comes into it
		}
		return best
	}
	known, unknown := measure("JSMITH"), measure("nobody")
	if unknown < known/3 {
		t.Fatalf("an unknown user took %v, a wrong password %v: the time tells", unknown, known)
	}
}

// An online sign-in is kept at the service's time, which its session
// carries: one without it is not kept, rather than kept at the kiosk's
// clock, which wound forward and back would stretch the password window
// and the roster's days.
func TestSignedInOnlineWithoutTheServicesTimeNotKept(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH")})
	w.clock.Set(t0.Add(30 * 24 * time.Hour)) // wound forward
	if err := w.gate.SignedInOnline(w.ctx, online("JSMITH", time.Time{}), typed); err == nil {
		t.Fatal("a session without the service's time kept")
	}
	w.clock.Set(t0.Add(time.Hour)) // and back
	if _, err := w.db.Verifier(w.ctx, "JSMITH"); err == nil {
		t.Fatal("a verifier kept from a session without the service's time")
	}
	u, err := w.db.RosterUser(w.ctx, "JSMITH")
	if err != nil {
		t.Fatal(err)
	}
	if !u.SignedIn.Equal(t0.Add(-time.Hour)) {
		t.Fatalf("roster sign-in %v; want the synced %v", u.SignedIn, t0.Add(-time.Hour))
	}
}

// The cache's order is the order of use, whatever the kiosk's clock did:
// verifiers used while it ran a day ahead do not outrank, once it is set
// right, the one derived now, which would otherwise go at once while the
// least recently used stayed.
func TestPasswordCacheOrderSurvivesTheClockSetBack(t *testing.T) {
	w := newWorld(t, defaults)
	var users []auth.RosterUser
	for i := range 26 {
		users = append(users, user(fmt.Sprintf("USER%02d", i)))
	}
	w.sync(users)
	w.clock.Set(t0.Add(24 * time.Hour)) // the kiosk a day ahead of the service
	for i := range 25 {
		w.clock.Add(time.Second)
		at := t0.Add(time.Duration(i+1) * time.Second) // the service's time
		if err := w.gate.SignedInOnline(w.ctx, online(users[i].Username, at), typed); err != nil {
			t.Fatal(err)
		}
	}
	w.clock.Set(t0.Add(time.Hour)) // set right
	if err := w.gate.SignedInOnline(w.ctx, online("USER25", t0.Add(time.Hour)), typed); err != nil {
		t.Fatal(err)
	}
	have, err := w.db.VerifierUsers(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(have) != 25 || have[0] != "USER25" {
		t.Fatalf("verifiers %v; want 25, newest USER25", have)
	}
	for _, u := range have {
		if u == "USER00" {
			t.Fatal("USER00, the least recently used, kept")
		}
	}
}
