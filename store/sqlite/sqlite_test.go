package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/wardkiosk/kiosk/store/sqlite"
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
