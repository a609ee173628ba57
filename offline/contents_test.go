package offline_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/kiosklocal/kiosklocaltest"
)

// forbidden are words no column name may hold: the service's hash, a
// code, an email or a date of birth kept by another name. The outbox's
// chain hash is the one hash allowed, by name.
var forbidden = regexp.MustCompile(`(?i)pass|hash|code|mail|dob|birth|secret|token|pin|otp|salt`)

// The kiosk's database, read as anyone with the disk can, holds nothing
// DESIGN §10 does not allow: every table and column is on the list, no
// value is a password, an email or a service's hash, the one argon2id
// string is the kiosk's own verifier with auth's parameters, and the
// password typed appears nowhere in the file's bytes.
func TestClientDBHoldsOnlyWhatDesignAllows(t *testing.T) {
	w := newWorld(t, defaults)
	jane := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", jane), user("BJONES")})
	w.signInOnline("JSMITH", typed)
	w.signInOnline("BJONES", "Other-"+typed)
	w.clock.Add(time.Hour)
	if _, err := w.gate.Login(w.ctx, "JSMITH", typed); err != nil {
		t.Fatal(err)
	}
	w.gate.Login(w.ctx, "JSMITH", typed+"x") // a wrong one near the right one
	w.gate.Login(w.ctx, "nobody@example.nhs.uk", typed)
	if _, err := w.gate.CardLogin(w.ctx, "reader-1", pin); err != nil {
		t.Fatal(err)
	}
	w.gate.CardLogin(w.ctx, "reader-1", "999999")
	if err := w.db.Close(); err != nil {
		t.Fatal(err)
	}

	// The bytes, with any journal beside them.
	files, _ := filepath.Glob(filepath.Join(w.dir, kiosklocal.FileName+"*"))
	if len(files) == 0 {
		t.Fatal("no client.db")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{typed, "Other-" + typed, pin, "999999"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q", filepath.Base(f), secret)
			}
		}
	}

	db, err := sql.Open("sqlite3", "file:"+filepath.Join(w.dir, kiosklocal.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := kiosklocaltest.CheckSchema(t, db)
	phcs := 0
	for _, table := range tables {
		cols := kiosklocaltest.Columns(t, db, table)
		for _, c := range cols {
			if forbidden.MatchString(c) && !(table == "events" && (c == "hash" || c == "prev_hash")) {
				t.Errorf("%s.%s: a column named for what a kiosk must not keep", table, c)
			}
		}
		for _, row := range values(t, db, table, cols) {
			for i, v := range row {
				where := table + "." + cols[i]
				switch {
				case strings.Contains(v, "@"):
					t.Errorf("%s holds %q: an email", where, v)
				case strings.Contains(v, "$argon2"):
					want := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", auth.DefaultArgon2.Memory,
						auth.DefaultArgon2.Time, auth.DefaultArgon2.Threads)
					if where != "verifiers.phc" || !strings.HasPrefix(v, want) {
						t.Errorf("%s holds an argon2 string %q; only verifiers.phc may, with auth's parameters", where, v)
					}
					phcs++
				}
			}
		}
	}
	if phcs != 2 {
		t.Fatalf("%d verifiers; want JSMITH's and BJONES's", phcs)
	}
}

// values reads every row of a table, each value as text.
func values(t *testing.T, db *sql.DB, table string, cols []string) [][]string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM ` + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		raw := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, r := range raw {
			row[i] = string(r)
		}
		out = append(out, row)
	}
	return out
}

// A verifier deleted (a reset anywhere) is gone from the file's bytes,
// not left in a free page for whoever takes the disk to find.
func TestDeletedVerifierLeavesNoBytes(t *testing.T) {
	w := newWorld(t, defaults)
	w.sync([]auth.RosterUser{user("JSMITH")})
	w.signInOnline("JSMITH", typed)
	v, err := w.db.Verifier(w.ctx, "JSMITH")
	if err != nil {
		t.Fatal(err)
	}
	key := v.PHC[strings.LastIndexByte(v.PHC, '$')+1:]
	apply(w, auth.ChangeReset, "JSMITH")
	if err := w.db.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(w.dir, kiosklocal.FileName+"*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(key)) {
			t.Errorf("%s still holds the deleted verifier", filepath.Base(f))
		}
	}
}
