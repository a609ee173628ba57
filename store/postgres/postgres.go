// Package postgres is the PostgreSQL implementation of auth.Store and of
// the mail worker's queue, for the Trust-wide service (DESIGN §10): any
// number of instances open one database, each running sign-ins and an
// outbox worker. Its embedded, numbered migrations mean what
// store/sqlite's mean; store/storetest holds both to one behaviour.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/leaseholder"
)

// Advisory lock keys, in the database's own space (PostgreSQL keys them
// by database): one for migrating, one that writers take turns on.
const (
	migrateLock int64 = 0x5741_5244_4b00_0001 // "WARDK" 1
	writeLock   int64 = 0x5741_5244_4b00_0002 // "WARDK" 2
)

// Store is a PostgreSQL database shared by every instance of the service.
// It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool

	// machine and holder name this machine and process in the outbox
	// leases this store takes (see internal/leaseholder); "" where unknown.
	machine, holder string
}

// Open connects to the database at url (postgres://…), applies pending
// migrations under an advisory lock, so that instances starting together
// migrate once, and returns the store.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The URL may hold a password: say what is wrong, not the URL.
		return nil, errors.New("postgres: store.url is not a valid PostgreSQL URL")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := migrate(ctx, pool, time.Now()); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool, machine: leaseholder.Machine(), holder: leaseholder.This()}, nil
}

// Close closes every connection.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Pool is the underlying connection pool, for checks and tests.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Tx runs fn in one READ COMMITTED transaction whose first statement takes
// a transaction-level advisory lock that every writer takes: writers take
// turns, as under SQLite's BEGIN IMMEDIATE, and each statement after the
// lock sees every earlier writer's commit. The auth core relies on that:
// it reads the last audit event and then appends the next (one chain, no
// fork), and reads a lockout or a code and then saves it (no lost count,
// no code used twice). Reads (Read) and the outbox worker take no such
// lock.
func (s *Store) Tx(ctx context.Context, fn func(auth.Tx) error) error {
	return s.run(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, true, func(t tx) error { return fn(t) })
}

// Read runs fn in one REPEATABLE READ, READ ONLY transaction: one
// snapshot, taking no lock that a writer waits for.
func (s *Store) Read(ctx context.Context, fn func(auth.ReadTx) error) error {
	return s.run(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, false,
		func(t tx) error { return fn(t) })
}

// retries is how many times a transaction that PostgreSQL aborted as a
// deadlock or serialization failure is run again.
const retries = 3

// run runs fn in one transaction, committing when fn returns nil, and runs
// it again when PostgreSQL asks (fn starts afresh each time).
func (s *Store) run(ctx context.Context, opts pgx.TxOptions, write bool, fn func(tx) error) error {
	for try := 0; ; try++ {
		err := s.once(ctx, opts, write, fn)
		if err == nil || try >= retries || !retryable(err) {
			return err
		}
	}
}

func (s *Store) once(ctx context.Context, opts pgx.TxOptions, write bool, fn func(tx) error) error {
	ptx, err := s.pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer ptx.Rollback(context.WithoutCancel(ctx))
	if write {
		if _, err := ptx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
			return fmt.Errorf("postgres: wait for the write lock: %w", err)
		}
	}
	if err := fn(tx{ptx}); err != nil {
		return err
	}
	if err := ptx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// retryable reports a deadlock or serialization failure.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// tx implements auth.Tx over one transaction.
type tx struct {
	pgx.Tx
}

// scanner is one row to scan: pgx.Row or pgx.Rows.
type scanner interface{ Scan(...any) error }

// nanos stores a time; the zero time is NULL.
func nanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

// fromNanos reads a time stored by nanos.
func fromNanos(n *int64) time.Time {
	if n == nil {
		return time.Time{}
	}
	return time.Unix(0, *n).UTC()
}

// notFound maps pgx.ErrNoRows to auth.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return auth.ErrNotFound
	}
	return err
}

// one is the outcome of a statement that changes one row by its key:
// auth.ErrNotFound when no row has that key.
func one(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return auth.ErrNotFound
	}
	return nil
}

// conflict maps a unique violation to auth.ErrConflict.
func conflict(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return fmt.Errorf("%w: %v", auth.ErrConflict, err)
	}
	return err
}

// collect runs a query and scans every row with scan.
func collect[T any](ctx context.Context, t tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := t.Query(ctx, query, args...)
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

// limit is n as a LIMIT: NULL, no limit, for n <= 0.
func limit(n int) any {
	if n <= 0 {
		return nil
	}
	return n
}
