// Package kiosklocal is a client kiosk's own SQLite database (DESIGN
// §10): the event outbox, where every event at the kiosk waits,
// numbered and hash-chained, until the service acknowledges it, and what
// offline sign-in needs (the ward's roster, the Trust's CA and CRL, the
// sync times and the kiosk's own password verifiers). It lives beside the standalone database in the data directory but is
// a file of its own: a client kiosk holds no accounts.
package kiosklocal

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"

	"github.com/wardkiosk/kiosk/internal/migrations"
)

// FileName is the database file inside the data directory.
const FileName = "client.db"

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is the kiosk's local database. It is safe for concurrent use; writes
// from several processes queue on SQLite's lock.
type DB struct {
	db  *sql.DB
	now func() time.Time
}

// Open creates the data directory (0700) and the database (0600) if
// needed and applies pending migrations. now is the clock events are
// stamped with; nil is time.Now.
func Open(ctx context.Context, dir string, now func() time.Time) (*DB, error) {
	if dir == "" {
		return nil, errors.New("kiosklocal: no data directory given")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("kiosklocal: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("kiosklocal: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// Created here so that it is 0600 from the first byte; SQLite gives
	// its -wal and -shm files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("kiosklocal: %w", err)
	}
	f.Close()
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, fmt.Errorf("kiosklocal: %w", err)
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_synchronous", "FULL") // an event appended survives a power cut
	q.Set("_txlock", "immediate") // two appenders never take one sequence
	// A verifier deleted (a password reset) or a roster entry dropped is
	// overwritten, not left in a free page for whoever takes the disk.
	q.Set("_secure_delete", "true")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("kiosklocal: %w", err)
	}
	db.SetMaxOpenConns(1)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("kiosklocal: open %s: %w", path, err)
	}
	if now == nil {
		now = time.Now
	}
	return &DB{db: db, now: now}, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// migrate applies the pending migrations in one transaction and records them.
func migrate(ctx context.Context, db *sql.DB) error {
	ms, err := migrations.Load(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	return migrations.Apply(ctx, db, ms, time.Now())
}

// unixNano is a stored time, in UTC.
func unixNano(n int64) time.Time { return time.Unix(0, n).UTC() }
