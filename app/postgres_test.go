package app_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/internal/pgtest"
	"github.com/wardkiosk/kiosk/store/postgres"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Wrap(m).Run()) }

// With store.url set, the kiosk keeps its data in PostgreSQL: the data
// directory holds the keys and no database, and what one opening writes
// the next reads.
func TestOpenWithStoreURL(t *testing.T) {
	cfg := config.Default()
	cfg.Store.URL = pgtest.New(t)
	dir := filepath.Join(t.TempDir(), "data")
	k, err := app.Open(ctx, cfg, dir, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := k.Store.(*postgres.Store); !ok {
		t.Errorf("store.url set, the store is a %T", k.Store)
	}
	if _, err := k.Auth.CreateUser(ctx, admin, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane.smith@example.nhs.uk", DOB: dob}); err != nil {
		t.Fatal(err)
	}
	k.Close()
	if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err == nil {
		t.Error("a SQLite database was made beside PostgreSQL")
	}
	for _, f := range []string{app.KeyFile, app.AuditKeyFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the data directory lacks %s: %v", f, err)
		}
	}
	k, err = app.Open(ctx, cfg, dir, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if us, err := k.Auth.Users(ctx); err != nil || len(us) != 1 || us[0].Username != "382JSMITH01" {
		t.Errorf("users after reopening: %v, %v", us, err)
	}
	if n, err := k.Auth.VerifyAudit(ctx); err != nil || n != 1 {
		t.Errorf("audit: %d, %v", n, err)
	}

	// Without store.url, the same directory is a standalone kiosk's.
	sk, err := app.Open(ctx, config.Default(), dir, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sk.Close()
	if _, ok := sk.Store.(*sqlite.Store); !ok {
		t.Errorf("no store.url, the store is a %T", sk.Store)
	}
}
