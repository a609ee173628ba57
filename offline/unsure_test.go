package offline_test

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
)

// refuse makes the kiosk's database refuse op (DELETE, UPDATE) on table,
// as a full or failing disk would, until the returned undo.
func (w *world) refuse(table, op string) (undo func()) {
	w.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(w.dir, kiosklocal.FileName)+"?_busy_timeout=5000")
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { db.Close() })
	name := "refuse_" + table + "_" + op
	if _, err := db.Exec(`CREATE TRIGGER ` + name + ` BEFORE ` + op + ` ON ` + table +
		` BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`); err != nil {
		w.t.Fatal(err)
	}
	return func() {
		w.t.Helper()
		if _, err := db.Exec(`DROP TRIGGER ` + name); err != nil {
			w.t.Fatal(err)
		}
	}
}

// A change the kiosk's database did not take is no way in: a password
// reset whose verifier could not be deleted, or a user disabled whose
// roster entry could not be changed, is refused offline until the user
// next signs in online here, not signed in with the old password or the
// old state.
func TestChangeNotRecordedRefusesOffline(t *testing.T) {
	w := newWorld(t, defaults)
	c := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH"), user("BJONES", c)})
	w.signInOnline("JSMITH", typed)

	undo := w.refuse("verifiers", "DELETE")
	if err := w.gate.Apply(w.ctx, auth.Change{Seq: 1, At: t0, Kind: auth.ChangeReset, Subject: "JSMITH"}); err == nil {
		t.Fatal("the reset applied with the database refusing")
	}
	undo()
	if _, err := w.gate.Login(w.ctx, "JSMITH", typed); err == nil {
		t.Fatal("signed in offline with the password reset at the service")
	}

	undo = w.refuse("roster_users", "UPDATE")
	if err := w.gate.Apply(w.ctx, auth.Change{Seq: 2, At: t0, Kind: auth.ChangeDisabled, Subject: "BJONES"}); err == nil {
		t.Fatal("the disable applied with the database refusing")
	}
	undo()
	_, err := w.gate.CardLogin(w.ctx, "reader-1", pin)
	wantErr(t, err, auth.ErrCardAccount)

	// An online sign-in here puts them right.
	w.clock.Add(time.Minute)
	w.signInOnline("JSMITH", "New-"+typed)
	if _, err := w.gate.Login(w.ctx, "JSMITH", "New-"+typed); err != nil {
		t.Fatalf("after an online sign-in: %v", err)
	}
	if err := w.gate.SignedInOnline(w.ctx, online("BJONES", w.gate.Now(w.ctx)), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatalf("after an online sign-in: %v", err)
	}
}
