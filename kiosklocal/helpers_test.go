package kiosklocal_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/wardkiosk/kiosk/kiosklocal"
)

// rawDB opens the file beside the kiosk, as someone with the disk can.
func rawDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, kiosklocal.FileName)+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
