package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/store/sqlite"
	"github.com/wardkiosk/kiosk/text"
)

func TestOpenFromEmptyAndAgain(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	for i := range 2 {
		st, err := sqlite.Open(ctx, dir)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var n, max int
		if err := st.DB().QueryRow(`SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
			t.Fatal(err)
		}
		if n != max || n < 1 {
			t.Fatalf("open %d: %d migrations recorded, max %d", i, n, max)
		}
		var mode string
		st.DB().QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		var fk int
		st.DB().QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
		if mode != "wal" || fk != 1 {
			t.Fatalf("journal_mode %q, foreign_keys %d", mode, fk)
		}
		st.Close()
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, sqlite.FileName): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, fi.Mode().Perm(), want)
		}
	}
}

func TestOpenTightensLooseDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "loose")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Fatalf("mode %v, want 0700", fi.Mode().Perm())
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := sqlite.Open(ctx, dir); err == nil {
		t.Fatal("opened a database from a newer kiosk")
	}
}

// A user stored before users had a language (a row written without one)
// reads as English: migration 0011's default.
func TestUserWithoutLanguageIsEnglish(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.DB().Exec(`INSERT INTO users (username, first_name, last_name, email, dob, created_at)
		VALUES ('382JSMITH01', 'Jane', 'Smith', 'jane.smith@example.nhs.uk', '1985-03-14', 1)`); err != nil {
		t.Fatal(err)
	}
	var got auth.User
	err = st.Read(ctx, func(tx auth.ReadTx) error {
		got, err = tx.UserByUsername(ctx, "382JSMITH01")
		return err
	})
	if err != nil || got.Language != text.English {
		t.Fatalf("language %q, %v; want en", got.Language, err)
	}
}
