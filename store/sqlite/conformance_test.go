package sqlite_test

import (
	"context"
	"testing"

	"github.com/wardkiosk/kiosk/store/sqlite"
	"github.com/wardkiosk/kiosk/store/storetest"
)

// newDB is a fresh data directory.
func newDB(tb testing.TB) storetest.DB {
	dir := tb.TempDir()
	open := func() *sqlite.Store {
		tb.Helper()
		st, err := sqlite.Open(context.Background(), dir)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { st.Close() })
		return st
	}
	return storetest.DB{
		Open: func() storetest.Store { return open() },
		Exec: func(q string) error {
			_, err := open().DB().Exec(q)
			return err
		},
	}
}

func TestConformance(t *testing.T) { storetest.Run(t, newDB) }

// BenchmarkStoreSQLite is the hot operations on SQLite; compare with
// BenchmarkStorePostgres.
func BenchmarkStoreSQLite(b *testing.B) { storetest.Bench(b, newDB) }
