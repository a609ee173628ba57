package auth_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// registerTerminal adds a terminal of ward with a throwaway certificate.
func (f *fixture) registerTerminal(name, ward string, serial int64) {
	f.t.Helper()
	if _, err := f.svc.AddTerminal(f.ctx, f.admin, name, ward, testCert(f.t, serial, name).Raw); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) login(terminal string, u auth.User) {
	f.t.Helper()
	if _, err := f.svc.Login(f.ctx, terminal, u.Username, goodPassword); err != nil {
		f.t.Fatalf("%s at %s: %v", u.Username, terminal, err)
	}
}

func rosterNames(r auth.Roster) []string {
	var names []string
	for _, u := range r.Users {
		names = append(names, u.Username)
	}
	slices.Sort(names)
	return names
}

func fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// A ward's roster is who signed in online at any of its terminals within
// the days asked (14 by default, 90 at most), by password or card, with
// their state and unrevoked cards as of now; other wards and terminals of
// no ward add nobody.
func TestRoster(t *testing.T) {
	f := newFixture(t)
	f.registerTerminal("WARD7-T1", "Ward 7", 101)
	f.registerTerminal("WARD7-T2", "Ward 7", 102)
	f.registerTerminal("WARD8-T1", "Ward 8", 103)
	jane := f.jane()
	carol := f.addUser("Carol", "Jones", "carol.jones@example.nhs.uk", goodPassword)
	dave := f.addUser("Dave", "Brown", "dave.brown@example.nhs.uk", goodPassword)
	bob := f.addUser("Bob", "Green", "bob.green@example.nhs.uk", goodPassword)
	erin := f.addUser("Erin", "White", "erin.white@example.nhs.uk", goodPassword)

	f.login("WARD7-T1", carol) // 95 days before the roster is asked for
	f.clock.Advance(75 * 24 * time.Hour)
	f.login("WARD7-T2", dave) // 20 days before
	f.clock.Advance(20*24*time.Hour - time.Hour)
	f.login("WARD7-T2", jane)
	f.login("WARD8-T1", bob) // another ward
	f.login("T9", erin)      // a terminal of no ward (standalone)
	f.clock.Advance(30 * time.Minute)

	kept, gone := testCert(t, 201, "jane"), testCert(t, 202, "jane")
	if _, err := f.svc.EnrolCard(f.ctx, f.admin, jane.Username, kept.Raw, nil); err != nil {
		t.Fatal(err)
	}
	c, err := f.svc.EnrolCard(f.ctx, f.admin, jane.Username, gone.Raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RevokeCard(f.ctx, f.admin, c.ID); err != nil {
		t.Fatal(err)
	}
	sess, err := f.svc.CardLogin(f.ctx, "WARD7-T1", &prover{cert: kept}, "123456")
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(30 * time.Minute)
	if err := f.svc.Lock(f.ctx, f.admin, jane.Username); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Disable(f.ctx, f.admin, dave.Username); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		days int
		want []string
	}{
		{0, []string{jane.Username}},
		{14, []string{jane.Username}},
		{30, []string{dave.Username, jane.Username}},
		{1000, []string{dave.Username, jane.Username}}, // 90 at most: carol signed in 95 days ago
	} {
		r, err := f.svc.Roster(f.ctx, "WARD7-T1", c.days)
		if err != nil {
			t.Fatal(err)
		}
		if got := rosterNames(r); !slices.Equal(got, c.want) {
			t.Errorf("%d days: roster %v, want %v", c.days, got, c.want)
		}
		if r.Ward != "Ward 7" || !r.ServerTime.Equal(f.clock.Now()) {
			t.Errorf("%d days: ward %q at %v, want Ward 7 at %v", c.days, r.Ward, r.ServerTime, f.clock.Now())
		}
	}
	r, err := f.svc.Roster(f.ctx, "WARD7-T2", 30)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]auth.RosterUser{}
	for _, u := range r.Users {
		byName[u.Username] = u
	}
	want := auth.RosterUser{Username: jane.Username, FirstName: "Jane", LastName: "Smith", Role: "Staff Nurse",
		Ward: "Ward 7", Language: "en", Locked: true, SignedIn: sess.At, Cards: []string{fingerprint(kept.Raw)}}
	if got := byName[jane.Username]; !got.SignedIn.Equal(want.SignedIn) || got.Username != want.Username ||
		got.FirstName != want.FirstName || got.LastName != want.LastName || got.Role != want.Role ||
		got.Ward != want.Ward || got.Language != want.Language || got.Disabled || !got.Locked || !slices.Equal(got.Cards, want.Cards) {
		t.Errorf("jane on the roster: %+v, want %+v", got, want)
	}
	if d := byName[dave.Username]; !d.Disabled || d.Locked || len(d.Cards) != 0 {
		t.Errorf("dave on the roster: %+v, want disabled, not locked, no cards", d)
	}
}

// Only a registered, enabled terminal gets its ward's roster.
func TestRosterRefusesTerminals(t *testing.T) {
	f := newFixture(t)
	f.registerTerminal("WARD7-T1", "Ward 7", 101)
	jane := f.jane()
	f.login("WARD7-T1", jane)
	f.login("T9", jane) // known to the store, of no ward
	if err := f.svc.DisableTerminal(f.ctx, f.admin, "WARD7-T1"); err != nil {
		t.Fatal(err)
	}
	for _, term := range []string{"WARD7-T1", "NOWHERE", "T9"} {
		if r, err := f.svc.Roster(f.ctx, term, 14); !errors.Is(err, auth.ErrTerminalRefused) || len(r.Users) != 0 {
			t.Errorf("%s: %d users, %v; want auth.ErrTerminalRefused", term, len(r.Users), err)
		}
	}
}

// A wrong-password lockout is not a maintainer's lock: it ends by itself,
// which a kiosk offline for days could not tell, so the roster leaves it out.
func TestRosterLockedIsTheMaintainers(t *testing.T) {
	f := newFixture(t)
	f.registerTerminal("WARD7-T1", "Ward 7", 101)
	jane := f.jane()
	f.login("WARD7-T1", jane)
	// as wrong passwords at several terminals leave it
	err := f.store.Tx(f.ctx, func(tx auth.Tx) error {
		return tx.SaveLockout(f.ctx, auth.Lockout{UserID: jane.ID, Failures: 5, LockCount: 1,
			LockedUntil: f.clock.Now().Add(15 * time.Minute)})
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.svc.Account(f.ctx, jane.Username)
	if err != nil {
		t.Fatal(err)
	}
	if st := a.State(f.clock.Now()); st != auth.AccountLockedUntil {
		t.Fatalf("state %s after wrong passwords, want %s", st, auth.AccountLockedUntil)
	}
	r, err := f.svc.Roster(f.ctx, "WARD7-T1", 14)
	if err != nil || len(r.Users) != 1 || r.Users[0].Locked {
		t.Errorf("roster %+v, %v; want jane, not locked", r.Users, err)
	}
}
