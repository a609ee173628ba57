// Package sqlite is the SQLite implementation of auth.Store: one file,
// kiosk.db, in a private data directory, WAL, foreign keys and embedded,
// numbered migrations. All SQL of the kiosk lives here.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/leaseholder"
)

// FileName is the database file inside the data directory.
const FileName = "kiosk.db"

// Store is a SQLite database. It is safe for concurrent use, also by
// several processes sharing the file.
type Store struct {
	db  *sql.DB // writes: one connection, BEGIN IMMEDIATE
	rdb *sql.DB // reads: deferred BEGIN, query_only; see openReader
	ro  bool    // opened read-only: db is rdb, and Tx refuses

	// machine and holder name this machine and process in the outbox
	// leases this store takes (see internal/leaseholder); "" where unknown.
	machine, holder string
}

// ErrReadOnly is the answer to a change asked of a store opened read-only.
var ErrReadOnly = errors.New("sqlite: the data directory is read-only: this command changes data")

// Open creates the data directory (0700) and the database (0600) if needed,
// applies pending migrations and returns the store. Files it creates as
// root in a directory root does not own are given to the directory's
// owner (see Own).
//
// A data directory or database this process cannot write (an evidence
// copy, a read-only mount) is opened read-only instead, nothing created,
// tightened or migrated: reading works, Tx fails with ErrReadOnly.
func Open(ctx context.Context, dir string) (*Store, error) {
	path := filepath.Join(dir, FileName)
	if ReadOnly(dir) {
		return openReadOnly(ctx, path)
	}
	if err := PrepareDir(dir); err != nil {
		return nil, err
	}
	// Create the file ourselves so it is 0600 from the first byte; SQLite
	// gives its -wal and -shm files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	f.Close()
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	// SQLite gives the -wal and -shm files it creates as root the
	// database's owner itself.
	if err := Own(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate") // writers queue at BEGIN, never deadlock mid-way
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	// One connection: transactions in this process queue in Go, not in
	// SQLite's busy loop; other processes wait on the busy timeout.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, db, time.Now()); err != nil {
		db.Close()
		return nil, err
	}
	rdb, err := openReader(ctx, path)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, rdb: rdb, machine: leaseholder.Machine(), holder: leaseholder.This()}, nil
}

// ReadOnly reports whether Open would open dir read-only: it exists and
// this process cannot write it, or the database in it.
func ReadOnly(dir string) bool {
	if _, err := os.Stat(dir); err != nil {
		return false // absent: Open creates it, or says why not
	}
	if !writable(dir) {
		return true
	}
	path := filepath.Join(dir, FileName)
	_, err := os.Stat(path)
	return err == nil && !writable(path)
}

// openReadOnly opens the database for reading only. Without a -wal file
// beside it, the file is all there is and is opened immutable: SQLite then
// needs no -shm file, which it could not create. With one, the WAL's
// commits must be read too, which SQLite can do read-only when the -shm
// file is there as well.
func openReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("sqlite: read-only data directory: %w", err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		q.Set("immutable", "1")
	}
	q.Set("_busy_timeout", "5000")
	q.Set("_query_only", "on")
	rdb, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	rdb.SetMaxOpenConns(readers)
	if err := checkSchema(ctx, rdb); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("sqlite: open %s read-only: %w", path, err)
	}
	return &Store{db: rdb, rdb: rdb, ro: true}, nil
}

// checkSchema makes sure a database that cannot be migrated is at this
// kiosk's schema.
func checkSchema(ctx context.Context, db *sql.DB) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	var have int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return err
	}
	if have != len(ms) {
		return fmt.Errorf("the database is at schema %d and this kiosk reads schema %d: "+
			"open a writable copy with the kiosk of its version", have, len(ms))
	}
	return nil
}

// ReadOnly reports whether the store was opened read-only.
func (s *Store) ReadOnly() bool { return s.ro }

// readers is how many read transactions run at once in this process;
// more wait in Go. WAL lets them all run beside the one writer.
const readers = 4

// openReader opens the pool that read transactions use. The driver fixes
// the BEGIN of a connection in its DSN, so reads need connections of their
// own: a deferred BEGIN takes no lock until its first SELECT and then
// reads one snapshot (WAL) without ever blocking a writer, nor waiting for
// one. query_only makes a write by mistake an error rather than a lock.
// It is opened after the migrations, so the file is already in WAL mode.
func openReader(ctx context.Context, path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "deferred")
	q.Set("_query_only", "on")
	rdb, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	rdb.SetMaxOpenConns(readers)
	rdb.SetMaxIdleConns(readers)
	if err := rdb.PingContext(ctx); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("sqlite: open %s for reading: %w", path, err)
	}
	return rdb, nil
}

// PrepareDir creates dir with mode 0700, or tightens it to 0700.
func PrepareDir(dir string) error {
	if dir == "" {
		return errors.New("sqlite: no data directory given")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sqlite: data directory: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("sqlite: data directory: %w", err)
	}
	return nil
}

// Close closes the database: the readers first, so the writer, closing
// last, checkpoints the WAL into the file.
func (s *Store) Close() error {
	if s.ro {
		return s.rdb.Close()
	}
	return errors.Join(s.rdb.Close(), s.db.Close())
}

// DB is the underlying read-write handle, for checks such as PRAGMA
// integrity_check.
func (s *Store) DB() *sql.DB { return s.db }

// Tx runs fn in one immediate transaction: it holds the write lock from
// BEGIN, so two writers never deadlock upgrading a read lock.
func (s *Store) Tx(ctx context.Context, fn func(auth.Tx) error) error {
	if s.ro {
		return ErrReadOnly
	}
	return run(ctx, s.db, nil, func(t tx) error { return fn(t) })
}

// Read runs fn in one deferred, read-only transaction: a consistent
// snapshot that neither takes nor waits for the write lock.
func (s *Store) Read(ctx context.Context, fn func(auth.ReadTx) error) error {
	return run(ctx, s.rdb, &sql.TxOptions{ReadOnly: true}, func(t tx) error { return fn(t) })
}

// run runs fn in one transaction on db, committing when fn returns nil.
func run(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(tx) error) error {
	sqlTx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	if err := fn(tx{sqlTx}); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// tx implements auth.Tx over one SQL transaction.
type tx struct {
	*sql.Tx
}

// nanos stores a time; the zero time is NULL.
func nanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

// fromNanos reads a time stored by nanos.
func fromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

// notFound maps sql.ErrNoRows to auth.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return auth.ErrNotFound
	}
	return err
}

// one is the outcome of a statement that changes one row by its key:
// auth.ErrNotFound when no row has that key.
func one(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return auth.ErrNotFound
	}
	return nil
}

// conflict maps a unique constraint failure to auth.ErrConflict.
func conflict(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique ||
		se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey) {
		return fmt.Errorf("%w: %v", auth.ErrConflict, err)
	}
	return err
}

// collect runs a query and scans every row with scan.
func collect[T any](ctx context.Context, t tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := t.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanString scans a one-column row of text.
func scanString(row scanner) (string, error) {
	var s string
	err := row.Scan(&s)
	return s, err
}
