package postgres_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/pgtest"
	"github.com/wardkiosk/kiosk/store/postgres"
	"github.com/wardkiosk/kiosk/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Wrap(m).Run()) }

// newDB is a fresh database on this test binary's server.
func newDB(tb testing.TB) storetest.DB {
	url := pgtest.New(tb)
	open := func() *postgres.Store {
		tb.Helper()
		st, err := postgres.Open(context.Background(), url)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { st.Close() })
		return st
	}
	return storetest.DB{
		Open: func() storetest.Store { return open() },
		Exec: func(q string) error {
			_, err := open().Pool().Exec(context.Background(), q)
			return err
		},
	}
}

func TestConformance(t *testing.T) { storetest.Run(t, newDB) }

// BenchmarkStorePostgres is the hot operations on PostgreSQL; compare
// with BenchmarkStoreSQLite.
func BenchmarkStorePostgres(b *testing.B) { storetest.Bench(b, newDB) }

// Instances that start together on a fresh database migrate it once: the
// others wait on the lock and find nothing to do.
func TestOpensRacingMigrateOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.New(t)
	const n = 4
	var wg sync.WaitGroup
	stores := make([]*postgres.Store, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = postgres.Open(ctx, url)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d: %v", i, err)
			continue
		}
		defer stores[i].Close()
	}
	if t.Failed() {
		return
	}
	var rows, max int
	if err := stores[0].Pool().QueryRow(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&rows, &max); err != nil {
		t.Fatal(err)
	}
	if rows != max || rows < 5 {
		t.Fatalf("%d migrations recorded, up to %d", rows, max)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	url := pgtest.New(t)
	st, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Pool().Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if st, err := postgres.Open(ctx, url); err == nil {
		st.Close()
		t.Fatal("opened a database from a newer kiosk")
	}
}

// A URL that does not parse is refused without repeating it: it may hold
// a password.
func TestOpenDoesNotRepeatTheURL(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://kiosk:s3cret@db.example:notaport/kiosk")
	if err == nil {
		t.Fatal("opened a bad URL")
	}
	if got := err.Error(); strings.Contains(got, "s3cret") {
		t.Fatalf("the error shows the password: %s", got)
	}
}

// A change committed at one instance wakes Listen at another; a rolled-back
// one does not. The listener also wakes once when it starts listening.
func TestListenWakesOnCommit(t *testing.T) {
	db := newDB(t)
	a, b := db.Open().(*postgres.Store), db.Open().(*postgres.Store)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wakes := make(chan struct{}, 16)
	done := make(chan struct{})
	go func() { b.Listen(ctx, func() { wakes <- struct{}{} }); close(done) }()
	wait := func(what string) {
		t.Helper()
		select {
		case <-wakes:
		case <-time.After(10 * time.Second):
			t.Fatalf("no wake %s", what)
		}
	}
	wait("when listening began")
	add := func(err error) error {
		return a.Tx(ctx, func(tx auth.Tx) error {
			if e := tx.AddChange(ctx, &auth.Change{At: time.Now(), Kind: auth.ChangeDisabled, Subject: "382X"}); e != nil {
				return e
			}
			return err
		})
	}
	if err := add(errors.New("rolled back")); err == nil {
		t.Fatal("the rollback committed")
	}
	if err := add(nil); err != nil {
		t.Fatal(err)
	}
	wait("after a commit")
	if len(wakes) != 0 {
		t.Errorf("%d more wakes: the rolled-back change woke the listener", len(wakes))
	}
	cancel()
	<-done
}
