package e2e

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/kiosklocal/kiosklocaltest"
)

// The client kiosk's database, read after online sign-ins by password
// (offline.password = true, so a verifier is derived) and by card, and a
// roster sync: its tables and columns are only those DESIGN §10 allows,
// the file is 0600, and nothing in the data directory holds a password,
// the service's hash of it, an email or a date of birth.
func TestFleetKioskCacheHoldsOnlyWhatItMay(t *testing.T) {
	ct := startCardTrust(t)
	jane, amir, olu := ct.users[0], ct.users[1], ct.users[2]
	tm, _, data := ct.cardKiosk(1, "KIOSK_OFFLINE_PASSWORD=true")
	signIn(tm, jane.Username, jane.Password)
	signedIn(tm, jane)
	tm.Press("BTab", "Enter") // Log out
	tm.WaitFor("Employee Self Service")
	signedOut(tm, func() *heldCard { c := ct.cardSignIn(tm, amir.Username, 0); signedIn(tm, amir); return c }())
	// A change the roster follows (a card revoked) has the kiosk sync it.
	ct.run("cards", "revoke", ct.cardID(olu.Username))

	db, err := sql.Open("sqlite3", "file:"+filepath.Join(data, kiosklocal.FileName)+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string) int {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			return -1
		}
		return n
	}
	waitUntil(t, 20*time.Second, "the roster synced with both users, a card, the CA and a verifier", func() bool {
		return count(`SELECT COUNT(*) FROM roster_users`) == 2 && count(`SELECT COUNT(*) FROM roster_cards`) > 0 &&
			count(`SELECT COUNT(*) FROM card_trust WHERE length(ca_pem) > 0`) == 1 && count(`SELECT COUNT(*) FROM verifiers`) == 1
	})

	kiosklocaltest.CheckSchema(t, db)
	if fi, err := os.Stat(filepath.Join(data, kiosklocal.FileName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("client.db: %v, %v; want mode 0600", fi.Mode(), err)
	}

	// What the service keeps of Jane and Amir that a kiosk never may.
	secrets := []string{jane.Password, amir.Password, "@example.nhs.uk"}
	err = ct.service().Tx(context.Background(), func(tx auth.Tx) error {
		for _, u := range []demoUser{jane, amir} {
			su, err := tx.UserByUsername(context.Background(), u.Username)
			if err != nil {
				return err
			}
			secrets = append(secrets, su.PasswordHash, su.Email, su.DOB.Format("2006-01-02"), su.DOB.Format("02/01/2006"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.Walk(data, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if s != "" && strings.Contains(string(b), s) {
				t.Errorf("%s holds %q", path, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
